"""`twintowns synth`: synthetic authorities at metro or national scale, apart from real ones."""

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from bench.synth import (
    LARGEST_SLUG,
    MEDIAN_SLUG,
    METRO,
    NATIONAL,
    Scale,
    Sizes,
    SynthRefused,
    apportion,
    skewed_sizes,
    synth_create,
    synth_delete,
)
from tests.factories import (
    ActivityFactory,
    AuthorityFactory,
    CountryFactory,
    PartnershipFactory,
    PlaceFactory,
    UserFactory,
)
from twintowns.activities.models import Activity
from twintowns.activities.selectors import activity_list
from twintowns.activities.services import _search_text
from twintowns.authorities.models import Authority, StaffRole
from twintowns.authorities.registry import owned
from twintowns.insights.health import health_report
from twintowns.insights.reciprocity import reciprocity_report
from twintowns.insights.trends import trends
from twintowns.networks.models import Membership, Organization
from twintowns.partnerships.models import Contact, LifecycleEvent, Partnership, date_errors

TODAY = dt.date(2026, 6, 1)
TINY_NATIONAL = Scale("national", 4, Sizes(12, 120, 24, 8), Sizes(6, 60, 12, 3))
TINY_METRO = Scale("metro", 1, Sizes(5, 60, 10, 3), Sizes(5, 60, 10, 3))


def _create(scale: Scale = TINY_NATIONAL, seed: int = 1, **options: Any) -> Any:
    return synth_create(scale=scale, seed=seed, today=TODAY, **options)


# -- Sizes --------------------------------------------------------------------------------


def test_skewed_sizes_sum_exactly_and_come_largest_first() -> None:
    partnerships = skewed_sizes(total=30_000, count=1_400, largest=300)
    activities = skewed_sizes(total=500_000, count=1_400, largest=20_000)

    assert (len(partnerships), sum(partnerships), partnerships[0]) == (1_400, 30_000, 300)
    assert (len(activities), sum(activities), activities[0]) == (1_400, 500_000, 20_000)
    assert partnerships == sorted(partnerships, reverse=True)
    assert activities == sorted(activities, reverse=True)
    assert min(partnerships) >= 1
    assert sum(1 for n in partnerships if n <= 6) >= 700  # many small ones


def test_skewed_sizes_refuse_less_than_one_each() -> None:
    with pytest.raises(ValueError, match="at least one each"):
        skewed_sizes(total=3, count=4, largest=2)


def test_apportion_keeps_the_total_and_the_order() -> None:
    assert apportion(10, [1.0, 1.0, 1.0]) == [4, 3, 3]
    assert apportion(7, [5.0, 3.0, 2.0]) == [4, 2, 1]


def test_national_preset_sums_to_its_totals_with_a_metro_sized_largest() -> None:
    sizes = NATIONAL.sizes()

    assert len(sizes) == 1_400
    assert sum(s.partnerships for s in sizes) == 30_000
    assert sum(s.activities for s in sizes) == 500_000
    assert sum(s.contacts for s in sizes) == 60_000
    assert sum(s.memberships for s in sizes) == 7_000
    assert sizes[0] == Sizes(partnerships=300, activities=20_000, contacts=600, memberships=30)
    assert sizes[699] == Sizes(partnerships=6, activities=25, contacts=12, memberships=3)
    assert LARGEST_SLUG == {"metro": "synth-metro", "national": "synth-0001"}
    assert MEDIAN_SLUG == {"metro": "synth-metro", "national": "synth-0700"}
    assert METRO.sizes() == [Sizes(300, 20_000, 2_000, 30)]


# -- What it writes -----------------------------------------------------------------------


@pytest.mark.django_db
def test_it_writes_marked_authorities_with_the_exact_sizes() -> None:
    report = _create(TINY_NATIONAL)

    synthetic = Authority.objects.filter(synthetic=True).order_by("slug")
    assert [a.slug for a in synthetic] == ["synth-0001", "synth-0002", "synth-0003", "synth-0004"]
    assert all(a.name.endswith(" (synthetic)") for a in synthetic)
    assert all(a.name_tr.endswith(" (sentetik)") for a in synthetic)
    sizes = TINY_NATIONAL.sizes()
    for authority, size in zip(synthetic, sizes, strict=True):
        assert Partnership.objects.filter(authority=authority).count() == size.partnerships
        assert Activity.objects.filter(authority=authority).count() == size.activities
        assert Contact.objects.filter(partnership__authority=authority).count() == size.contacts
        assert Membership.objects.filter(authority=authority).count() == size.memberships
    assert Organization.objects.count() == 8
    assert (report.partnerships, report.activities, report.memberships) == (12, 120, 8)
    assert "4 synthetic authorities" in str(report)


