"""The data version of an authority grows with every change to its records, and only its own."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.factories import (
    ActivityFactory,
    AuthorityFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
)
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.partnerships.models import Contact, LifecycleEvent, Partnership, Status

pytestmark = pytest.mark.django_db


def _version(authority: Authority) -> int:
    return Authority.objects.values_list("data_version", flat=True).get(pk=authority.pk)


def _theme() -> Theme:
    return Theme.objects.get(code="culture")


def _partnership(a: Authority) -> Partnership:
    return PartnershipFactory(authority=a)


def _activity(a: Authority) -> Activity:
    return ActivityFactory(authority=a)


def _both(a: Authority) -> tuple[Partnership, Activity]:
    return PartnershipFactory(authority=a), ActivityFactory(authority=a)


# (what changes, what exists before, the change): the version is read between the two.
CHANGES: list[tuple[str, Callable[[Authority], Any], Callable[[Any], object]]] = [
    ("a new partnership", lambda a: a, lambda a: PartnershipFactory(authority=a)),
    ("a partnership saved", _partnership, lambda p: p.save()),
    ("a partnership deleted", _partnership, lambda p: p.delete()),
    (
        "a lifecycle step",
        _partnership,
        lambda p: LifecycleEvent.objects.create(
            partnership=p, status=Status.ENDED, date=dt.date(2020, 1, 1)
        ),
    ),
    ("a contact", _partnership, lambda p: Contact.objects.create(partnership=p, name="X")),
    ("a new activity", lambda a: a, lambda a: ActivityFactory(authority=a)),
    ("an activity saved", _activity, lambda x: x.save()),
    ("an activity deleted", _activity, lambda x: x.delete()),
    ("an activity linked to a partner", _both, lambda pa: pa[1].partnerships.add(pa[0])),
    ("a partner's activities, from its side", _both, lambda pa: pa[0].activities.add(pa[1])),
    ("an activity unlinked", _both, lambda pa: pa[1].partnerships.remove(pa[0])),
    ("an activity's themes", _activity, lambda x: x.themes.set([_theme()])),
    ("a partnership's themes", _partnership, lambda p: p.themes.add(_theme())),
    ("an organization", lambda a: a, lambda a: OrganizationFactory(authority=a)),
    ("a membership", lambda a: a, lambda a: MembershipFactory(authority=a)),
]


@pytest.mark.parametrize(
    ("setup", "change"), [(s, c) for _n, s, c in CHANGES], ids=[n for n, _s, _c in CHANGES]
)
def test_every_change_to_the_records_bumps_the_version_of_their_authority_only(
    setup: Callable[[Authority], Any], change: Callable[[Any], object]
) -> None:
    mine, other = AuthorityFactory(), AuthorityFactory()
    records = setup(mine)
    before, other_before = _version(mine), _version(other)

    change(records)

    assert _version(mine) > before
    assert _version(other) == other_before


def test_reading_leaves_the_version_alone(authority: Authority) -> None:
    partnership = PartnershipFactory(authority=authority)
    before = _version(authority)

    list(partnership.activities.all())
    Partnership.objects.get(pk=partnership.pk)

    assert _version(authority) == before
