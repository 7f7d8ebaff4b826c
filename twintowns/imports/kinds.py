"""Each kind of record a sheet can hold: how a row is read, checked as a whole and written."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from twintowns.activities.models import Activity, Direction
from twintowns.activities.models import Kind as ActivityKind
from twintowns.activities.services import activity_create
from twintowns.authorities.models import Authority
from twintowns.authorities.records import Actor, record_m2m
from twintowns.core.models import Theme
from twintowns.imports.plan import PlaceReader, Plan, Reader, model_errors
from twintowns.imports.values import (
    BadValue,
    ChoiceReader,
    ThemeReader,
    parse_day,
    parse_partial_date,
    parse_year,
)
from twintowns.lib.text import fold
from twintowns.networks.models import Membership, MembershipRole, Organization
from twintowns.networks.services import membership_save, organization_save
from twintowns.partnerships.models import Contact, Kind, LifecycleEvent, Partnership, Status
from twintowns.partnerships.services import contact_save, partnership_create
from twintowns.places.models import Place, PlaceName

# From this many new partnerships on, they are written in bulk (same validation and history).
BULK_FROM = 200


class _PartnersReader(PlaceReader):
    def __init__(self, authority: Authority) -> None:
        super().__init__(authority)
        self.kinds = ChoiceReader(Kind, **{"kardes sehir": Kind.SISTER_CITY})
        self.statuses = ChoiceReader(Status, aktif=Status.ACTIVE, imzalandi=Status.SIGNED)
        self.themes = ThemeReader()

    def read(self, values: dict[str, Any], name: str, text: str) -> None:
        if name == "kind":
            values["kind"] = self.kinds(text)
        elif name == "status":
            values["status"] = self.statuses(text)
        elif name == "signed":
            values["signed_on"], values["signed_precision"] = parse_partial_date(text)
        elif name in ("council_decision_date", "ministry_approval_date"):
            values[name] = parse_day(text)
        elif name == "themes":
            values["themes"] = self.themes(text)
        else:
            super().read(values, name, text)

    def prepare(
        self, plan: Plan, rows: list[tuple[int, dict[str, Any]]], columns: dict[str, str]
    ) -> None:
        existing = set(
            Partnership.objects.filter(authority=self.authority).values_list(
                "partner_id", flat=True
            )
        )
        for number, values in rows:
            place_id = values["place_id"]
            if not plan.is_new(number, place_id, recorded=place_id in existing):
                continue
            fields = _given(values, _PARTNERSHIP_FIELDS)
            partnership = Partnership(authority=self.authority, partner_id=place_id, **fields)
            try:
                partnership.full_clean(exclude=["authority", "partner"], validate_constraints=False)
            except ValidationError as error:
                model_errors(plan, number, error, columns, values)
                continue
            plan.items.append(
                {
                    "row": number,
                    "place_id": place_id,
                    "fields": fields,
                    "themes": values.get("themes", []),
                }
            )

    def write(self, actor: Actor, items: list[dict[str, Any]]) -> int:
        if len(items) < BULK_FROM:
            places = Place.objects.in_bulk([item["place_id"] for item in items])
            themes = Theme.objects.in_bulk()
            for item in items:
                partnership_create(
                    actor=actor,
                    authority=self.authority,
                    partner=places[item["place_id"]],
                    themes=[themes[pk] for pk in item["themes"]],
                    status_date=item["fields"].get("signed_on"),
                    **item["fields"],
                )
            return len(items)
        return self._write_in_bulk(actor, items)

    def _write_in_bulk(self, actor: Actor, items: list[dict[str, Any]]) -> int:
        """partnership_create's rules for many rows: validated in the check, history kept."""
        partnerships = [
            Partnership(authority=self.authority, partner_id=item["place_id"], **item["fields"])
            for item in items
        ]
        user = actor if actor.is_authenticated else None
        created = bulk_create_with_history(
            partnerships,
            Partnership,
            batch_size=500,
            default_user=user,  # type: ignore[arg-type]
            default_change_reason="created",
        )
        events = [LifecycleEvent(partnership=p, status=p.status, date=p.signed_on) for p in created]
        bulk_create_with_history(events, LifecycleEvent, batch_size=500, default_user=user)  # type: ignore[arg-type]
        themes = Theme.objects.in_bulk()
        for partnership, item in zip(created, items, strict=True):
            if item["themes"]:
                record_m2m(
                    partnership, "themes", [themes[pk] for pk in item["themes"]], actor=actor
                )
        return len(created)


_PARTNERSHIP_FIELDS = {
    "kind",
    "status",
    "signed_on",
    "signed_precision",
    "notes",
    "sources",
    "council_decision_number",
    "council_decision_date",
    "ministry_approval_number",
    "ministry_approval_date",
}


