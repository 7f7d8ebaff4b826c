"""Organizations and memberships: each authority's own networks, the popular ones more often."""

import datetime as dt
import random
from decimal import Decimal

from bench.synth.drafts import Context, Draft
from bench.synth.draws import Weighted
from bench.synth.writer import Row, give_ids, insert
from twintowns.networks.models import Membership, MembershipRole, Organization

MEMBERSHIP_ROLES = Weighted(
    {
        MembershipRole.MEMBER: 75,
        MembershipRole.BOARD: 15,
        MembershipRole.PRESIDIUM: 5,
        MembershipRole.OBSERVER: 5,
    }
)
NETWORK_REGIONS = "Black Sea|Mediterranean|Balkan|Silk Road|European|Asian|Turkic World|Caucasus"
NETWORK_TOPICS = "Historic|Green|Smart|Creative|Healthy|Youth|Resilient|Learning|Peace|Mobility"
NETWORK_FORMS = "Cities Network|Municipalities Union|Mayors Forum|Cities Association"
CATALOGUE_SIZE = 300


def _organization_catalogue() -> list[tuple[str, str]]:
    """A few hundred made-up international networks of cities: (name, acronym)."""
    names = [
        f"{region} {topic} {form}"
        for region in NETWORK_REGIONS.split("|")
        for topic in NETWORK_TOPICS.split("|")
        for form in NETWORK_FORMS.split("|")
    ]
    chosen = random.Random("organizations").sample(names, CATALOGUE_SIZE)
    return [(name, "".join(word[0] for word in name.split())) for name in chosen]


CATALOGUE = _organization_catalogue()


def write_memberships(chunk: list[Draft], context: Context) -> None:
    """Each authority's own organizations, the popular networks more often, one membership each."""
    organizations = [(draft, row) for draft in chunk for row in _organizations(draft)]
    give_ids([row for _draft, row in organizations], Organization)
    memberships = []
    for draft, row in organizations:
        draft.organizations.append((row["id"], row["name"]))
        memberships.append(_membership(draft, row["id"], context.today))
    insert(Organization, [row for _draft, row in organizations])
    insert(Membership, memberships)


def _organizations(draft: Draft) -> list[Row]:
    # Efraimidis-Spirakis: the k largest of u^(1/w) are a weighted sample without repeats.
    keys = [draft.rng.random() ** ((rank + 1) ** 0.8) for rank in range(len(CATALOGUE))]
    best = sorted(range(len(CATALOGUE)), key=keys.__getitem__)[-draft.sizes.memberships :]
    return [
        {"authority_id": draft.pk, "name": CATALOGUE[i][0], "acronym": CATALOGUE[i][1]}
        for i in sorted(best)
    ]


def _membership(draft: Draft, organization: int, today: dt.date) -> Row:
    rng = draft.rng
    since = rng.randint(1985, today.year)
    decided = dt.date(since, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.5 else None
    dues = rng.random() < 0.6
    return {
        "authority_id": draft.pk,
        "organization_id": organization,
        "role": MEMBERSHIP_ROLES.pick(rng),
        "since_year": since,
        "until_year": rng.randint(since, today.year) if rng.random() < 0.1 else None,
        "council_decision_number": f"{since}/{rng.randint(1, 999)}" if decided else "",
        "council_decision_date": decided,
        "annual_dues": Decimal(rng.randrange(500, 50_000, 50)) if dues else None,
        "dues_currency": rng.choice(["EUR", "EUR", "USD", "TRY"]) if dues else "",
    }
