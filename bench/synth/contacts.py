"""Contacts: people at the partners, more of them at the busy partners."""

from bench.synth.drafts import Draft
from bench.synth.writer import Row, insert
from twintowns.lib.text import fold
from twintowns.partnerships.models import Contact

FIRST_NAMES = "Anna Mehmet Ayşe Li Olena Carlos Fatima Jonas Maria Ahmed Sofia Dmitri Yuki Amina"
LAST_NAMES = "Yılmaz Kaya Schmidt Novak Kim Garcia Petrov Rossi Haddad Jensen Silva Chen Popescu"
POSITIONS = [
    "Mayor",
    "Deputy Mayor",
    "Head of International Relations",
    "International Relations Officer",
    "Protocol Officer",
    "Secretary General",
    "Head of Culture Department",
    "Project Coordinator",
]
ORGANISATIONS = ["Municipality of {partner}", "{partner} City Council", "Office of the Mayor"]


def write_contacts(chunk: list[Draft]) -> None:
    """Each authority's contacts, spread over its partnerships by how busy each is."""
    insert(Contact, [contact for draft in chunk for contact in _contacts(draft)])


def _contacts(draft: Draft) -> list[Row]:
    rng, contacts = draft.rng, []
    first_names, last_names = FIRST_NAMES.split(), LAST_NAMES.split()
    for partner in (draft.partner(rng) for _ in range(draft.sizes.contacts)):
        first, last = rng.choice(first_names), rng.choice(last_names)
        domain = fold(partner.name).replace(" ", "-") or "city"
        contacts.append(
            {
                "partnership_id": partner.pk,
                "name": f"{first} {last}",
                "position": rng.choice(POSITIONS),
                "organisation": rng.choice(ORGANISATIONS).format(partner=partner.name),
                "email": f"{fold(first)}.{fold(last)}@{domain}.example.org",
                "phone": f"+{rng.randint(1, 998)} 555 {rng.randint(0, 9999):04}",
            }
        )
    return contacts
