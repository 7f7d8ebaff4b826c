"""Every URL pattern of the site, the API and the admin, walked by every kind of person.

The patterns come from the URL resolver, not from a list: a new page is walked the day it is
added, and a pattern whose arguments the walk cannot fill fails the first test below, by name.
Each argument is filled with the ids of real records of two authorities (tests/records.py), each
of whose private texts carries the authority's marker. The walkers: anonymous, the viewer, editor
and administrator of each authority, a Union analyst (no role anywhere) and a superuser, each
with GET and POST (and PATCH and DELETE on the API's records). Found, for each request:

- a server error (500);
- a leak: an authority's marker in a page shown to someone without a role in it, or a 2xx
  answer to such a person for an address naming one of its records;
- an escalation: a POST that changed what that person may not change (a viewer, an analyst or
  anonymous: nothing; an editor: not who has a role nor the profile; anyone: no record of an
  authority they have no role in). Each request runs in a transaction rolled back after it.

POST bodies are what a browser would send: the page's own form as its owner sees it (the
authority's administrator), every field as shown, empty required boxes typed in.
"""

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, Func, IntegerField, OuterRef, Subquery, TextField
from django.db.models.functions import Cast, Concat
from django.http import HttpResponseBase
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern
from django.utils.http import urlsafe_base64_encode
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from tests.records import MODEL_KINDS, Office, office_with_every_record
from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_create
from twintowns.authorities.models import Authority, StaffRole
from twintowns.authorities.registry import with_history
from twintowns.authorities.services import union_analysts_group
from twintowns.directory.models import DirectorySource, Dismissal, Twinning
from twintowns.exchange.models import CalendarFeed
from twintowns.imports.models import ImportJob
from twintowns.places.models import Place

pytestmark = pytest.mark.django_db

# Pages the walk leaves out, each with its reason.
SKIPPED = {
    "logout": "ends the session the walk signs in with; Django's own view",
    "admin:logout": "ends the session the walk signs in with; Django's own view",
}
SHARED_KINDS = {"place"}  # the gazetteer is every authority's
KEYED = {"exchange:feed"}  # a calendar feed's secret URL: the token is the key


@dataclass(frozen=True)
class Address:
    """A URL filled in, and the authority whose record it names (None: nobody's own)."""

    url: str
    pattern: str
    owner: str | None = None
    keyed: bool = False  # the URL holds a secret: whoever has it may read what it opens


@dataclass
class World:
    offices: dict[str, Office]
    walkers: dict[str, tuple[User | None, str | None]]  # name -> user, API token
    words: dict[str, list[dict[str, str]]]  # route -> arguments read in the pages' links

    def office_of(self, walker: str) -> str | None:
        return walker.split("-")[0] if "-" in walker else None


