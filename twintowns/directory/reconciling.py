"""Where the office's registry and the public record disagree, for the office to act on."""

from dataclasses import dataclass

from django.db.models import Q

from twintowns.authorities.models import Authority
from twintowns.directory.models import Dismissal, Twinning
from twintowns.directory.selectors import twins_of
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Place


@dataclass(frozen=True)
class Reconciliation:
    seat: Place
    in_both: list[Partnership]
    not_in_directory: list[Partnership]  # registry partners the public record does not list
    not_in_registry: list[Place]  # public twins that are not partners, nor dismissed
    dismissed: list[Dismissal]


def reconcile(authority: Authority, seat: Place) -> Reconciliation:
    """The authority's partners against the twins of its seat in the directory; four queries."""
    twins = twins_of(seat)
    twin_ids = {t.pk for t in twins}
    partnerships = list(
        Partnership.objects.filter(authority=authority)
        .select_related("partner__country")
        .order_by("partner__name")
    )
    partner_ids = {p.partner_id for p in partnerships}
    dismissed = list(
        Dismissal.objects.filter(authority=authority)
        .select_related("place__country", "created_by")
        .order_by("place__name")
    )
    dismissed_ids = {d.place_id for d in dismissed}
    return Reconciliation(
        seat=seat,
        in_both=[p for p in partnerships if p.partner_id in twin_ids],
        not_in_directory=[p for p in partnerships if p.partner_id not in twin_ids],
        not_in_registry=[t for t in twins if t.pk not in partner_ids and t.pk not in dismissed_ids],
        dismissed=dismissed,
    )


def is_public_twin(seat: Place, place: Place) -> bool:
    a, b = sorted([seat.pk, place.pk])
    return Twinning.objects.filter(Q(place_a=a) & Q(place_b=b)).exists()
