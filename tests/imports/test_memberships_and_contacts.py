"""Memberships and contacts: choices in either language, years, end before start refused."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import MembershipFactory, OrganizationFactory, PartnershipFactory
from tests.imports.helpers import run, write
from twintowns.authorities.models import Authority
from twintowns.networks.models import Membership
from twintowns.partnerships.models import Contact
from twintowns.places.models import Place


def test_memberships_import_with_turkish_headers_and_an_existing_organization(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    OrganizationFactory(
        authority=authority, name="United Cities and Local Governments", acronym="UCLG"
    )
    text = (
        "Kuruluş,Kısaltma,Rol,Üyelik yılı,Bitiş\n"
        "United Cities and Local Governments,UCLG,yönetim kurulu üyesi,2004,\n"
        "Avrupa Tarihi Şehirler Birliği,,üye,2010,2015\n"
    )
    plan = run(write(tmp_path, "uyelik.csv", text), authority, editor, kind="memberships")
    assert plan.errors == []
    assert sorted(
        Membership.objects.filter(authority=authority).values_list(
            "organization__name", "role", "since_year", "until_year"
        )
    ) == [
        ("Avrupa Tarihi Şehirler Birliği", "member", 2010, 2015),
        ("United Cities and Local Governments", "board", 2004, None),
    ]


def test_a_membership_ending_before_it_starts_is_refused(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    text = "Organization,Since,Until\nEurocities,2010,2004\nUCLG,2001,\n"
    before = snapshot()
    plan = run(write(tmp_path, "m.csv", text), authority, editor, kind="memberships")
    assert [(e["row"], e["column"], e["value"], e["message"]) for e in plan.errors] == [
        (2, "Until", "2004", "The end cannot be before the start.")
    ]
    assert snapshot() == before


def test_a_membership_already_there_is_not_duplicated(
    tmp_path: Path, authority: Authority, editor: object
) -> None:
    MembershipFactory(organization__authority=authority, organization__name="Eurocities")
    plan = run(
        write(tmp_path, "m.csv", "Organization\nEUROCITIES\n"),
        authority,
        editor,
        kind="memberships",
    )
    assert (plan.created, plan.existing, Membership.objects.count()) == (0, [2], 1)


@pytest.mark.usefixtures("gazetteer")
def test_contacts_attach_to_existing_partnerships_only(
    tmp_path: Path, authority: Authority, editor: object, snapshot: Callable[[], dict[str, int]]
) -> None:
    PartnershipFactory(authority=authority, partner=Place.objects.get(name="Seoul"))
    text = (
        "Şehir,Ülke,Ad Soyad,Görev,E-posta\n"
        "Seul,Güney Kore,Kim Min-ji,Protocol officer,kim@seoul.go.kr\n"
        "Vienna,Austria,Anna Huber,,anna@wien.gv.at\n"
    )
    before = snapshot()
    plan = run(write(tmp_path, "c.csv", text), authority, editor, kind="contacts")
    assert [(e["row"], e["column"], e["value"]) for e in plan.errors] == [(3, "Şehir", "Vienna")]
    assert snapshot() == before

    plan = run(
        write(tmp_path, "c.csv", text.rsplit("Vienna", 1)[0]), authority, editor, kind="contacts"
    )
    assert list(Contact.objects.values_list("name", "position", "email")) == [
        ("Kim Min-ji", "Protocol officer", "kim@seoul.go.kr")
    ]