class _ContactsReader(PlaceReader):
    def prepare(
        self, plan: Plan, rows: list[tuple[int, dict[str, Any]]], columns: dict[str, str]
    ) -> None:
        partnerships = {
            p.partner_id: p for p in Partnership.objects.filter(authority=self.authority)
        }
        known = {
            (partnership_id, fold(name))
            for partnership_id, name in Contact.objects.filter(
                partnership__authority=self.authority
            ).values_list("partnership_id", "name")
        }
        for number, values in rows:
            partnership = partnerships.get(values["place_id"])
            if partnership is None:
                header = columns.get("city") or columns.get("city_country", "")
                plan.error(
                    number, header, values["city"], _("There is no partnership with this city.")
                )
                continue
            key = (partnership.pk, fold(values.get("name", "")))
            if not plan.is_new(number, key, recorded=key in known):
                continue
            fields = {k: values.get(k, "") for k in _CONTACT_FIELDS}
            try:
                Contact(partnership=partnership, **fields).full_clean(exclude=["partnership"])
            except ValidationError as error:
                model_errors(plan, number, error, columns, values)
                continue
            plan.items.append({"row": number, "partnership_id": partnership.pk, "fields": fields})

    def write(self, actor: Actor, items: list[dict[str, Any]]) -> int:
        partnerships = Partnership.objects.in_bulk([item["partnership_id"] for item in items])
        for item in items:
            contact = Contact(partnership=partnerships[item["partnership_id"]], **item["fields"])
            contact_save(actor=actor, contact=contact)
        return len(items)


_CONTACT_FIELDS = ("name", "position", "organisation", "email", "phone")


class _MembershipsReader(Reader):
    def __init__(self, authority: Authority) -> None:
        super().__init__(authority)
        self.roles = ChoiceReader(MembershipRole, uye=MembershipRole.MEMBER)

    def read(self, values: dict[str, Any], name: str, text: str) -> None:
        if name == "role":
            values["role"] = self.roles(text)
        elif name in ("since", "until"):
            values[f"{name}_year"] = parse_year(text)
        elif name == "council_decision_date":
            values[name] = parse_day(text)
        else:
            values[name] = text

    def row_rules(
        self,
        plan: Plan,
        number: int,
        values: dict[str, Any],
        record: dict[str, str],
        columns: dict[str, str],
    ) -> None:
        if not values.get("organization", "").strip():
            header = columns.get("organization", "")
            plan.error(number, header, "", _("The organization is missing."))
        since, until = values.get("since_year"), values.get("until_year")
        if since and until and until < since:
            header = columns["until"]
            plan.error(
                number, header, record.get(header, ""), _("The end cannot be before the start.")
            )

    def prepare(
        self, plan: Plan, rows: list[tuple[int, dict[str, Any]]], columns: dict[str, str]
    ) -> None:
        organizations = Organization.objects.filter(authority=self.authority)
        by_key = {fold(o.name): o for o in organizations}
        by_key.update({fold(o.acronym): o for o in organizations if o.acronym})
        members = set(
            Membership.objects.filter(authority=self.authority).values_list(
                "organization_id", flat=True
            )
        )
        for number, values in rows:
            key = fold(values["organization"])
            organization = by_key.get(key) or by_key.get(fold(values.get("acronym", "")))
            member = organization is not None and organization.pk in members
            if not plan.is_new(number, key, recorded=member):
                continue
            fields = _given(values, _MEMBERSHIP_FIELDS)
            probe = Organization(authority=self.authority, name=values["organization"])
            try:
                Membership(authority=self.authority, organization=probe, **fields).full_clean(
                    exclude=["authority", "organization"], validate_constraints=False
                )
            except ValidationError as error:
                model_errors(plan, number, error, columns, values)
                continue
            plan.items.append(
                {
                    "row": number,
                    "organization_id": organization.pk if organization else None,
                    "organization": values["organization"],
                    "acronym": values.get("acronym", ""),
                    "fields": fields,
                }
            )

    def write(self, actor: Actor, items: list[dict[str, Any]]) -> int:
        for item in items:
            if item["organization_id"]:
                organization = Organization.objects.get(pk=item["organization_id"])
            else:
                organization = organization_save(
                    actor=actor,
                    organization=Organization(
                        authority=self.authority, name=item["organization"], acronym=item["acronym"]
                    ),
                )
            membership = Membership(
                authority=self.authority, organization=organization, **item["fields"]
            )
            membership_save(actor=actor, membership=membership)
        return len(items)


_MEMBERSHIP_FIELDS = {
    "role",
    "since_year",
    "until_year",
    "council_decision_number",
    "council_decision_date",
    "benefits",
    "notes",
}


