"""Reads for the directory: partner suggestions for an authority, and what they draw on."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.core.models import Theme
from twintowns.lib.text import fold
from twintowns.networks.models import Membership
from twintowns.partnerships.models import Partnership

# Added to a candidate's log-odds for each tie the authority has with it outside the directory.
ORGANIZATION_BONUS = 1.0
THEMES_BONUS = 0.5


@dataclass
class AuthorityContext:
    """An authority's partners, organizations and themes, and the places they connect it to."""

    partner_ids: frozenset[int] = frozenset()
    # Place id -> names of the organizations its authority shares with ours.
    organizations: dict[int, list[str]] = field(default_factory=dict)
    # Place id -> names of our themes its partnerships (or its own authority's) share.
    themes: dict[int, list[str]] = field(default_factory=dict)

    def bonus(self, place_id: int) -> float:
        return ORGANIZATION_BONUS * bool(self.organizations.get(place_id)) + THEMES_BONUS * bool(
            self.themes.get(place_id)
        )

    def reasons_for(self, place_id: int) -> list[str]:
        reasons = []
        if self.organizations.get(place_id):
            names = ", ".join(sorted(self.organizations[place_id]))
            reasons.append(_("Member of the same organization: %(names)s") % {"names": names})
        if self.themes.get(place_id):
            names = ", ".join(sorted(self.themes[place_id]))
            reasons.append(_("Shares your themes: %(names)s") % {"names": names})
        return reasons


def authority_context(authority: Authority) -> AuthorityContext:
    """What suggestions for `authority` exclude and add: four queries."""
    partner_ids = frozenset(
        Partnership.objects.for_authority(authority).values_list("partner_id", flat=True)
    )
    return AuthorityContext(
        partner_ids=partner_ids,
        organizations=_organization_peers(authority),
        themes=_theme_peers(authority, partner_ids),
    )


def _organization_peers(authority: Authority) -> dict[int, list[str]]:
    """Seats of other authorities that belong to an organization ours belongs to.

    Each authority records organizations itself, so they are matched by folded name or acronym.
    """
    ours: dict[str, str] = {}
    rows = Membership.objects.filter(authority=authority).values_list(
        "organization__name", "organization__acronym"
    )
    for name, acronym in rows:
        label = acronym or name
        ours[fold(name)] = label
        if acronym:
            ours[fold(acronym)] = label
    if not ours:
        return {}
    peers: dict[int, set[str]] = defaultdict(set)
    others = (
        Membership.objects.exclude(authority=authority)
        .filter(authority__place__isnull=False)
        .values_list("authority__place_id", "organization__name", "organization__acronym")
    )
    for place_id, name, acronym in others:
        shared = ours.get(fold(name)) or (ours.get(fold(acronym)) if acronym else None)
        if shared:
            peers[place_id].add(shared)
    return {place_id: sorted(labels) for place_id, labels in peers.items()}


def _theme_peers(authority: Authority, partner_ids: frozenset[int]) -> dict[int, list[str]]:
    """Places other authorities partner with, or seat, on the themes of our partnerships."""
    # Two subqueries: joining both relations at once multiplies each theme's partnerships by
    # its activities (at national scale, hundreds of millions of rows).
    on_partnerships = Partnership.themes.through.objects.filter(partnership__authority=authority)
    on_activities = Activity.themes.through.objects.filter(activity__authority=authority)
    ours = Theme.objects.filter(
        Q(pk__in=on_partnerships.values("theme")) | Q(pk__in=on_activities.values("theme"))
    )
    names = {theme.pk: str(theme) for theme in ours}
    if not names:
        return {}
    rows = (
        Partnership.objects.exclude(authority=authority)
        .filter(themes__in=list(names))
        .values_list("partner_id", "authority__place_id", "themes")
    )
    peers: dict[int, set[str]] = defaultdict(set)
    for partner_id, seat_id, theme_id in rows:
        for place_id in (partner_id, seat_id):
            if place_id is not None and place_id not in partner_ids:
                peers[place_id].add(names[theme_id])
    return {place_id: sorted(labels) for place_id, labels in peers.items()}


def suggestions_for_authority(authority: Authority, **filters: Any) -> list[Any]:
    """Candidate partners for the authority's seat, best first (`suggest.suggest`'s filters).

    Empty when the authority has no seat recorded.
    """
    from twintowns.directory.suggest import suggest

    if authority.place is None:
        return []
    return suggest(authority.place, authority=authority, **filters)