@pytest.mark.django_db
def test_records_written_in_several_chunks_link_within_their_authority() -> None:
    done: list[int] = []
    _create(TINY_NATIONAL, chunk=30, progress=done.append)

    assert done == [60, 90, 120]  # chunks of 60, 30 and 18 + 12 activities
    activities = Activity.objects.filter(authority__synthetic=True)
    assert activities.count() == 120
    assert not activities.exclude(partnerships__isnull=True).exclude(
        partnerships__authority=F("authority")
    )
    paired = activities.filter(reciprocal__isnull=False)
    assert paired.exists()
    assert not paired.exclude(reciprocal__authority=F("authority"))
    contacts = Contact.objects.filter(partnership__authority__synthetic=True)
    assert contacts.count() == 24


@pytest.mark.django_db
def test_synthetic_records_have_no_history() -> None:
    _create(TINY_NATIONAL)
    _create(TINY_NATIONAL, replace=True)

    assert Activity.history.count() == 0
    assert Partnership.history.count() == 0
    assert Authority.history.count() == 0


@pytest.mark.django_db
def test_the_records_are_lifelike() -> None:
    _create(TINY_METRO)

    activities = Activity.objects.filter(authority__slug="synth-metro")
    assert {a.date_precision for a in activities} == {"day", "month", "year"}
    assert activities.filter(starts_on__gt=TODAY).exists()  # planned
    assert activities.filter(starts_on__isnull=True).exists()
    assert activities.exclude(outcomes="").exists()
    assert LifecycleEvent.objects.filter(partnership__authority__slug="synth-metro").exists()
    for activity in activities.prefetch_related("partnerships__partner").select_related("place"):
        assert activity.search_text == _search_text(activity, activity.partnerships.all())


@pytest.mark.django_db
def test_synthetic_partnerships_pass_the_rules_on_dates() -> None:
    many = Scale("metro", 1, Sizes(1_000, 1_000, 1, 1), Sizes(1_000, 1_000, 1, 1))
    _create(many)

    partnerships = Partnership.objects.filter(authority__slug="synth-metro")
    refused = {p.pk: date_errors(p, timezone.localdate()) for p in partnerships}
    assert {pk: errors for pk, errors in refused.items() if errors} == {}
    # Every rule had something to check.
    assert partnerships.filter(council_decision_date__isnull=False, signed_on__isnull=False)
    assert partnerships.filter(council_decision_date__isnull=False, status="approved")
    assert partnerships.filter(
        ministry_approval_date__isnull=False, council_decision_date__isnull=False
    )
    assert partnerships.filter(signed_precision="year", council_decision_date__isnull=False)


@pytest.mark.django_db
def test_the_insight_and_list_pages_read_them() -> None:
    _create(TINY_METRO)
    metro = Authority.objects.get(slug="synth-metro")

    report = health_report(metro, TODAY)
    assert len(report.rows) + len(report.ended) == 5
    assert sum(r.total for r in trends(metro, TODAY)[0].rows) == 60
    assert reciprocity_report(metro, TODAY).exchanges
    partner = Partnership.objects.filter(authority=metro, activities__isnull=False).first()
    assert partner is not None
    found = activity_list(metro, {"q": partner.partner.name})
    assert set(partner.activities.all()) <= set(found)


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_records() -> None:
    _create(TINY_NATIONAL, seed=7)
    first = _snapshot()
    _create(TINY_NATIONAL, seed=7, replace=True)
    again = _snapshot()
    _create(TINY_NATIONAL, seed=8, replace=True)

    assert again == first
    assert _snapshot() != first


def _snapshot() -> list[tuple[Any, ...]]:
    activities = Activity.objects.filter(authority__synthetic=True)
    return sorted(
        activities.values_list(
            "authority__slug",
            "title",
            "kind",
            "direction",
            "starts_on",
            "ends_on",
            "partnerships__partner__name",
            "reciprocal__title",
        ),
        key=repr,  # dates and None side by side
    )


# -- Real data is never touched -----------------------------------------------------------


@pytest.mark.django_db
def test_it_refuses_to_run_twice_without_replace() -> None:
    _create(TINY_NATIONAL)

    with pytest.raises(SynthRefused, match="already exist"):
        _create(TINY_NATIONAL)


