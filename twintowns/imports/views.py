from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from twintowns.authorities.access import OfficeRequest, get_owned, office_view
from twintowns.core.pages import is_htmx
from twintowns.imports import services
from twintowns.imports.forms import MappingForm, UploadForm
from twintowns.imports.models import ImportJob, JobStatus
from twintowns.imports.selectors import recent_jobs
from twintowns.imports.tasks import import_job_check, import_job_read, import_job_run
from twintowns.lib.tables import UnreadableFile

# From this many rows, or bytes, on, a check runs in the background too, not in the request.
CHECK_IN_BACKGROUND_FROM = 2000
CHECK_IN_BACKGROUND_FROM_BYTES = 1024 * 1024


@office_view
def import_index_view(request: OfficeRequest) -> HttpResponse:
    """Upload: the file is kept as it came and read by the task worker, never in the request."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.job_create(
                actor=request.user,
                authority=request.authority,
                kind=form.cleaned_data["kind"],
                upload=upload,
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            import_job_read.enqueue(job.pk, get_language())
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
    if _in_background(job):
        services.job_queue(job, status=JobStatus.CHECKING)
        import_job_check.enqueue(job.pk, get_language())
    else:
        services.job_check(job)
    return redirect(job)


def _in_background(job: ImportJob) -> bool:
    rows = job.preview.get("rows_total", 0)
    return rows >= CHECK_IN_BACKGROUND_FROM or job.file.size >= CHECK_IN_BACKGROUND_FROM_BYTES


@office_view
@require_POST
def import_run_view(request: OfficeRequest, pk: int) -> HttpResponse:
    job = get_owned(request, ImportJob, pk)
    if job.status != JobStatus.CHECKED:  # a job runs once, after a check
        return redirect(job)
    services.job_queue(job, status=JobStatus.QUEUED, actor=request.user)
    import_job_run.enqueue(job.pk, request.user.pk, get_language())
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
