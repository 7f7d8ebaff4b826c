"""One authority with a record of every kind, each carrying the authority's secret marker.

Access tests make two of these and look for one's marker in what the other's people are shown:
a marker where it does not belong is a leak. The marker sits in what only the office may read
(notes, titles, names, user names), never in what is public by design: the authority's name and
office (the union's tables and the public page show them), the shared gazetteer's places, and
the titles of culture days already held (the public page lists them).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone

from tests.factories import CountryFactory, PlaceFactory, UserFactory
from twintowns.activities.models import Activity, Attachment, Direction, Kind
from twintowns.activities.services import activity_create, attachment_add, culture_days_pair
from twintowns.api.models import ApiToken
from twintowns.api.services import api_token_create
from twintowns.authorities.models import Authority, Role, StaffRole
from twintowns.authorities.services import authority_update
from twintowns.core.models import Theme
from twintowns.directory.models import Dismissal
from twintowns.directory.services import dismissal_create
from twintowns.exchange.models import CalendarFeed
from twintowns.exchange.services import calendar_feed_create
from twintowns.imports.models import ImportJob
from twintowns.networks.models import Membership, Organization
from twintowns.networks.services import membership_save, organization_delete, organization_save
from twintowns.partnerships.models import AgreementDocument, Contact, LifecycleEvent, Partnership
from twintowns.partnerships.services import (
    agreement_save,
    contact_save,
    partnership_create,
    partnership_delete,
    partnership_move,
    partnership_update,
)
from twintowns.places.models import Place

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass
class Office:
    """An authority, its three staff and the id of each of its records, by kind."""

    authority: Authority
    marker: str
    users: dict[str, User]
    records: dict[str, list[int]] = field(default_factory=dict)
    deleted: dict[str, list[int]] = field(default_factory=dict)
    feed_token: str = ""
    api_secret: str = ""

    def first(self, kind: str) -> int:
        return self.records[kind][0]


def office_with_every_record(slug: str, marker: str, *, public_page: bool = False) -> Office:
    """An authority named after `slug` whose every private text carries `marker`."""
    authority = Authority.objects.create(
        slug=slug, name=f"{slug.capitalize()} Municipality", office_name="Foreign Relations"
    )
    users = {role: _staff(authority, role, f"{marker}-{role}") for role in Role}
    office = Office(authority, marker, {str(role): user for role, user in users.items()})
    admin = users[Role.ADMIN]
    authority_update(
        actor=admin,
        authority=authority,
        introduction=f"{marker} introduction",
        address=f"{marker} street",
        public_page=public_page,
        place=_place(f"Seat of {slug}", "TR"),
    )
    office.records["authority"] = [authority.pk]
    office.records["staff_role"] = [StaffRole.objects.get(user=admin).pk]
    _partnerships(office, admin)
    _activities(office, admin)
    _networks(office, admin)
    _exchange(office, admin)
    return office


def _staff(authority: Authority, role: str, username: str) -> User:
    user = UserFactory(username=username, email=f"{username}@example.org", is_staff=True)
    StaffRole.objects.create(user=user, authority=authority, role=role)
    return user


def _place(name: str, country: str = "KR") -> Place:
    return PlaceFactory(name=name, country=CountryFactory(code=country, name=country))


def _partnerships(office: Office, admin: User) -> None:
    marker, authority = office.marker, office.authority
    partnership = partnership_create(
        actor=admin,
        authority=authority,
        partner=_place(f"Partner of {authority.slug}"),
        themes=Theme.objects.all()[:2],
        signed_on=dt.date(2010, 5, 1),
        notes=f"{marker} notes",
        sources=f"{marker} sources",
        council_decision_number=f"{marker}-1",
    )
    move = partnership_move(
        actor=admin, partnership=partnership, status="active", date=None, note=f"{marker} step"
    )
    contact = contact_save(
        actor=admin,
        contact=Contact(partnership=partnership, name=f"{marker} contact", email="c@example.org"),
    )
    document = agreement_save(
        actor=admin,
        document=AgreementDocument(
            partnership=partnership,
            title=f"{marker} agreement",
            file=ContentFile(PDF, name="agreement.pdf"),
        ),
    )
    gone = partnership_create(
        actor=admin, authority=authority, partner=_place(f"Former of {authority.slug}")
    )
    partnership_update(actor=admin, partnership=gone, notes=f"{marker} deleted partnership")
    office.deleted["partnership"] = [gone.pk]
    office.deleted["lifecycle"] = list(gone.events.values_list("pk", flat=True))
    partnership_delete(actor=admin, partnership=gone)
    office.records |= {
        "partnership": [partnership.pk],
        "place": [partnership.partner_id],
        "lifecycle": [move.pk],
        "contact": [contact.pk],
        "agreement": [document.pk],
    }


def _activities(office: Office, admin: User) -> None:
    marker, authority = office.marker, office.authority
    partnership = Partnership.objects.get(pk=office.first("partnership"))
    today = timezone.localdate()
    visit = activity_create(
        actor=admin,
        authority=authority,
        partnerships=[partnership],
        kind=Kind.SITE_VISIT,
        direction=Direction.INCOMING,
        title=f"{marker} visit",
        description=f"{marker} description",
        starts_on=dt.date(2019, 4, 2),
    )
    ours = activity_create(
        actor=admin,
        authority=authority,
        partnerships=[partnership],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.ABROAD,
        title=f"Days of {authority.slug} abroad",  # held culture days are public
        outcomes=f"{marker} outcomes",
        starts_on=dt.date(2018, 9, 10),
    )
    theirs = activity_create(
        actor=admin,
        authority=authority,
        partnerships=[partnership],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.HOSTED,
        title=f"{marker} planned days here",
        starts_on=today + dt.timedelta(days=60),
    )
    culture_days_pair(actor=admin, first=theirs, answer=ours)
    attachment = attachment_add(
        actor=admin,
        attachment=Attachment(
            activity=visit,
            type=Attachment.Type.PHOTO,
            file=ContentFile(PNG, name="photo.png"),
            caption=f"{marker} caption",
        ),
    )
    office.records["activity"] = list(
        Activity.objects.filter(authority=authority).values_list("pk", flat=True)
    )
    office.records["attachment"] = [attachment.pk]


def _networks(office: Office, admin: User) -> None:
    marker, authority = office.marker, office.authority
    organization = organization_save(
        actor=admin,
        organization=Organization(authority=authority, name=f"{marker} union", acronym="UX"),
    )
    membership = membership_save(
        actor=admin,
        membership=Membership(
            authority=authority, organization=organization, since_year=2001, notes=f"{marker} dues"
        ),
    )
    activity_create(
        actor=admin,
        authority=authority,
        kind=Kind.CONFERENCE,
        direction=Direction.HOSTED,
        title=f"{marker} general assembly",
        starts_on=dt.date(2014, 3, 3),
        organization=organization,
    )
    former = organization_save(
        actor=admin, organization=Organization(authority=authority, name=f"{marker} old union")
    )
    left = membership_save(
        actor=admin,
        membership=Membership(authority=authority, organization=former, notes=f"{marker} left"),
    )
    office.deleted |= {"organization": [former.pk], "membership": [left.pk]}
    organization_delete(actor=admin, organization=former)  # the membership goes with it
    office.records |= {"organization": [organization.pk], "membership": [membership.pk]}
    office.records["activity"] = list(
        Activity.objects.filter(authority=authority).values_list("pk", flat=True)
    )


def _exchange(office: Office, admin: User) -> None:
    marker, authority = office.marker, office.authority
    feed, office.feed_token = calendar_feed_create(
        actor=admin, authority=authority, label=f"{marker} feed", language="en"
    )
    issued = api_token_create(actor=admin, authority=authority, label=f"{marker} token")
    office.api_secret = issued.secret
    job = ImportJob(
        authority=authority,
        user=admin,
        kind="partners",
        original_name=f"{marker}.csv",
        preview={"headers": ["city", "country"], "rows": [[f"{marker} row", "KR"]]},
    )
    job.file.save("partners.csv", ContentFile(b"city,country\nSeoul,KR\n"), save=False)
    job.save()
    dismissal = dismissal_create(
        actor=admin,
        authority=authority,
        place=_place(f"Namesake of {authority.slug}"),
        reason=f"{marker} misattributed",
    )
    office.records |= {
        "calendar_feed": [feed.pk],
        "api_token": [issued.token.pk],
        "import": [job.pk],
        "dismissal": [dismissal.pk],
    }


MODEL_KINDS: dict[type, str] = {
    Authority: "authority",
    ApiToken: "api_token",
    StaffRole: "staff_role",
    Partnership: "partnership",
    LifecycleEvent: "lifecycle",
    Contact: "contact",
    AgreementDocument: "agreement",
    Activity: "activity",
    Attachment: "attachment",
    Organization: "organization",
    Membership: "membership",
    CalendarFeed: "calendar_feed",
    Dismissal: "dismissal",
    ImportJob: "import",
}
