import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twintowns.activities import selectors, services
from twintowns.activities.forms import ActivityFilterForm, ActivityForm, AttachmentForm
from twintowns.activities.models import Activity, Attachment, Direction, Kind
from twintowns.core.access import get_owned, is_htmx, office_view
from twintowns.core.pages import form_page, invalid, saved


def _activity(request: HttpRequest, pk: int) -> Activity:
    queryset = (
        Activity.objects.filter(authority=request.authority)  # type: ignore[attr-defined]
        .select_related("place__country", "organization", "reciprocal", "reciprocated_by")
        .prefetch_related("partnerships__partner", "themes", "attachments")
    )
    return get_object_or_404(queryset, pk=pk)


@office_view
def activity_list_view(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    context = {"form": form, "activities": selectors.activity_list(request.authority, filters)}  # type: ignore[attr-defined]
    template = "activities/list.html#results" if is_htmx(request) else "activities/list.html"
    return render(request, template, context)


@office_view
def activity_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "activities/detail.html", {"activity": _activity(request, pk)})


def _save_activity(
    request: HttpRequest, form: ActivityForm, activity: Activity | None, page: dict
) -> HttpResponse:
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        if activity is None:
            activity = services.activity_create(
                actor=request.user, authority=request.authority, **form.cleaned_data
            )  # type: ignore[attr-defined]
        else:
            services.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, activity.get_absolute_url())


@office_view
def activity_create_view(request: HttpRequest) -> HttpResponse:
    page = {
        "title": _("New activity"),
        "back_url": reverse("activities:list"),
        "back_label": _("Activities"),
    }
    initial: dict[str, object] = {}
    if request.GET.get("partner", "").isdigit():
        initial["partnerships"] = [int(request.GET["partner"])]
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
        initial["direction"] = Direction.HOSTED if request.GET["kind"] == Kind.CONFERENCE else None
    form = ActivityForm(request.POST or None, initial=initial, authority=request.authority)  # type: ignore[attr-defined]
    if request.method != "POST":
        return form_page(request, form, **page)
    return _save_activity(request, form, None, page)


@office_view
def activity_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    page = {
        "title": _("Edit activity"),
        "back_url": activity.get_absolute_url(),
        "back_label": activity.title,
    }
    initial = {"partnerships": activity.partnerships.all(), "themes": activity.themes.all()}
    form = ActivityForm(
        request.POST or None, instance=activity, initial=initial, authority=request.authority
    )  # type: ignore[attr-defined]
    if request.method != "POST":
        return form_page(request, form, **page)
    return _save_activity(request, form, activity, page)


@office_view
def activity_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    if request.method == "POST":
        services.activity_delete(actor=request.user, activity=activity)
        return redirect("activities:list")
    return render(
        request,
        "core/confirm_delete.html",
        {"object": activity, "back_url": activity.get_absolute_url()},
    )


@office_view
def attachment_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    page = {
        "title": _("Add a photo or document"),
        "back_url": activity.get_absolute_url(),
        "back_label": activity.title,
    }
    form = AttachmentForm(
        request.POST or None, request.FILES or None, instance=Attachment(activity=activity)
    )
    if request.method != "POST":
        return form_page(request, form, **page)
    if not form.is_valid():
        return invalid(request, form, **page)
    try:
        services.attachment_add(actor=request.user, attachment=form.instance)
    except ValidationError as error:
        return invalid(request, form, error, **page)
    return saved(request, activity.get_absolute_url())


@office_view
def attachment_file_view(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    attachment = get_owned(request, Attachment, attachment_pk, "activity__authority")
    return FileResponse(
        attachment.file.open("rb"), filename=attachment.file.name.rsplit("/", 1)[-1]
    )


@office_view
def attachment_delete_view(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    attachment = get_owned(request, Attachment, attachment_pk, "activity__authority")
    if request.method == "POST":
        services.attachment_delete(actor=request.user, attachment=attachment)
        return redirect(attachment.activity)
    return render(
        request,
        "core/confirm_delete.html",
        {"object": attachment, "back_url": attachment.get_absolute_url()},
    )


@office_view
def calendar_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        first = dt.date(year, month, 1)
    except ValueError:
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    activities = list(selectors.activities_in_month(request.authority, first, last))  # type: ignore[attr-defined]
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                (day, day.month == first.month, [a for a in activities if _on(a, day)])
                for day in week
            ]
        )
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    context = {
        "month": first,
        "weeks": weeks,
        "previous": previous,
        "following": following,
        "undated_count": selectors.activity_list(request.authority)
        .exclude(date_precision="day")
        .count(),
    }  # type: ignore[attr-defined]
    return render(request, "activities/calendar.html", context)


def _on(activity: Activity, day: dt.date) -> bool:
    assert activity.starts_on is not None
    return activity.starts_on <= day <= (activity.ends_on or activity.starts_on)


@office_view
def culture_days_view(request: HttpRequest) -> HttpResponse:
    pairs = selectors.culture_days_pairs(request.authority)  # type: ignore[attr-defined]
    return render(
        request, "activities/culture_days.html", {"pairs": pairs, "authority": request.authority}
    )  # type: ignore[attr-defined]


@office_view
def conference_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "activities/conferences.html",
        {"conferences": selectors.conferences(request.authority)},
    )  # type: ignore[attr-defined]