# ---------------------------------------------------------------- the URL conf, filled in


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Any]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from _patterns(entry, prefix + _text(entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            name = f"{namespace}:{entry.name}".lstrip(":") if entry.name else ""
            yield prefix + _text(entry.pattern), name, entry


def _text(pattern: Any) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$")
    return text


ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\([^?][^)]*\)")


def _arguments(route: str) -> list[str]:
    """The route's arguments in order; an unnamed regex group is named by its position."""
    return [m[1] or m[2] or f"#{i}" for i, m in enumerate(ARGUMENT.finditer(route))]


def _fill(route: str, values: dict[str, Any]) -> str:
    names = iter(_arguments(route))
    path = ARGUMENT.sub(lambda _m: str(values[next(names)]), route)
    return "/" + path.replace("\\", "")


def addresses(world: World) -> tuple[list[Address], list[str]]:
    """Every pattern filled with each authority's records; and the patterns it cannot fill."""
    found: dict[str, Address] = {}
    unfilled = []
    for route, name, _ in _patterns(get_resolver()):
        if name in SKIPPED:
            continue
        try:
            fillings = list(_fillings(world, route, name))
        except KeyError as missing:
            unfilled.append(f"{route} ({name or 'unnamed'}): {missing}")
            continue
        for values, owner in fillings:
            url = _fill(route, values)
            found.setdefault(url, Address(url, route, owner, keyed=name in KEYED))
    return list(found.values()), unfilled


def _fillings(world: World, route: str, name: str) -> Iterator[tuple[dict[str, Any], str | None]]:
    arguments = _arguments(route)
    if not arguments:
        yield {}, None
        return
    if route.startswith("admin/"):
        yield from _admin_fillings(world, route, name, arguments)
        return
    if name == "history":
        for kind in with_history():
            for key, office in world.offices.items():
                for pk in office.records[kind]:
                    yield {"kind": kind, "pk": pk}, key
        return
    if set(arguments) <= {"slug", "name", "token", "uidb64"}:
        yield from _word_fillings(world, route, name, arguments)
        return
    for key, office in world.offices.items():
        values = {arg: office.first(_record_kind(name, arg)) for arg in arguments}
        if "pk" in values and _record_kind(name, "pk") in SHARED_KINDS:
            yield values, None
        else:
            yield values, key


def _record_kind(name: str, argument: str) -> str:
    by_argument = {"contact_pk": "contact", "document_pk": "agreement"}
    by_argument |= {"attachment_pk": "attachment"}
    if argument in by_argument:
        return by_argument[argument]
    by_name = {
        "insights:health_detail": "partnership",
        "reports:briefing": "partnership",
        "exchange:feed_revoke": "calendar_feed",
        "api:token_revoke": "api_token",
        "network:place": "place",
        "network:place_geojson": "place",
        "network:dismiss": "place",
        "network:undismiss": "dismissal",
        "api:v1:get_place": "place",
    }
    by_namespace = {
        "partnerships": "partnership",
        "activities": "activity",
        "networks": "organization",
        "imports": "import",
    }
    by_api_word = {"partner": "partnership", "activity": "activity", "membership": "membership"}
    if name in by_name:
        return by_name[name]
    if name.split(":")[0] in by_namespace:
        return by_namespace[name.split(":")[0]]
    if name.startswith("api:v1:"):
        return by_api_word[name.rsplit("_", 1)[-1]]
    raise KeyError(argument)


def _word_fillings(
    world: World, route: str, name: str, arguments: list[str]
) -> Iterator[tuple[dict[str, Any], str | None]]:
    if name == "portal:city":
        for key, office in world.offices.items():
            public = office.authority.public_page
            yield {"slug": office.authority.slug}, None if public else key
        return
    if name == "exchange:feed":  # the token is the key: whoever has it may read
        for office in world.offices.values():
            yield {"token": office.feed_token}, None
        return
    if name == "password_reset_confirm":
        yield {"uidb64": urlsafe_base64_encode(b"1"), "token": "set-password"}, None
        return
    for values in [*world.words.get(route, []), dict.fromkeys(arguments, "no-such-thing")]:
        yield values, None


def _admin_fillings(
    world: World, route: str, name: str, arguments: list[str]
) -> Iterator[tuple[dict[str, Any], str | None]]:
    if name == "admin:app_list":
        for label in sorted({m._meta.app_label for m in admin.site._registry}):
            yield {"app_label": label}, None
        return
    if name == "admin:view_on_site":
        kind = ContentType.objects.get_for_model(Authority).pk
        for key, office in world.offices.items():
            yield {"content_type_id": kind, "object_id": office.authority.pk}, key
        return
    if arguments == ["url"]:
        yield {"url": "no-such-page/"}, None
        return
    app_label, model_name = route.split("/")[1:3]
    model = apps.get_model(app_label, model_name)
    for pk, owner in _admin_records(world, model):
        values: dict[str, Any] = {"object_id": pk, "id": pk, "#0": pk}
        if "#1" in arguments:
            versions = model.history.filter(**{model._meta.pk.attname: pk})  # type: ignore[attr-defined]
            values["#1"] = versions.values_list("history_id", flat=True).first()
            if values["#1"] is None:
                continue
        yield values, owner


def _admin_records(world: World, model: type) -> list[tuple[Any, str | None]]:
    if model in MODEL_KINDS:
        kind = MODEL_KINDS[model]
        return [
            (pk, key)
            for key, office in world.offices.items()
            for pk in office.records.get(kind, []) + office.deleted.get(kind, [])
        ]
    if model is User:
        return [(o.users["admin"].pk, key) for key, o in world.offices.items()]
    first = model._default_manager.values_list("pk", flat=True).first()  # type: ignore[attr-defined]
    return [(first if first is not None else 1, None)]


# ---------------------------------------------------------------- the people and their data


def _world() -> World:
    offices = {
        "ankara": office_with_every_record("ankara", "Qmarkankara", public_page=True),
        "izmir": office_with_every_record("izmir", "Qmarkizmir"),
    }
    walkers: dict[str, tuple[User | None, str | None]] = {"anonymous": (None, None)}
    for key, office in offices.items():
        for role, user in office.users.items():
            token = api_token_create(actor=user, authority=office.authority, label="walk")
            walkers[f"{key}-{role}"] = (user, token.secret)
    analyst = UserFactory(username="union-analyst")
    analyst.groups.add(union_analysts_group())
    walkers["analyst"] = (analyst, None)
    walkers["superuser"] = (UserFactory(username="root", is_staff=True, is_superuser=True), None)
    DirectorySource.objects.create(name="wikipedia", file_name="twins.csv")
    world = World(offices, walkers, {})
    world.words = _words_in_links(world, ["ankara-admin", "analyst"])
    return world


LINK = re.compile(r'href="(/[^"#?]*)')
WORDS = {"slug", "name"}


def _words_in_links(world: World, walkers: list[str]) -> dict[str, list[dict[str, str]]]:
    """The names and slugs (charts, lists, sources) the site's pages link to, by route: what
    the walk fills those arguments with, whatever the charts or lists are called today."""
    words: dict[str, list[dict[str, str]]] = {}
    pages = [r for r, name, _ in _patterns(get_resolver()) if not _arguments(r)]
    pages = [r for r in pages if not r.startswith(("admin/", "api/", "accounts/", "i18n/"))]
    for walker in walkers:
        client = _client(world, walker)
        for route in pages:
            response = client.get(f"/{route}")
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for path in set(LINK.findall(response.content.decode())):
                match = resolve_or_none(path)
                captured = match.captured_kwargs if match else {}
                if captured and set(captured) <= WORDS:
                    found = words.setdefault(match.route, [])
                    if captured not in found:
                        found.append(captured)
    return words


def resolve_or_none(path: str) -> Any:
    try:
        return resolve(path)
    except Resolver404:
        return None


def _client(world: World, walker: str) -> Client:
    user, token = world.walkers[walker]
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    if token is not None:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


# ---------------------------------------------------------------- what a response shows


def _body(response: HttpResponseBase) -> str:
    raw = (
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
        if response.streaming
        else response.content  # type: ignore[attr-defined]
    )
    if raw[:2] == b"PK":  # XLSX, PPTX: the text is in the zipped XML
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    return raw.decode("utf-8", "replace")


def _forbidden_markers(world: World, walker: str) -> list[str]:
    if walker == "superuser":
        return []
    own = world.office_of(walker)
    return [o.marker for key, o in world.offices.items() if key != own]


def _findings(world: World, walker: str, address: Address, response: Any) -> list[str]:
    status = response.status_code
    found = [f"{status} server error"] if status >= 500 else []
    if walker == "superuser":
        return found
    own = world.office_of(walker)
    if address.owner not in (None, own) and 200 <= status < 300:
        found.append(f"{status}: another authority's record answered")
    if not address.keyed:
        body = _body(response)
        found += [f"{status}: shows {m}" for m in _forbidden_markers(world, walker) if m in body]
    return found


# ---------------------------------------------------------------- what a POST may change


EVERYONES = ["users", "users_versions", "groups_versions", "places", "twinnings", "tasks"]


class StateReader:
    """What an escalation would change, authority by authority, and what is everyone's.

    History rows count changes as well as new rows. One query, written once by the ORM (counts
    as subqueries) and run as SQL: it runs twice for each of thousands of POSTs.
    """

    def __init__(self, world: World) -> None:
        everyone = dict(
            zip(
                EVERYONES,
                [
                    User.objects.all(),
                    User.history.all(),  # type: ignore[attr-defined]
                    Group.history.all(),  # type: ignore[attr-defined]
                    Place.objects.all(),
                    Twinning.objects.all(),
                    DBTaskResult.objects.all(),
                ],
                strict=True,
            )
        )
        mine = {"profile": Authority.history.filter(id=OuterRef("pk"))}  # type: ignore[attr-defined]
        for model in (StaffRole, ApiToken, CalendarFeed, Dismissal):
            name = model._meta.model_name
            mine[name] = model._default_manager.filter(authority=OuterRef("pk"))  # type: ignore[attr-defined]
            mine[f"{name}_versions"] = model.history.filter(authority_id=OuterRef("pk"))  # type: ignore[attr-defined]
        jobs = ImportJob.objects.filter(authority=OuterRef("pk"))
        mine["imports"] = jobs
        counts = {k: _count(q) for k, q in (everyone | mine).items()}
        # The latest import's state: its check and its run change it, and nothing else.
        text = [Cast(F(name), TextField()) for name in ("status", "mapping", "resolutions")]
        latest = jobs.order_by("-pk").values(state=Concat(*text))[:1]
        self.parts = ["id", "data_version", *counts, "latest_import"]
        rows = Authority.objects.filter(pk__in=[o.authority.pk for o in world.offices.values()])
        annotated = rows.annotate(**counts, latest_import=Subquery(latest))
        queryset = annotated.values_list(*self.parts)
        self.sql, self.params = queryset.query.sql_with_params()
        self.key_of = {o.authority.pk: key for key, o in world.offices.items()}

    def read(self) -> dict[str, Any]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        state: dict[str, Any] = {}
        for row in rows:
            values = dict(zip(self.parts, row, strict=True))
            key = self.key_of[values.pop("id")]
            state |= {part: values.pop(part) for part in EVERYONES}
            state[f"{key}:records"] = values.pop("data_version")
            state |= {f"{key}:{part}": value for part, value in values.items()}
        return state


def _count(queryset: Any) -> Subquery:
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def _may_change(world: World, walker: str) -> set[str]:
    """The parts of the state a walker's POST may change."""
    own = world.office_of(walker)
    if own is None:
        return set()
    role = walker.split("-", 1)[1]
    mine = {f"{own}:apitoken"}  # everyone with a role makes their own API tokens
    if role in ("editor", "admin"):
        parts = ("records", "calendarfeed", "dismissal", "imports", "latest_import")
        mine |= {f"{own}:{part}" for part in parts}
    if role == "admin":
        mine |= {f"{own}:profile", f"{own}:staffrole", "users"}
    return mine


def _escalations(before: dict[str, Any], after: dict[str, Any], allowed: set[str]) -> list[str]:
    changed = [part for part in before if before[part] != after[part]]
    return [f"changed {part}" for part in changed if part.removesuffix("_versions") not in allowed]


# ---------------------------------------------------------------- the browser's form


class _FirstForm(HTMLParser):
    """The fields of the page's POST form aimed at `path`, as a browser would send them."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path, self.inside, self.done = path, False, False
        self.data: dict[str, list[str]] = {}
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done:
            action = a.get("action", "")
            self.inside = a.get("method", "").lower() == "post" and action in ("", self.path)
        elif self.inside and tag == "input" and a.get("name"):
            self._input(a)
        elif self.inside and tag == "select":
            self.select, self.options = a.get("name"), []
        elif self.inside and tag == "option" and self.select:
            self.options.append((a.get("value", ""), "selected" in a))
        elif self.inside and tag == "textarea":
            self.textarea = a.get("name")
            self.data.setdefault(self.textarea or "", [])

    def _input(self, a: dict[str, str]) -> None:
        kind, name, value = a.get("type", "text"), a["name"], a.get("value", "")
        if kind in ("checkbox", "radio") and "checked" not in a:
            return
        if kind in ("submit", "button", "file", "image", "reset"):
            return
        if not value and "required" in a:
            value = {"number": "1", "date": "2020-01-01", "email": "probe@example.org"}.get(
                kind, "https://example.org" if kind == "url" else "Probe"
            )
        self.data.setdefault(name, []).append(value)

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.data[self.textarea].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [v for v, s in self.options if s] or [v for v, _ in self.options[:1]]
            self.data.setdefault(self.select, []).extend(chosen)
            self.select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def _form_data(owner: Client, address: Address) -> Any:
    """What the owner's page at `address` would POST; for the API, the record as JSON."""
    response = owner.get(address.url)
    body = _body(response)
    if address.url.startswith("/api/"):
        return body if response.get("Content-Type", "").startswith("application/json") else "{}"
    if "text/html" not in response.get("Content-Type", ""):
        return {}
    form = _FirstForm(address.url.split("?")[0])
    form.feed(body)
    return form.data


# ---------------------------------------------------------------- the walk


@dataclass
class Walk:
    findings: dict[str, list[str]] = field(default_factory=dict)
    pairs: int = 0
    requests: int = 0
    writes: int = 0  # POSTs that changed something, as their walker may


def _walk(world: World, methods: tuple[str, ...]) -> Walk:
    """Every address by every walker, with `methods`."""
    found_addresses, unfilled = addresses(world)
    assert unfilled == []
    owners = {key: _client(world, f"{key}-admin") for key in world.offices}
    state = StateReader(world)
    forms: dict[tuple[str, str], Any] = {}
    walk = Walk()
    for walker in world.walkers:
        client = _client(world, walker)
        allowed = _may_change(world, walker)
        for address in found_addresses:
            walk.pairs += 1
            for method in _methods(address, methods):
                walk.requests += 1
                owner = address.owner or world.office_of(walker) or "ankara"
                if method != "GET" and (owner, address.url) not in forms:
                    with transaction.atomic():
                        forms[owner, address.url] = _form_data(owners[owner], address)
                        transaction.set_rollback(True)
                data = forms.get((owner, address.url))
                found, wrote = _request(
                    world, walker, client, data, method, address, state, allowed
                )
                walk.writes += wrote
                if found:
                    walk.findings[f"{walker} {method} {address.url}"] = found
    return walk


def _methods(address: Address, methods: tuple[str, ...]) -> list[str]:
    if "POST" in methods and address.url.startswith("/api/v1/") and address.owner:
        return [*methods, "PATCH", "DELETE"]
    return list(methods)


def _request(
    world: World,
    walker: str,
    client: Client,
    data: Any,
    method: str,
    address: Address,
    state: StateReader,
    allowed: set[str],
) -> tuple[list[str], bool]:
    """What the request found wrong, and whether it changed anything."""
    cookies = client.cookies
    client.cookies = cookies.__class__(cookies)  # a session ended or a language set stays here
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(address.url)
                return _findings(world, walker, address, response), False
            before = state.read()
            response = _send(client, method, address, data)
            found = _findings(world, walker, address, response)  # a streamed body reads now
            after = state.read()
            transaction.set_rollback(True)
            return found + _escalations(before, after, allowed), before != after
    finally:
        client.cookies = cookies


def _send(client: Client, method: str, address: Address, data: Any) -> Any:
    if isinstance(data, str):  # the API's JSON
        send = getattr(client, method.lower())
        return send(address.url, data, content_type="application/json")
    if method == "POST":
        return client.post(address.url, data)
    return getattr(client, method.lower())(address.url)


# ---------------------------------------------------------------- the tests


@pytest.fixture
def world() -> World:
    return _world()


def test_every_url_pattern_can_be_filled_with_records(world):
    found, unfilled = addresses(world)

    assert unfilled == []
    walked = {a.pattern for a in found}
    skipped = {route for route, name, _ in _patterns(get_resolver()) if name in SKIPPED}
    assert {route for route, _, _ in _patterns(get_resolver())} - walked == skipped
    named = [r for r, name, _ in _patterns(get_resolver()) if set(_arguments(r)) & WORDS]
    assert [r for r in named if r not in world.words and not r.startswith("en/")] == []
    assert len(found) > 300


def test_nobody_sees_what_is_not_theirs_and_no_page_fails(world, capsys):
    with _quiet_request_log():
        walk = _walk(world, ("GET",))

    with capsys.disabled():
        print(f"\nGET: {walk.pairs} address x walker pairs, {walk.requests} requests")
    assert walk.findings == {}


def test_nobody_changes_what_is_not_theirs_and_no_form_fails(world, capsys):
    with _quiet_request_log():
        walk = _walk(world, ("POST",))

    with capsys.disabled():
        print(f"\nPOST: {walk.pairs} pairs, {walk.requests} requests, {walk.writes} writes")
    assert walk.findings == {}
    assert walk.writes > 100  # the forms sent were real ones: their owners' saves went through


@contextmanager
def _quiet_request_log() -> Iterator[None]:
    # Thousands of 403s and 404s, each logged with its traceback: slow, and the walk reads
    # the status of every answer itself.
    log = logging.getLogger("django.request")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)