@pytest.mark.django_db
def test_replace_deletes_only_that_scales_synthetic_authorities(authority: Authority) -> None:
    demo_activity = ActivityFactory(
        authority=authority, partnerships=[PartnershipFactory(authority=authority)]
    )
    _create(TINY_METRO)
    _create(TINY_NATIONAL)
    old = set(Authority.objects.filter(slug__startswith="synth-0").values_list("pk", flat=True))

    _create(TINY_NATIONAL, replace=True)

    new = set(Authority.objects.filter(slug__startswith="synth-0").values_list("pk", flat=True))
    assert len(new) == 4
    assert not old & new
    assert Authority.objects.filter(slug="synth-metro").exists()
    assert list(authority.activities.all()) == [demo_activity]
    assert authority.partnerships.count() == 1
    assert Activity.objects.count() == 1 + 60 + 120


@pytest.mark.django_db
def test_deleting_a_scale_leaves_every_table_as_before_it_was_made(authority: Authority) -> None:
    ActivityFactory(authority=authority, partnerships=[PartnershipFactory(authority=authority)])
    _create(TINY_METRO)
    _create(TINY_NATIONAL)
    synth_delete(TINY_NATIONAL)  # the made-up places and countries stay, for the next run
    before = _row_counts()
    _create(TINY_NATIONAL)

    deleted = synth_delete(TINY_NATIONAL)

    assert deleted == 4
    assert _row_counts() == before


@pytest.mark.django_db
def test_synth_makes_rows_of_exactly_the_models_the_registry_says_it_synthesises() -> None:
    _create(TINY_METRO, viewer=UserFactory())

    made = {
        entry.model._meta.label
        for entry in owned()
        if entry.model._default_manager.filter(
            **{"synthetic" if entry.path == "pk" else f"{entry.path}__synthetic": True}
        ).exists()
    }

    assert made == {entry.model._meta.label for entry in owned() if entry.synthesised}


def _row_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_a_real_authority_with_a_synthetic_slug_is_left_alone() -> None:
    real = AuthorityFactory(slug="synth-metro", name="Not synthetic")

    with pytest.raises(SynthRefused, match="real authority"):
        _create(TINY_METRO, replace=True)
    assert Authority.objects.get(pk=real.pk).name == "Not synthetic"


@pytest.mark.django_db
def test_gazetteer_places_are_used_when_loaded(authority: Authority) -> None:
    turkey = CountryFactory(code="TR", name="Türkiye", name_tr="Türkiye", continent="AS")
    ankara, izmir, bursa, konya = (
        PlaceFactory(name=name, country=turkey, population=population)
        for name, population in [
            ("Ankara", 4_000_000),
            ("İzmir", 3_000_000),
            ("Bursa", 2_000_000),
            ("Konya", 1_000_000),
        ]
    )
    authority.place = ankara  # the demo's seat: never a synthetic one's
    authority.save()
    metropolis = PlaceFactory(population=10_000_000)  # 100 times as likely as each village
    abroad = {metropolis.pk} | {PlaceFactory(population=1_000).pk for _ in range(40)}

    _create(TINY_NATIONAL)

    seats = Authority.objects.filter(synthetic=True).order_by("slug")
    assert [a.place_id for a in seats][:3] == [izmir.pk, bursa.pk, konya.pk]
    assert seats[0].name == "İzmir (synthetic)"
    assert seats[3].place is not None and seats[3].place.country_id == "AA"  # made up
    for seat in seats:
        partners = list(seat.partnerships.values_list("partner_id", flat=True))
        assert len(partners) == len(set(partners))
        assert set(partners) <= abroad
    assert Partnership.objects.filter(partner=metropolis).count() >= 3  # of the 4


# -- The command --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_writes_the_metro_preset(capsys: pytest.CaptureFixture[str]) -> None:
    UserFactory(username="measurer")

    call_command("synth", scale="metro", seed=3, viewer="measurer")

    metro = Authority.objects.get(slug="synth-metro", synthetic=True)
    assert Partnership.objects.filter(authority=metro).count() == 300
    assert Activity.objects.filter(authority=metro).count() == 20_000
    assert Contact.objects.filter(partnership__authority=metro).count() == 2_000
    assert Membership.objects.filter(authority=metro).count() == 30
    assert Organization.objects.filter(authority=metro).count() == 30
    assert StaffRole.objects.filter(user__username="measurer", authority=metro).exists()
    kinds = Counter(Activity.objects.filter(authority=metro).values_list("kind", flat=True))
    assert len(kinds) == 7
    output = capsys.readouterr()
    assert "300 partnerships, 20,000 activities, 2,000 contacts and 30 memberships" in output.out
    assert "20000/20000" in output.err  # the progress bar


@pytest.mark.django_db
def test_the_command_refuses_existing_synthetic_authorities() -> None:
    AuthorityFactory(slug="synth-metro", synthetic=True)

    with pytest.raises(CommandError, match="add --replace"):
        call_command("synth", scale="metro")


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_viewer() -> None:
    with pytest.raises(CommandError, match="No user"):
        call_command("synth", scale="metro", viewer="nobody")
