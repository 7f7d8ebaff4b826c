"""Pages of the directory: its sources and what each import made of its file.

The directory is public reference data, the same for every authority: any signed-in user may
read these pages, with or without a role in an authority.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from twintowns.directory.models import DirectorySource, NameOutcome, UnresolvedName
from twintowns.lib.spreadsheets import CsvWriter

NAMES_PER_PAGE = 100


@login_required
def sources_view(request: HttpRequest) -> HttpResponse:
    """Every source with its import report: public reference data, the same for every office."""
    sources = DirectorySource.objects.all()
    return render(request, "directory/sources.html", {"sources": sources})


@login_required
def source_names_view(request: HttpRequest, name: str) -> HttpResponse:
    """The names a source's import could not settle, most rows first, a page at a time."""
    source = get_object_or_404(DirectorySource.objects.defer("report"), name=name)
    outcome = request.GET.get("outcome", "")
    names = _names(source, outcome)
    page = Paginator(names, NAMES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "source": source,
        "page": page,
        "outcome": outcome if outcome in NameOutcome.values else "",
        "outcomes": NameOutcome.choices,
    }
    return render(request, "directory/sources_names.html", context)


@login_required
def source_names_csv_view(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(DirectorySource.objects.defer("report"), name=name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{source.name}-unresolved.csv"'
    response.write("\ufeff")  # the BOM, so spreadsheets read ş, ğ and İ as UTF-8
    writer = CsvWriter(response)
    writer.writerow(["city", "country", "outcome", "rows", "candidates"])
    writer.writerows(
        _names(source, request.GET.get("outcome", "")).values_list(
            "city", "country", "outcome", "rows", "candidates"
        )
    )
    return response


def _names(source: DirectorySource, outcome: str) -> QuerySet[UnresolvedName]:
    names = UnresolvedName.objects.filter(source=source)
    return names.filter(outcome=outcome) if outcome in NameOutcome.values else names