class _ActivitiesReader(PlaceReader):
    """Activities; the place is optional, partners are named by their city."""

    def __init__(self, authority: Authority) -> None:
        super().__init__(authority)
        self.kinds = ChoiceReader(ActivityKind)
        self.directions = ChoiceReader(Direction)
        self.themes = ThemeReader()
        self.partners = _partnerships_by_name(authority)

    def read(self, values: dict[str, Any], name: str, text: str) -> None:
        if name == "kind":
            values["kind"] = self.kinds(text)
        elif name == "direction":
            values["direction"] = self.directions(text)
        elif name == "start":
            values["starts_on"], values["date_precision"] = parse_partial_date(text)
        elif name == "end":
            values["ends_on"], _precision = parse_partial_date(text)
        elif name == "themes":
            values["themes"] = self.themes(text)
        elif name == "partners":
            values["partnership_ids"] = self._partners(text)
        else:
            super().read(values, name, text)

    def _partners(self, text: str) -> list[int]:
        ids = []
        for part in text.split(";"):
            if not part.strip():
                continue
            if fold(part) not in self.partners:
                raise BadValue(
                    _("“%(name)s” is not one of your partners.") % {"name": part.strip()}
                )
            ids.append(self.partners[fold(part)])
        return ids

    def row_rules(
        self,
        plan: Plan,
        number: int,
        values: dict[str, Any],
        record: dict[str, str],
        columns: dict[str, str],
    ) -> None:
        values.setdefault("country", "")
        for name in ("title", "kind", "direction"):
            if not values.get(name):
                header = columns.get(name, "")
                plan.error(number, header, record.get(header, ""), _("This is required."))
        start, end = values.get("starts_on"), values.get("ends_on")
        if end and not start:
            header = columns["end"]
            message = _("Give the start when you give the end.")
            plan.error(number, header, record.get(header, ""), message)
        elif end and start and end < start:
            header = columns["end"]
            message = _("The end cannot be before the start.")
            plan.error(number, header, record.get(header, ""), message)

    def prepare(
        self, plan: Plan, rows: list[tuple[int, dict[str, Any]]], columns: dict[str, str]
    ) -> None:
        known = set(
            Activity.objects.filter(authority=self.authority).values_list("title", "starts_on")
        )
        known = {(fold(title), starts_on) for title, starts_on in known}
        for number, values in rows:
            key = (fold(values["title"]), values.get("starts_on"))
            if not plan.is_new(number, key, recorded=key in known):
                continue
            fields = _given(values, _ACTIVITY_FIELDS)
            if values.get("place_id"):
                fields["place_id"] = values["place_id"]
            try:
                Activity(authority=self.authority, **fields).full_clean(
                    exclude=["authority", "place"]
                )
            except ValidationError as error:
                model_errors(plan, number, error, columns, values)
                continue
            plan.items.append(
                {
                    "row": number,
                    "fields": fields,
                    "themes": values.get("themes", []),
                    "partnerships": values.get("partnership_ids", []),
                }
            )

    def write(self, actor: Actor, items: list[dict[str, Any]]) -> int:
        themes = Theme.objects.in_bulk()
        partnerships = Partnership.objects.select_related("partner").in_bulk(
            [pk for item in items for pk in item["partnerships"]]
        )
        places = Place.objects.in_bulk(
            [item["fields"]["place_id"] for item in items if "place_id" in item["fields"]]
        )
        for item in items:
            fields = dict(item["fields"])
            place_id = fields.pop("place_id", None)
            activity_create(
                actor=actor,
                authority=self.authority,
                partnerships=[partnerships[pk] for pk in item["partnerships"]],
                themes=[themes[pk] for pk in item["themes"]],
                place=places[place_id] if place_id else None,
                **fields,
            )
        return len(items)


_ACTIVITY_FIELDS = {
    "kind",
    "direction",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "date_precision",
    "participants",
    "outcomes",
}


def _given(values: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The row's values for the model fields `names`, leaving out those the sheet left empty."""
    return {k: v for k, v in values.items() if k in names and v is not None and v != ""}


def _partnerships_by_name(authority: Authority) -> dict[str, int]:
    """The authority's partnerships by every folded name of their partner city."""
    partnerships = dict(
        Partnership.objects.filter(authority=authority).values_list("partner_id", "pk")
    )
    names = PlaceName.objects.filter(place_id__in=list(partnerships)).values_list(
        "folded", "place_id"
    )
    return {folded: partnerships[place_id] for folded, place_id in names}


READERS: dict[str, type[Reader]] = {
    "partners": _PartnersReader,
    "activities": _ActivitiesReader,
    "contacts": _ContactsReader,
    "memberships": _MembershipsReader,
}
