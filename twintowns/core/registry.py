"""Which records have a history page, and the path from each to the authority that owns it."""

from django.db import models

from twintowns.activities.models import Activity, Attachment
from twintowns.authorities.models import Authority
from twintowns.directory.models import Dismissal
from twintowns.exchange.models import CalendarFeed
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import AgreementDocument, Contact, LifecycleEvent, Partnership

HISTORY_MODELS: dict[str, tuple[type[models.Model], str]] = {
    "authority": (Authority, "pk"),
    "partnership": (Partnership, "authority"),
    "lifecycle": (LifecycleEvent, "partnership__authority"),
    "contact": (Contact, "partnership__authority"),
    "agreement": (AgreementDocument, "partnership__authority"),
    "activity": (Activity, "authority"),
    "attachment": (Attachment, "activity__authority"),
    "organization": (Organization, "authority"),
    "membership": (Membership, "authority"),
    "calendar_feed": (CalendarFeed, "authority"),
    "dismissal": (Dismissal, "authority"),
}
