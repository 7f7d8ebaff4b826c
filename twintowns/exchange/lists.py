"""Which lists can be downloaded, and their rows: each list page's own filter form and selector."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, QuerySet

from twintowns.activities import selectors as activity_selectors
from twintowns.activities.forms import ActivityFilterForm, BestPracticeFilterForm
from twintowns.authorities.access import OfficeRequest
from twintowns.exchange import rows, tables
from twintowns.exchange.writers import Table
from twintowns.networks.selectors import organization_list
from twintowns.partnerships.forms import PartnershipFilterForm
from twintowns.partnerships.selectors import partnership_list


def filters(form_class: type[forms.Form], request: OfficeRequest) -> dict[str, Any]:
    """The filters of a list page, read from the query string as the page reads them."""
    form = form_class(request.GET or None)
    return form.cleaned_data if form.is_valid() else {}


def streamed[M: Model](queryset: QuerySet[M]) -> Iterable[M]:
    return queryset.iterator(chunk_size=rows.CHUNK)


def partner_rows(request: OfficeRequest) -> Iterable[Any]:
    return streamed(partnership_list(request.authority, filters(PartnershipFilterForm, request)))


def activity_rows(request: OfficeRequest) -> Iterable[Any]:
    activities = activity_selectors.activity_list(
        request.authority, filters(ActivityFilterForm, request)
    )
    return rows.streamed(activities)


def organization_rows(request: OfficeRequest) -> Iterable[Any]:
    return streamed(organization_list(request.authority))


def culture_day_rows(request: OfficeRequest) -> Iterable[Any]:
    return rows.pairs_described(activity_selectors.culture_days_pairs(request.authority))


def conference_rows(request: OfficeRequest) -> Iterable[Any]:
    return rows.streamed(activity_selectors.conferences(request.authority))


def best_practice_rows(request: OfficeRequest) -> Iterable[Any]:
    practices = activity_selectors.best_practices(
        request.authority, filters(BestPracticeFilterForm, request)
    )
    return rows.streamed(practices)


@dataclass(frozen=True)
class ListExport:
    table: Table[Any]
    rows: Callable[[OfficeRequest], Iterable[Any]]


LISTS: dict[str, ListExport] = {
    "partners": ListExport(tables.PARTNERS, partner_rows),
    "activities": ListExport(tables.ACTIVITIES, activity_rows),
    "organizations": ListExport(tables.ORGANIZATIONS, organization_rows),
    "culture-days": ListExport(tables.CULTURE_DAYS, culture_day_rows),
    "conferences": ListExport(tables.CONFERENCES, conference_rows),
    "best-practices": ListExport(tables.BEST_PRACTICES, best_practice_rows),
}
