"""What the benchmark asks for: every page, export and API list, as whom, with which objects.

The catalogue (`PAGES`) names each page by its URL name, so a test can check that no named
URL of the project is left out unless `EXCLUDED` says why. Detail pages show objects chosen
the same way on every run (the partnership with the most activities, and so on).
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.measure import Plan, Request, Result, measure, side_by_side
from twintowns.activities.models import Activity
from twintowns.api.common import MAX_LIMIT
from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_create
from twintowns.authorities.middleware import SESSION_KEY
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.authorities.services import union_analysts_group
from twintowns.directory.models import DirectorySource, Twinning
from twintowns.directory.selectors import network_figures
from twintowns.exchange.lists import LISTS
from twintowns.exchange.models import CalendarFeed
from twintowns.exchange.services import calendar_feed_create
from twintowns.insights.tasks import union_refresh
from twintowns.insights.trends import trends
from twintowns.insights.union import OWN_SLUGS
from twintowns.lib.memory import freeze_what_is_loaded
from twintowns.networks.models import Organization
from twintowns.partnerships.models import Partnership

BENCH_LABEL = "bench"
LANGUAGE = "en"  # every page is asked for in English
OFFICE, ANALYST, SUPERUSER, API, ANONYMOUS = "office", "analyst", "superuser", "api", "anonymous"


@dataclass
class Targets:
    """The objects the detail pages show, and the values the filtered variants use."""

    authority: Authority
    partnership: int | None
    activity: int | None
    organization: int | None
    place: int | None
    source: str | None
    feed_token: str
    year: int
    country: str | None
    search: str
    public: bool = False
    trend_slugs: list[str] = field(default_factory=list)
    union_slugs: list[str] = field(default_factory=list)
    figure_slugs: list[str] = field(default_factory=list)
    list_names: list[str] = field(default_factory=lambda: list(LISTS))


Value = Callable[[Targets], Any]


@dataclass(frozen=True)
class Page:
    """A page of the catalogue: `kwargs` and `query` are read from the targets; a page whose
    kwargs come out None (no such object in this database) is skipped, and says so."""

    label: str
    url_name: str
    group: str
    who: str = OFFICE
    kwargs: Value | None = None
    query: Value | dict[str, Any] | None = None
    each: str = ""  # a Targets list: one page per item, passed as the `slug` or `name` kwarg
    heavy: bool = False
    short: bool = False  # in the short set, measured on a second authority of the same scale


def _pk(attribute: str) -> Value:
    return lambda t: None if getattr(t, attribute) is None else {"pk": getattr(t, attribute)}


PAGES: list[Page] = [
    # The office's pages
    Page("home", "home", "office", short=True),
    Page("partners", "partnerships:list", "office", short=True),
    Page(
        "partners ?status=active",
        "partnerships:list",
        "office",
        query={"status": "active"},
    ),
    Page("partners ?q=", "partnerships:list", "office", query=lambda t: {"q": t.search}),
    Page("partners ?continent=EU", "partnerships:list", "office", query={"continent": "EU"}),
    Page("partner detail", "partnerships:detail", "office", kwargs=_pk("partnership"), short=True),
    Page("partner map", "partnerships:map", "office"),
    Page("partner map .geojson", "partnerships:geojson", "office"),
    Page("activities", "activities:list", "office", short=True),
    Page("activities ?year=", "activities:list", "office", query=lambda t: {"year": t.year}),
    Page(
        "activities ?kind=culture_days",
        "activities:list",
        "office",
        query={"kind": "culture_days"},
    ),
    Page("activity detail", "activities:detail", "office", kwargs=_pk("activity")),
    Page("activities calendar", "activities:calendar", "office"),
    Page("culture days", "activities:culture_days", "office"),
    Page("conferences", "activities:conferences", "office"),
    Page("impact", "activities:impact", "office"),
    Page("best practices", "activities:best_practices", "office"),
    Page("organizations", "networks:list", "office"),
    Page("organization detail", "networks:detail", "office", kwargs=_pk("organization")),
    Page("profile", "authorities:profile", "office"),
    Page(
        "history of a partnership",
        "history",
        "office",
        kwargs=lambda t: (
            None if t.partnership is None else {"kind": "partnership", "pk": t.partnership}
        ),
    ),
    Page("exchange index", "exchange:index", "office"),
    Page("calendar feeds page", "exchange:feeds", "office"),
    Page("annual report page", "reports:annual", "office"),
    Page("imports page", "imports:index", "office"),
    Page("API tokens page", "api:tokens", "office"),
    Page("place suggestions ?q=", "places:suggest", "office", query=lambda t: {"q": t.search}),
    Page("directory sources", "directory:sources", "office"),
    Page(
        "directory source names",
        "directory:source_names",
        "office",
        kwargs=lambda t: t.source and {"name": t.source},
    ),
    Page(
        "public city page (anonymous)",
        "portal:city",
        "office",
        who=ANONYMOUS,
        kwargs=lambda t: {"slug": t.authority.slug} if t.public else None,
    ),
    # Insights
    Page("insights index", "insights:index", "insight"),
    Page("trends", "insights:trends", "insight", short=True),
    Page("reciprocity", "insights:reciprocity", "insight"),
    Page("health", "insights:health", "insight", short=True),
    Page("health ?dormant=1", "insights:health", "insight", query={"dormant": "1"}),
    Page("health ?sort=name", "insights:health", "insight", query={"sort": "name"}),
    Page("health detail", "insights:health_detail", "insight", kwargs=_pk("partnership")),
    Page("union (all authorities)", "insights:union", "insight", who=ANALYST),
    # Exports
    Page("list .csv", "exchange:list_csv", "export", each="list_names", heavy=True),
    Page("list .xlsx", "exchange:list_xlsx", "export", each="list_names", heavy=True),
    Page("partners .geojson", "exchange:partners_geojson", "export", heavy=True),
    Page("partners .kml", "exchange:partners_kml", "export", heavy=True),
    Page(
        "calendar feed .ics",
        "exchange:feed",
        "export",
        who=ANONYMOUS,
        kwargs=lambda t: {"token": t.feed_token},
        heavy=True,
    ),
    Page("briefing .pdf", "reports:briefing", "export", kwargs=_pk("partnership"), heavy=True),
    Page("annual .pptx", "reports:annual_pptx", "export", query=lambda t: _years(t), heavy=True),
    Page("annual .pdf", "reports:annual_pdf", "export", query=lambda t: _years(t), heavy=True),
    Page("trend chart .csv", "insights:trend_csv", "export", each="trend_slugs"),
    Page("union chart .csv", "insights:union_csv", "export", who=ANALYST, each="union_slugs"),
    Page("network figure .csv", "network:figure_csv", "export", each="figure_slugs"),
    Page("impact per year .csv", "activities:impact_years_csv", "export"),
    Page("impact per partner .csv", "activities:impact_partners_csv", "export"),
    Page(
        "unresolved names .csv",
        "directory:source_names_csv",
        "export",
        kwargs=lambda t: t.source and {"name": t.source},
        heavy=True,
    ),
    # The API's lists (and the documents that describe them)
    Page("API partners", "api:v1:list_partners", "api", who=API, short=True),
    Page(
        "API partners ?status=active",
        "api:v1:list_partners",
        "api",
        who=API,
        query={"status": "active"},
    ),
    Page("API activities", "api:v1:list_activities", "api", who=API),
    Page(
        "API activities ?year=",
        "api:v1:list_activities",
        "api",
        who=API,
        query=lambda t: {"year": t.year},
    ),
    Page(
        "API activities limit=200",
        "api:v1:list_activities",
        "api",
        who=API,
        query={"limit": MAX_LIMIT},
    ),
    Page("API memberships", "api:v1:list_memberships", "api", who=API),
    Page("API organizations", "api:v1:list_organizations", "api", who=API),
    Page("API places ?q=", "api:v1:search_places", "api", who=API, query=lambda t: {"q": t.search}),
    Page("API partner", "api:v1:get_partner", "api", who=API, kwargs=_pk("partnership")),
    Page("API activity", "api:v1:get_activity", "api", who=API, kwargs=_pk("activity")),
    Page("API place", "api:v1:get_place", "api", who=API, kwargs=_pk("place")),
    Page("API openapi.json", "api:v1:openapi-json", "api", who=API),
    Page("API docs", "api:v1:openapi-view", "api", who=API),
    # The twin-town network
    Page("network index", "network:index", "network"),
    Page("network place", "network:place", "network", kwargs=_pk("place")),
    Page("network place .geojson", "network:place_geojson", "network", kwargs=_pk("place")),
    Page("suggest partners", "network:suggest", "network"),
    Page("reconcile", "network:reconcile", "network"),
    Page("twinnings", "network:twinnings", "network"),
    Page("twinnings ?page=100", "network:twinnings", "network", query={"page": 100}),
    Page(
        "twinnings ?country=",
        "network:twinnings",
        "network",
        query=lambda t: t.country and {"country": t.country},
    ),
    Page("twinnings ?q=", "network:twinnings", "network", query=lambda t: {"q": t.search}),
    # Side by side: our partners list against the admin's changelist of the same records
    Page(
        "side: partners ?status=active (ours)",
        "partnerships:list",
        "side-by-side",
        query={"status": "active"},
    ),
    Page(
        "side: admin changelist, same filter",
        "admin:partnerships_partnership_changelist",
        "side-by-side",
        who=SUPERUSER,
        query=lambda t: {"authority__id__exact": t.authority.pk, "status__exact": "active"},
    ),
]

# Named URLs the benchmark leaves out, and why. The test of the catalogue fails on any other.
EXCLUDED: dict[str, str] = {
    "partnerships:create": "a form: its POST writes",
    "partnerships:edit": "a form: its POST writes",
    "partnerships:delete": "a confirmation form: its POST deletes",
    "partnerships:move": "a form: its POST writes a lifecycle step",
    "partnerships:contact_create": "a form: its POST writes",
    "partnerships:contact_edit": "a form: its POST writes",
    "partnerships:contact_delete": "a confirmation form: its POST deletes",
    "partnerships:agreement_create": "a form: its POST uploads a file",
    "partnerships:agreement_file": "an uploaded file, served as stored (the demo has none)",
    "partnerships:agreement_delete": "a confirmation form: its POST deletes",
    "activities:create": "a form: its POST writes",
    "activities:edit": "a form: its POST writes",
    "activities:delete": "a confirmation form: its POST deletes",
    "activities:attachment_create": "a form: its POST uploads a file",
    "activities:attachment_file": "an uploaded file, served as stored (the demo has none)",
    "activities:attachment_delete": "a confirmation form: its POST deletes",
    "networks:create": "a form: its POST writes",
    "networks:edit": "a form: its POST writes",
    "networks:delete": "a confirmation form: its POST deletes",
    "networks:membership": "a form: its POST writes",
    "networks:membership_delete": "a confirmation form: its POST deletes",
    "authorities:edit": "a form: its POST writes",
    "authorities:switch": "POST only: changes the session's authority",
    "exchange:feed_revoke": "POST only: revokes a feed",
    "imports:job": "per import job: made by an upload (POST)",
    "imports:check": "per import job: made by an upload (POST)",
    "imports:run": "POST only: runs an import",
    "imports:status": "per import job: made by an upload (POST)",
    "api:token_revoke": "POST only: revokes a token",
    "api:v1:create_partner": "POST: writes (same URL as the list, which is measured)",
    "api:v1:update_partner": "PATCH: writes (same URL as the detail, which is measured)",
    "api:v1:delete_partner": "DELETE (same URL as the detail, which is measured)",
    "api:v1:move_partner": "POST only: writes a lifecycle step",
    "api:v1:create_activity": "POST: writes (same URL as the list, which is measured)",
    "api:v1:update_activity": "PATCH: writes (same URL as the detail, which is measured)",
    "api:v1:delete_activity": "DELETE (same URL as the detail, which is measured)",
    "api:v1:get_membership": "one record by id, like get_partner and get_activity (measured)",
    "api:v1:create_membership": "POST: writes (same URL as the list, which is measured)",
    "api:v1:update_membership": "PATCH: writes",
    "api:v1:delete_membership": "DELETE",
    "api:v1:api-root": "ninja's root: no view of its own (404)",
    "network:dismiss": "POST only: records a dismissal",
    "network:undismiss": "POST only: removes a dismissal",
}

IGNORED_PREFIXES = ("admin:", "accounts/", "admin/", "i18n/")


def covered_url_names() -> set[str]:
    return {page.url_name for page in PAGES}


# The users and tokens the pages are asked as ------------------------------------------


@dataclass(frozen=True)
class Actors:
    office: Client
    analyst: Client
    superuser: Client
    anonymous: Client
    api_headers: dict[str, str]
    feed_token: str

    def client_for(self, who: str) -> Client:
        return {
            OFFICE: self.office,
            ANALYST: self.analyst,
            SUPERUSER: self.superuser,
            API: self.anonymous,
            ANONYMOUS: self.anonymous,
        }[who]


def bench_actors(authority: Authority) -> Actors:
    """Make (once) the benchmark's users, and sign them in: an administrator of `authority`,
    a union analyst, a superuser for the admin; a fresh API token and calendar feed (their
    secrets are kept nowhere, so the previous run's are deleted and new ones made)."""
    office_user = _user("bench-office")
    StaffRole.objects.update_or_create(
        user=office_user, authority=authority, defaults={"role": Role.ADMIN}
    )
    analyst = _user("bench-analyst")
    analyst.groups.add(union_analysts_group())
    superuser = _user("bench-superuser", is_superuser=True, is_staff=True)
    ApiToken.objects.filter(user=office_user, authority=authority, label=BENCH_LABEL).delete()
    secret = api_token_create(actor=office_user, authority=authority, label=BENCH_LABEL).secret
    CalendarFeed.objects.filter(authority=authority, label=BENCH_LABEL).delete()
    _, feed_token = calendar_feed_create(
        actor=office_user, authority=authority, label=BENCH_LABEL, language=LANGUAGE
    )
    return Actors(
        office=signed_in(office_user, authority),
        analyst=signed_in(analyst),
        superuser=signed_in(superuser),
        anonymous=Client(),
        api_headers={"Authorization": f"Bearer {secret}"},
        feed_token=feed_token,
    )


def _user(username: str, **flags: bool) -> User:
    user, _ = User.objects.update_or_create(username=username, defaults=flags)
    if user.has_usable_password():
        user.set_unusable_password()  # signed in by the benchmark only, never by a password
        user.save(update_fields=["password"])
    return user


def signed_in(user: User, authority: Authority | None = None) -> Client:
    """A client with a session of `user`, acting for `authority` (the middleware's choice)."""
    client = Client(headers={"accept-language": LANGUAGE})
    client.force_login(user)
    if authority is not None:
        session = client.session
        session[SESSION_KEY] = authority.pk
        session.save()
    return client


# The objects -------------------------------------------------------------------------


def bench_targets(authority: Authority, feed_token: str) -> Targets:
    """Choose the objects the same way each run: the busiest record of each kind."""
    partnerships = Partnership.objects.filter(authority=authority)
    busiest = partnerships.annotate(n=Count("activities")).order_by("-n", "pk").first()
    activities = Activity.objects.filter(authority=authority)
    activity = activities.annotate(n=Count("partnerships")).order_by("-n", "pk").first()
    organization = (
        Organization.objects.filter(authority=authority)
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    today = timezone.localdate()
    trend_slugs = [chart.slug for chart in trends(authority, today)]
    return Targets(
        authority=authority,
        partnership=busiest.pk if busiest else None,
        activity=activity.pk if activity else None,
        organization=organization.pk if organization else None,
        place=_place(authority, busiest),
        source=DirectorySource.objects.order_by("pk").values_list("name", flat=True).first(),
        feed_token=feed_token,
        year=_busiest_year(activities, today),
        country=busiest.partner.country_id if busiest else None,
        search=(busiest.partner.name[:4] if busiest else "ank").lower(),
        public=authority.public_page,
        trend_slugs=trend_slugs,
        union_slugs=[*OWN_SLUGS, *trend_slugs],  # the union's charts are the trends' and its own
        figure_slugs=[chart.slug for chart in network_figures().charts],
    )


def _place(authority: Authority, busiest: Partnership | None) -> int | None:
    """The authority's seat, else the most twinned place of the directory, else a partner."""
    if authority.place_id:
        return authority.place_id
    most = (
        Twinning.objects.values("place_a").annotate(n=Count("pk")).order_by("-n", "place_a").first()
    )
    if most:
        return int(most["place_a"])
    return busiest.partner_id if busiest else None


def _busiest_year(activities: Any, today: dt.date) -> int:
    years = (
        activities.exclude(starts_on=None)
        .filter(starts_on__year__lte=today.year)
        .values_list("starts_on__year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-starts_on__year")
    )
    found = years.first()
    return int(found[0]) if found else today.year


def _years(t: Targets) -> dict[str, int]:
    """One year, the busiest: the annual presentation of a year. The page's default, every
    year recorded, is thousands of slides for 20,000 activities (over 30 s at metro)."""
    return {"first_year": t.year, "last_year": t.year}


# The requests ------------------------------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    page: str
    url_name: str
    reason: str


def bench_requests(
    pages: list[Page], targets: Targets, actors: Actors
) -> tuple[list[Request], list[Skipped]]:
    """Every page as a request to make, or the reason it cannot be made in this database."""
    requests: list[Request] = []
    skipped: list[Skipped] = []
    for page in pages:
        for label, kwargs, query in _variants(page, targets):
            if kwargs is None or query is None:
                skipped.append(
                    Skipped(
                        label,
                        page.url_name,
                        "nothing to show here: no such object, or the page is closed",
                    )
                )
                continue
            path = reverse(page.url_name, kwargs=kwargs or None)
            if query:
                path += "?" + urlencode(query)
            headers = actors.api_headers if page.who == API else {}
            client = actors.client_for(page.who)
            requests.append(Request(page.group, label, path, client, headers, page.heavy))
    return requests, skipped


def _variants(page: Page, targets: Targets) -> list[tuple[str, Any, Any]]:
    kwargs = page.kwargs(targets) if page.kwargs else {}
    query = page.query(targets) if callable(page.query) else page.query or {}
    if not page.each:
        return [(page.label, kwargs, query)]
    key = "name" if page.each == "list_names" else "slug"
    items: list[str] = getattr(targets, page.each)
    return [(f"{page.label}: {item}", {**kwargs, key: item}, query) for item in items]


def selected(only: str) -> list[Page]:
    """The catalogue, or the pages whose label holds one of the comma-separated parts
    ("short": the short set)."""
    parts = [part.strip().lower() for part in only.split(",") if part.strip()]
    if not parts:
        return PAGES
    if parts == ["short"]:
        return [page for page in PAGES if page.short]
    return [page for page in PAGES if any(part in page.label.lower() for part in parts)]


Progress = Callable[[int, int, Result], None]


def bench_run(
    authority: Authority, plan: Plan, only: str = "", progress: Progress | None = None
) -> list[Result]:
    """Measure every selected page for `authority`; skipped pages get a row saying why, and
    the admin comparison a row with its ratio."""
    actors = bench_actors(authority)
    targets = bench_targets(authority, actors.feed_token)
    requests, skipped = bench_requests(selected(only), targets, actors)
    results: list[Result] = []
    if any(request.page.startswith("union") for request in requests):
        results.append(_union_counted())
    freeze_what_is_loaded()  # as each app server does once it has started (twintowns/wsgi.py)
    for done, request in enumerate(requests, 1):
        results.append(measure(request, plan))
        if progress:
            progress(done, len(requests), results[-1])
    results += [Result("skipped", s.page, s.url_name, "skipped", note=s.reason) for s in skipped]
    return results + _admin_ratio(results)


def _union_counted() -> Result:
    """The union's figures counted as the task worker counts them after a change (in the
    language the pages are asked in); the union page then reads them kept, as it does between
    changes, and this row shows what the worker spends."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        union_refresh.call(LANGUAGE)
        elapsed = (time.perf_counter() - started) * 1000
    return Result(
        "background",
        "union figures counted (task worker)",
        "insights.tasks.union_refresh",
        "ok",
        [elapsed],
        [len(queries)],
        note="in the background after a change; the union page reads the kept count",
    )


OURS_SIDE, ADMIN_SIDE = PAGES[-2].label, PAGES[-1].label


def _admin_ratio(results: list[Result]) -> list[Result]:
    found = {r.page: r for r in results}
    if OURS_SIDE in found and ADMIN_SIDE in found:
        return [side_by_side(found[OURS_SIDE], found[ADMIN_SIDE], "ratio admin ÷ ours: partners")]
    return []


def signed_in_session(client: Client) -> str:
    """The session key of a signed-in test client, for a cookie sent over HTTP."""
    return str(client.cookies[settings.SESSION_COOKIE_NAME].value)
