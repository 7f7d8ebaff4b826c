"""The admin's change forms refuse to save over a change made since they were opened."""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    OrganizationFactory,
    PartnershipFactory,
    StaffRoleFactory,
    UserFactory,
)
from tests.forms import form_data
from tests.races import committed_elsewhere_before_the_claim
from twintowns.activities.models import Attachment
from twintowns.authorities.models import Authority, Role
from twintowns.authorities.records import record_save
from twintowns.authorities.scoped_admin import AuthorityScopedAdmin
from twintowns.core.models import Versioned
from twintowns.exchange.services import calendar_feed_create
from twintowns.partnerships.models import AgreementDocument, Contact, LifecycleEvent

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n" + b"0" * 100


def _partnership(authority: Authority) -> Any:
    return PartnershipFactory(authority=authority)


MAKERS: dict[str, Callable[[Authority], models.Model]] = {
    "partnership": _partnership,
    "lifecycleevent": lambda a: LifecycleEvent.objects.create(
        partnership=_partnership(a), status="active"
    ),
    "contact": lambda a: Contact.objects.create(partnership=_partnership(a), name="Kim"),
    "agreementdocument": lambda a: AgreementDocument.objects.create(
        partnership=_partnership(a), title="Protocol", file=SimpleUploadedFile("p.pdf", PDF)
    ),
    "activity": lambda a: ActivityFactory(authority=a),
    "attachment": lambda a: Attachment.objects.create(
        activity=ActivityFactory(authority=a), type="photo", file=SimpleUploadedFile("a.png", PNG)
    ),
    "organization": lambda a: OrganizationFactory(authority=a),
    "membership": lambda a: MembershipFactory(organization__authority=a),
    "authority": lambda a: a,
    "staffrole": lambda a: StaffRoleFactory(authority=a, role=Role.VIEWER),
    "calendarfeed": lambda a: calendar_feed_create(
        actor=StaffRoleFactory(authority=a).user, authority=a, label="Office", language="en"
    )[0],
}


def _changeable(model_admin: admin.ModelAdmin) -> bool:
    """Whether its change form can change anything: some field not read-only."""
    fields = model_admin.fields or [f.name for f in model_admin.model._meta.fields if f.editable]
    return bool(set(fields) - set(model_admin.readonly_fields) - {"id"})


SCOPED = {
    model._meta.model_name: model_admin
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, AuthorityScopedAdmin)
}


def test_every_record_the_admin_can_change_is_versioned_and_tried_below() -> None:
    changeable = {name for name, model_admin in SCOPED.items() if _changeable(model_admin)}
    assert changeable == set(MAKERS)
    assert all(issubclass(SCOPED[name].model, Versioned) for name in changeable)


def _administrator(authority: Authority, name: str) -> Client:
    user = UserFactory(username=name, is_staff=True)
    StaffRoleFactory(user=user, authority=authority, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_the_second_of_two_administrators_saving_a_record_is_refused(
    authority: Authority, name: str
) -> None:
    record = MAKERS[name](authority)
    alice, bob = _administrator(authority, "alice"), _administrator(authority, "bob")
    url = reverse(f"admin:{record._meta.app_label}_{name}_change", args=[record.pk])
    alices = form_data(alice.get(url).text, form_id=f"{name}_form")
    bobs = form_data(bob.get(url).text, form_id=f"{name}_form")
    assert alice.post(url, alices).status_code == 302
    history = record.history.count()  # type: ignore[attr-defined]

    refused = bob.post(url, bobs)

    assert refused.status_code == 200
    message = refused.context["adminform"].form.non_field_errors()[0]
    assert message.startswith("alice saved this record on ")
    assert message.endswith(
        ", after you opened it. Nothing of yours was saved. "
        "Open it again to see their change, then make yours."
    )
    record.refresh_from_db()
    assert (record.version, record.history.count()) == (2, history)  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_a_save_that_loses_the_race_after_the_forms_check_is_told_and_writes_nothing() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's writing transaction holds the database from its start")
    authority = Authority.objects.create(slug="ankara", name="Ankara")
    partnership = PartnershipFactory(authority=authority, notes="as read")
    bob = _administrator(authority, "bob")
    alice = StaffRoleFactory(authority=authority, role=Role.ADMIN).user
    url = reverse("admin:partnerships_partnership_change", args=[partnership.pk])
    bobs = form_data(bob.get(url).text, form_id="partnership_form")

    def alice_saves() -> None:
        fresh = type(partnership).objects.get(pk=partnership.pk)
        fresh.notes = "Alice's"
        record_save(fresh, actor=alice)

    with committed_elsewhere_before_the_claim(alice_saves):
        response = bob.post(url, bobs | {"notes": "Bob's"}, follow=True)

    (message,) = [str(m) for m in response.context["messages"]]
    assert message.endswith(
        ", after you opened it. Nothing of yours was saved. "
        "Open it again to see their change, then make yours."
    )
    partnership.refresh_from_db()
    assert (partnership.notes, partnership.version) == ("Alice's", 2)
