import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import ActivityFactory, OrganizationFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Activity, Attachment, Direction, Kind
from twintowns.activities.services import (
    activity_create,
    activity_update,
    attachment_add,
    culture_days_pair,
)
from twintowns.core.history import Change, history_entries

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _visit(authority, editor, **fields):
    values = {
        "kind": Kind.SITE_VISIT,
        "direction": Direction.INCOMING,
        "title": "Kabul delegation",
    } | fields
    return activity_create(actor=editor, authority=authority, **values)


def test_activity_with_year_only_keeps_the_year(authority, editor):
    activity = _visit(authority, editor, starts_on=dt.date(2006, 7, 3), date_precision="year")
    activity.refresh_from_db()
    assert activity.starts_on == dt.date(2006, 1, 1)
    assert activity.when == "2006"


def test_end_before_start_is_refused_on_the_end_field(authority, editor):
    with pytest.raises(ValidationError) as refused:
        _visit(authority, editor, starts_on=dt.date(2015, 9, 13), ends_on=dt.date(2015, 9, 10))
    assert refused.value.message_dict == {"ends_on": ["The end cannot be before the start."]}
    assert Activity.objects.count() == 0


def test_partners_of_another_authority_are_refused(authority, other_authority, editor):
    foreign = PartnershipFactory(authority=other_authority)
    with pytest.raises(ValidationError) as refused:
        _visit(authority, editor, partnerships=[foreign])
    assert list(refused.value.message_dict) == ["partnerships"]
    assert Activity.objects.count() == 0


def test_organization_of_another_authority_is_refused(authority, other_authority, editor):
    with pytest.raises(ValidationError) as refused:
        _visit(authority, editor, organization=OrganizationFactory(authority=other_authority))
    assert list(refused.value.message_dict) == ["organization"]


def test_viewer_cannot_record_an_activity(authority, viewer):
    with pytest.raises(PermissionDenied):
        _visit(authority, viewer)
    assert Activity.objects.count() == 0


def test_partner_change_is_in_the_history(authority, editor):
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kabul"))
    activity = _visit(authority, editor)
    activity_update(actor=editor, activity=activity, partnerships=[kabul])
    newest = activity.history.latest()
    delta = newest.diff_against(newest.prev_record)
    assert [c.field for c in delta.changes] == ["partnerships"]
    assert newest.history_user == editor


def test_search_text_follows_the_partners(authority, editor):
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kâbil"))
    activity = _visit(authority, editor, title="Solid waste facility")
    activity_update(actor=editor, activity=activity, partnerships=[kabul])
    activity.refresh_from_db()
    assert activity.search_text == "solid waste facility kabil"


def test_culture_days_are_paired_with_their_answer(authority, editor):
    there = _visit(
        authority,
        editor,
        kind=Kind.CULTURE_DAYS,
        title="Ankara Days in Seoul",
        direction=Direction.ABROAD,
    )
    here = _visit(
        authority,
        editor,
        kind=Kind.CULTURE_DAYS,
        title="Seoul Days in Ankara",
        direction=Direction.HOSTED,
    )
    culture_days_pair(actor=editor, first=there, answer=here)
    assert Activity.objects.get(pk=here.pk).reciprocated_by == there


def test_only_culture_days_pair_with_culture_days(authority, editor):
    days = _visit(authority, editor, kind=Kind.CULTURE_DAYS, title="Ankara Days in Seoul")
    visit = _visit(authority, editor)
    with pytest.raises(ValidationError) as refused:
        culture_days_pair(actor=editor, first=days, answer=visit)
    assert list(refused.value.message_dict) == ["reciprocal"]
    days.refresh_from_db()
    assert days.reciprocal is None


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("minutes.exe", b"MZ...", "file_type"),
        ("photo.png", b"not a png at all", "file_content"),
        ("agreement.pdf", PNG, "file_content"),
    ],
)
def test_disallowed_upload_is_refused_with_its_name(authority, editor, name, content, code):
    activity = ActivityFactory(authority=authority)
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as refused:
        attachment_add(
            actor=editor, attachment=Attachment(activity=activity, type="document", file=upload)
        )
    assert refused.value.error_dict["file"][0].code == code
    assert name in refused.value.message_dict["file"][0]
    assert Attachment.objects.count() == 0


def test_oversized_upload_is_refused(authority, editor, settings):
    settings.UPLOAD_MAX_BYTES = 50
    activity = ActivityFactory(authority=authority)
    with pytest.raises(ValidationError) as refused:
        attachment_add(
            actor=editor,
            attachment=Attachment(
                activity=activity, type="photo", file=SimpleUploadedFile("big.png", PNG)
            ),
        )
    assert "largest file allowed is 50" in refused.value.message_dict["file"][0]
    assert Attachment.objects.count() == 0


def test_pdf_and_png_are_kept(authority, editor):
    activity = ActivityFactory(authority=authority)
    for name, content in [("programme.pdf", PDF), ("photo.png", PNG)]:
        attachment_add(
            actor=editor,
            attachment=Attachment(
                activity=activity, type="document", file=SimpleUploadedFile(name, content)
            ),
        )
    assert activity.attachments.count() == 2


def test_history_names_the_partners_added(authority, editor):
    kabul = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Kabul"))
    activity = _visit(authority, editor)
    activity_update(actor=editor, activity=activity, partnerships=[kabul])
    newest = history_entries(activity)[0]
    assert (newest.user, newest.changes) == (editor, [Change("partners", "—", "Kabul")])


def _days(authority, editor, title, direction, **fields):
    return _visit(
        authority, editor, kind=Kind.CULTURE_DAYS, title=title, direction=direction, **fields
    )


def test_new_culture_days_are_linked_to_days_already_recorded(authority, editor):
    seoul_days = _days(authority, editor, "Seoul Days in Ankara", Direction.HOSTED)

    ankara_days = _days(
        authority, editor, "Ankara Days in Seoul", Direction.ABROAD, reciprocal=seoul_days
    )

    assert Activity.objects.get(pk=ankara_days.pk).reciprocal == seoul_days
    assert Activity.objects.get(pk=seoul_days.pk).reciprocated_by == ankara_days


def test_days_that_already_answer_others_are_refused_on_the_reciprocal_field(authority, editor):
    seoul_days = _days(authority, editor, "Seoul Days in Ankara", Direction.HOSTED)
    _days(authority, editor, "Ankara Days in Seoul", Direction.ABROAD, reciprocal=seoul_days)

    with pytest.raises(ValidationError) as refused:
        _days(authority, editor, "Ankara Days in Busan", Direction.ABROAD, reciprocal=seoul_days)

    assert refused.value.message_dict == {
        "reciprocal": ["The days chosen already answer other days."]
    }
    assert list(Activity.objects.order_by("pk").values_list("title", flat=True)) == [
        "Seoul Days in Ankara",
        "Ankara Days in Seoul",
    ]
