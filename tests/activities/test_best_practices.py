"""Best practices: marked on an activity with its lessons, found in a library by words and theme."""

import pytest
from django.urls import reverse

from tests.factories import (
    ActivityFactory,
    PartnershipFactory,
    PlaceFactory,
    StaffRoleFactory,
    UserFactory,
)
from twintowns.activities.models import Activity, Direction, Kind
from twintowns.activities.selectors import best_practice_themes, best_practices
from twintowns.activities.services import activity_create, activity_update
from twintowns.core.history import Change, history_entries
from twintowns.core.models import Theme

pytestmark = pytest.mark.django_db


def _practice(authority, editor, title, themes=(), **fields):
    values = {"kind": Kind.SITE_VISIT, "direction": Direction.INCOMING, "title": title}
    return activity_create(
        actor=editor,
        authority=authority,
        themes=Theme.objects.filter(code__in=themes),
        **(values | {"is_best_practice": True} | fields),
    )


FORM = {
    "title": "Site visit to the ITC solid waste management facility",
    "kind": "site_visit",
    "direction": "incoming",
    "date_precision": "day",
}


def test_the_form_saves_figures_and_lessons_through_the_service(editor_client, editor):
    response = editor_client.post(
        reverse("activities:create"),
        FORM
        | {
            "participants_count": "14",
            "agreements_signed": "0",
            "is_best_practice": "on",
            "lessons_learned": "Separate the waste in the districts first.",
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert (
        activity.participants_count,
        activity.citizens_involved,
        activity.agreements_signed,
        activity.is_best_practice,
        activity.lessons_learned,
    ) == (14, None, 0, True, "Separate the waste in the districts first.")
    assert activity.history.get().history_user == editor


def test_editing_the_lessons_is_in_the_history(editor_client, authority, editor):
    activity = _practice(authority, editor, FORM["title"], lessons_learned="First draft.")
    editor_client.post(
        reverse("activities:edit", args=[activity.pk]),
        FORM
        | {
            "is_best_practice": "on",
            "lessons_learned": "Second draft.",
            "youth_involved": 8,
            "read_version": activity.version,
        },
    )
    newest = history_entries(activity)[0]
    assert (newest.user, newest.changes) == (
        editor,
        [
            Change("young people involved", "—", "8"),
            Change("lessons learned", "First draft.", "Second draft."),
        ],
    )


def test_a_negative_figure_is_refused_on_its_field(editor_client):
    response = editor_client.post(reverse("activities:create"), FORM | {"media_items": "-2"})
    assert response.status_code == 422
    assert response.context["form"].errors["media_items"] == [
        "Ensure this value is greater than or equal to 0."
    ]
    assert Activity.objects.count() == 0


def test_the_form_shows_the_impact_and_best_practice_groups(editor_client):
    response = editor_client.get(reverse("activities:create"))
    text = response.text
    assert text.index("Outcomes") < text.index(">Impact</h2>") < text.index(">Best practice</h2>")
    assert 'name="participants_count" min="0"' in text
    assert "Mark it as a best practice" in text


def test_a_best_practice_needs_no_lessons_and_any_activity_may_have_lessons(authority, editor):
    # Decided: a practice is often recognised before its lessons are written up (the seed's
    # own best practice states none), and a visit that went wrong teaches lessons too.
    marked = _practice(authority, editor, "Solid waste facility")
    plain = _practice(
        authority,
        editor,
        "Bus depot visit",
        is_best_practice=False,
        lessons_learned="Book the interpreter earlier.",
    )
    assert (marked.is_best_practice, marked.lessons_learned) == (True, "")
    assert (plain.is_best_practice, plain.lessons_learned) == (
        False,
        "Book the interpreter earlier.",
    )
    assert list(best_practices(authority)) == [marked]


def test_the_library_finds_practices_by_turkish_folded_words(
    editor_client, authority, other_authority, editor
):
    waste = _practice(
        authority,
        editor,
        "Katı Atık Tesisi ziyareti",
        lessons_learned="Çöp ayrıştırma önce mahallede başlamalı.",
    )
    _practice(authority, editor, "Housing and restoration projects")
    not_marked = _practice(authority, editor, "Çöp toplama toplantısı", is_best_practice=False)
    for words in ["ÇÖP AYRIŞTIRMA", "cop ayristirma", "KATI ATIK", "katı atık"]:
        response = editor_client.get(reverse("activities:best_practices"), {"q": words})
        assert list(response.context["practices"]) == [waste], words
    assert not_marked not in best_practices(authority, {"q": "çöp"})


def test_the_library_filters_by_theme_and_counts_each(editor_client, authority, editor):
    waste = _practice(authority, editor, "Solid waste facility", ["environment", "social-services"])
    _practice(authority, editor, "Culture days programme", ["culture"])
    _practice(authority, editor, "Not a practice", ["environment"], is_best_practice=False)

    response = editor_client.get(reverse("activities:best_practices"), {"theme": "environment"})

    assert list(response.context["practices"]) == [waste]
    assert [(str(t), t.practices) for t in response.context["themes"]] == [
        ("Environment", 1),
        ("Social and cultural activities", 1),
        ("Social services", 1),
    ]


def test_another_authoritys_practices_never_appear(
    editor_client, authority, other_authority, editor
):
    stranger = StaffRoleFactory(authority=other_authority, user=UserFactory()).user
    _practice(other_authority, stranger, "Izmir waste facility", ["environment"])
    for query in [{}, {"q": "waste"}, {"theme": "environment"}]:
        response = editor_client.get(reverse("activities:best_practices"), query)
        assert list(response.context["practices"]) == []
        assert "Izmir" not in response.text
    assert list(best_practice_themes(authority)) == []


def test_each_entry_shows_its_lessons_or_says_none_are_recorded(editor_client, authority, editor):
    _practice(authority, editor, "Solid waste facility", lessons_learned="Start small.")
    _practice(authority, editor, "Housing projects")
    response = editor_client.get(reverse("activities:best_practices"))
    assert "Start small." in response.text
    assert response.text.count("No lessons recorded yet.") == 1


def test_htmx_search_returns_only_the_results(editor_client, authority, editor):
    _practice(authority, editor, "Solid waste facility")
    response = editor_client.get(
        reverse("activities:best_practices"), {"q": "waste"}, headers={"HX-Request": "true"}
    )
    assert "<nav" not in response.text
    assert "1 best practice" in response.text


def test_the_activity_page_shows_the_badge_lessons_and_figures(editor_client, authority, editor):
    activity = _practice(
        authority,
        editor,
        "Solid waste facility",
        lessons_learned="Start small.",
        participants_count=1500,
        agreements_signed=0,
    )
    text = editor_client.get(activity.get_absolute_url()).text
    assert "bi-award" in text and "Start small." in text
    assert activity.figures == [("Number of participants", 1500), ("Agreements signed", 0)]
    assert "1,500" in text


def test_an_ordinary_activity_shows_no_badge_and_no_lessons(editor_client, authority):
    activity = ActivityFactory(authority=authority)
    text = editor_client.get(activity.get_absolute_url()).text
    assert "bi-award" not in text
    assert "Lessons learned" not in text
    assert "No figures counted." in text


def test_unmarking_keeps_the_lessons(authority, editor):
    activity = _practice(authority, editor, "Solid waste facility", lessons_learned="Start small.")
    activity_update(actor=editor, activity=activity, is_best_practice=False)
    activity.refresh_from_db()
    assert (activity.is_best_practice, activity.lessons_learned) == (False, "Start small.")
    assert list(best_practices(authority)) == []


def _practices(authority, editor, n):
    for i in range(n):
        partnership = PartnershipFactory(authority=authority, partner=PlaceFactory())
        _practice(
            authority,
            editor,
            f"Practice {i}",
            ["environment", "culture"],
            partnerships=[partnership],
            lessons_learned=f"Lesson {i}",
        )


@pytest.mark.parametrize("n", [1, 3])
def test_the_library_costs_a_fixed_number_of_queries(
    editor_client, authority, editor, django_assert_num_queries, n
):
    _practices(authority, editor, n)
    with django_assert_num_queries(9):
        response = editor_client.get(reverse("activities:best_practices"))
    assert [a.lessons_learned for a in response.context["practices"]] == [
        f"Lesson {i}" for i in reversed(range(n))
    ]
