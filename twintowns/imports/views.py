from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twintowns.core.access import OfficeRequest, get_owned, is_htmx, office_view
from twintowns.imports import services
from twintowns.imports.forms import MappingForm, UploadForm
from twintowns.imports.mapping import guess_mapping
from twintowns.imports.models import ImportJob, JobStatus
from twintowns.imports.reading import UnreadableFile, read_table
from twintowns.imports.selectors import recent_jobs
from twintowns.imports.tasks import import_job_check, import_job_run

PREVIEW_ROWS = 5
# From this many rows on, a check runs in the background too, not in the request.
CHECK_IN_BACKGROUND_FROM = 2000


@office_view
def import_index_view(request: OfficeRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.name, upload, upload.size)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            upload.seek(0)
            kind = form.cleaned_data["kind"]
            job = services.job_create(
                actor=request.user,
                authority=request.authority,
                kind=kind,
                upload=upload,
                mapping=guess_mapping(kind, table.headers),
                preview={
                    "headers": table.headers,
                    "rows": table.rows[:PREVIEW_ROWS],
                    "rows_total": len(table.rows),
                    "encoding": table.encoding,
                },
            )
            return redirect(job)
    context = {"form": form, "jobs": recent_jobs(request.authority)}
    return render(request, "imports/index.html", context, status=400 if form.errors else 200)


def _mapping_form(request: OfficeRequest, job: ImportJob) -> MappingForm:
    return MappingForm(
        request.POST or None,
        kind=job.kind,
        headers=job.preview.get("headers", []),
        mapping=job.mapping,
        unresolved=job.report.get("unresolved", []),
        resolutions=job.resolutions,
        places=job.report.get("places", []),
    )


@office_view
def import_job_view(request: OfficeRequest, pk: int) -> HttpResponse:
    job = get_owned(request, ImportJob, pk)
    form = _mapping_form(request, job)
    context = {
        "job": job,
        "form": form,
        "columns": form.column_fields(job.preview.get("rows", [])),
        "report": job.report,
    }
    return render(request, "imports/job.html", context)


@office_view
@require_POST
def import_check_view(request: OfficeRequest, pk: int) -> HttpResponse:
    job = get_owned(request, ImportJob, pk)
    form = _mapping_form(request, job)
    if not form.is_valid() or job.is_running:
        return redirect(job)
    services.job_settle(
        actor=request.user,
        job=job,
        mapping=form.mapping(),
        resolutions=form.resolutions(job.resolutions),
    )
    if job.preview.get("rows_total", 0) >= CHECK_IN_BACKGROUND_FROM:
        services.job_queue(job, status=JobStatus.CHECKING)
        import_job_check.enqueue(job.pk)
    else:
        services.job_check(job)
    return redirect(job)


@office_view
@require_POST
def import_run_view(request: OfficeRequest, pk: int) -> HttpResponse:
    job = get_owned(request, ImportJob, pk)
    if job.status != JobStatus.CHECKED:  # a job runs once, after a check
        return redirect(job)
    services.job_queue(job, status=JobStatus.QUEUED, actor=request.user)
    import_job_run.enqueue(job.pk, request.user.pk)
    return redirect(job)


@office_view
def import_status_view(request: OfficeRequest, pk: int) -> HttpResponse:
    """The progress of a running job for htmx to poll; once it ends, the whole page reloads."""
    job = get_owned(request, ImportJob, pk)
    if is_htmx(request) and not job.is_running:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    if not is_htmx(request):
        return HttpResponseRedirect(job.get_absolute_url())
    return render(request, "imports/job.html#progress", {"job": job})
