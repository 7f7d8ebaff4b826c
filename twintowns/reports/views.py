import io

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from twintowns.authorities.access import OfficeRequest, office_view
from twintowns.reports.deck import deck_pptx
from twintowns.reports.forms import YearsForm
from twintowns.reports.pdf import render_pdf
from twintowns.reports.selectors import AnnualReport, annual_report, briefing, data_years

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _download(content: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    return response


def _default_years(request: OfficeRequest) -> tuple[int, int]:
    """The span of the recorded activities; the last full calendar year when there are none."""
    this_year = timezone.localdate().year
    span = data_years(request.authority)
    if span is None:
        return this_year - 1, this_year - 1
    return span[0], min(span[1], this_year)


def _years_form(request: OfficeRequest) -> YearsForm:
    if "first_year" in request.GET or "last_year" in request.GET:
        return YearsForm(request.GET)
    first, last = _default_years(request)
    return YearsForm(initial={"first_year": first, "last_year": last})


@office_view
def annual_view(request: OfficeRequest) -> HttpResponse:
    form = _years_form(request)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "reports/annual.html", {"form": form}, status=status)


def _annual(request: OfficeRequest) -> AnnualReport | YearsForm:
    form = YearsForm(request.GET)
    if not form.is_valid():
        return form
    return annual_report(
        request.authority, form.cleaned_data["first_year"], form.cleaned_data["last_year"]
    )


def _filename(report: AnnualReport, extension: str) -> str:
    return f"{slugify(report.authority.slug)}-{report.first_year}-{report.last_year}.{extension}"


@office_view
def annual_pptx_view(request: OfficeRequest) -> HttpResponseBase:
    report = _annual(request)
    if isinstance(report, YearsForm):
        return render(request, "reports/annual.html", {"form": report}, status=400)
    return _download(deck_pptx(report), _filename(report, "pptx"), PPTX)


@office_view
def annual_pdf_view(request: OfficeRequest) -> HttpResponseBase:
    report = _annual(request)
    if isinstance(report, YearsForm):
        return render(request, "reports/annual.html", {"form": report}, status=400)
    pdf = render_pdf(
        "reports/annual_pdf.html", {"report": report}, request, {"map.png": report.map_png}
    )
    return _download(pdf, _filename(report, "pdf"), "application/pdf")


@office_view
def briefing_view(request: OfficeRequest, pk: int) -> HttpResponseBase:
    today = timezone.localdate()
    pack = briefing(request.authority, pk, today)
    if pack is None:
        raise Http404
    pdf = render_pdf("reports/briefing.html", {"pack": pack}, request, {"map.png": pack.map_png})
    name = f"briefing-{slugify(pack.partnership.partner.name) or pk}-{today.isoformat()}.pdf"
    return _download(pdf, name, "application/pdf")
