"""`--replace`: the scale's synthetic authorities go, with all their records."""

from typing import Any

from django.db import models, transaction
from django.test.utils import override_settings

from bench.synth.sizes import Scale
from twintowns.activities.models import Activity, Attachment
from twintowns.authorities.models import Authority
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import AgreementDocument, Contact, LifecycleEvent, Partnership


@transaction.atomic
def synth_delete(scale: Scale) -> int:
    """Delete the scale's synthetic authorities and all their records, without history.

    The large tables go with plain SQL deletes (`_raw_delete`: no per-row signals, so no
    history rows and no loading of half a million rows); the authorities themselves, and
    whatever else points at them (roles, tokens...), go through Django's cascade.
    """
    synthetic = Authority.objects.filter(scale.lookup(), synthetic=True)
    ids = list(synthetic.values_list("pk", flat=True))
    if not ids:
        return 0
    activities = Activity.objects.filter(authority__in=ids).values("pk")
    partnerships = Partnership.objects.filter(authority__in=ids).values("pk")
    querysets: list[models.QuerySet[Any]] = [
        Activity.partnerships.through.objects.filter(activity__in=activities),
        Activity.themes.through.objects.filter(activity__in=activities),
        Attachment.objects.filter(activity__in=activities),
        Activity.objects.filter(authority__in=ids),
        Partnership.themes.through.objects.filter(partnership__in=partnerships),
        LifecycleEvent.objects.filter(partnership__in=partnerships),
        Contact.objects.filter(partnership__in=partnerships),
        AgreementDocument.objects.filter(partnership__in=partnerships),
        Partnership.objects.filter(authority__in=ids),
        Membership.objects.filter(authority__in=ids),
        Organization.objects.filter(authority__in=ids),
    ]
    for queryset in querysets:
        queryset._raw_delete(queryset.db)
    with override_settings(SIMPLE_HISTORY_ENABLED=False):  # simple-history's documented switch
        Authority.objects.filter(pk__in=ids).delete()
    return len(ids)
