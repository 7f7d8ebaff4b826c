"""Partnership health: each part pinned on hand-built cases, and the reads that feed it."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from tests.factories import ActivityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Direction
from twintowns.core.models import Theme
from twintowns.insights.health import Inputs, Thresholds, health_report, score
from twintowns.partnerships.models import LifecycleEvent, Status

TODAY = dt.date(2026, 6, 30)
DEFAULT = Thresholds()


def _scores(inputs: Inputs, thresholds: Thresholds = DEFAULT) -> dict[str, int]:
    health = score(inputs, thresholds, TODAY)
    return {part.key: part.score for part in health.parts} | {"total": health.total}


def test_a_partnership_with_no_activity_scores_zero_and_is_paper_only() -> None:
    health = score(Inputs(), DEFAULT, TODAY)
    assert [p.score for p in health.parts] == [0, 0, 0, 0, 0]
    assert health.total == 0
    assert health.paper_only
    assert health.last_activity is None
    with translation.override("en"):
        assert score(Inputs(), DEFAULT, TODAY).dormant == "paper only: no activity recorded"


@pytest.mark.parametrize(
    ("last_day", "recency"),
    [
        (dt.date(2026, 6, 1), 100),  # within a year
        (dt.date(2025, 7, 1), 100),  # 365 days: still within a year
        (dt.date(2024, 6, 30), 50),  # two years: halfway from 1 to 3
        (dt.date(2023, 6, 30), 0),  # three years: the dormant threshold
        (dt.date(2016, 5, 1), 0),
    ],
)
def test_recency_is_full_within_a_year_and_nothing_at_the_dormant_threshold(
    last_day: dt.date, recency: int
) -> None:
    assert _scores(Inputs(held=1, last_day=last_day))["recency"] == recency


def test_a_year_only_date_counts_as_the_last_day_of_that_year() -> None:
    health = score(Inputs(held=1, last_year=dt.date(2024, 1, 1)), DEFAULT, TODAY)
    assert health.last_activity == dt.date(2024, 12, 31)
    # 546 days = 1.49 years: 100 × (3 − 1.49) ÷ 2 = 75.3
    assert health.parts[0].score == 75
    with translation.override("en"):
        text = score(Inputs(held=1, last_year=dt.date(2024, 1, 1)), DEFAULT, TODAY).parts[0]
    assert text.inputs == "last activity 2024, counted as Dec. 31, 2024 → 1.5 years ago"


def test_a_month_only_date_counts_as_the_last_day_of_that_month_and_never_after_today() -> None:
    assert score(
        Inputs(held=1, last_month=dt.date(2025, 2, 1)), DEFAULT, TODAY
    ).last_activity == dt.date(2025, 2, 28)
    assert (
        score(Inputs(held=1, last_year=dt.date(2026, 1, 1)), DEFAULT, TODAY).last_activity == TODAY
    )


def test_the_latest_of_day_month_and_year_dates_is_the_last_activity() -> None:
    inputs = Inputs(
        held=3,
        last_day=dt.date(2024, 11, 2),
        last_month=dt.date(2024, 11, 1),
        last_year=dt.date(2023, 1, 1),
    )
    assert score(inputs, DEFAULT, TODAY).last_activity == dt.date(2024, 11, 30)


def test_frequency_compares_the_activities_in_the_window_with_those_expected() -> None:
    assert _scores(Inputs(held=3, in_window=3))["frequency"] == 60  # 3 of 5 × 1
    assert _scores(Inputs(held=9, in_window=9))["frequency"] == 100  # capped
    two_a_year = Thresholds(expected_per_year=2)
    assert _scores(Inputs(held=3, in_window=3), two_a_year)["frequency"] == 30


def test_frequency_of_a_partnership_signed_inside_the_window_expects_only_its_years() -> None:
    inputs = Inputs(held=1, in_window=1, signed_on=dt.date(2025, 3, 1))  # 2025 and 2026
    assert _scores(inputs)["frequency"] == 50


@pytest.mark.parametrize(
    ("here", "there", "reciprocity"), [(0, 0, 0), (2, 2, 100), (3, 1, 50), (4, 0, 0), (1, 2, 67)]
)
def test_reciprocity_is_one_minus_the_imbalance(here: int, there: int, reciprocity: int) -> None:
    assert _scores(Inputs(held=here + there, here=here, there=there))["reciprocity"] == reciprocity


def test_breadth_and_follow_through() -> None:
    scores = _scores(Inputs(held=4, distinct_themes=2, with_outcomes=1))
    assert (scores["breadth"], scores["follow_through"]) == (67, 25)
    assert _scores(Inputs(held=4, distinct_themes=5))["breadth"] == 100


def test_the_total_is_the_weighted_mean_of_the_parts() -> None:
    inputs = Inputs(
        held=4,
        last_day=dt.date(2026, 1, 10),
        in_window=3,
        here=3,
        there=1,
        distinct_themes=2,
        with_outcomes=1,
    )
    weights = {"recency": 2, "frequency": 1, "reciprocity": 1, "breadth": 1, "follow_through": 0}
    health = score(inputs, Thresholds(weights=weights), TODAY)
    assert [(p.score, p.weight) for p in health.parts] == [
        (100, 2),
        (60, 1),
        (50, 1),
        (67, 1),
        (25, 0),
    ]
    assert (health.weighted_sum, health.weight_sum, health.total) == (377, 5, 75)


def test_dormant_candidates_are_active_or_signed_partnerships_silent_for_the_threshold() -> None:
    silent = Inputs(held=2, last_day=dt.date(2022, 1, 1))
    assert score(silent, DEFAULT, TODAY).dormant
    assert not score(silent, Thresholds(dormant_years=5), TODAY).dormant
    for status in (Status.DORMANT, Status.ENDED, Status.PROPOSED):
        assert not score(Inputs(status=status), DEFAULT, TODAY).dormant
    assert score(Inputs(status=Status.SIGNED), DEFAULT, TODAY).dormant


def test_a_partnership_signed_less_than_the_threshold_ago_is_not_yet_a_dormant_candidate() -> None:
    assert not score(Inputs(signed_on=dt.date(2025, 1, 1)), DEFAULT, TODAY).dormant
    assert score(Inputs(signed_on=dt.date(2020, 1, 1)), DEFAULT, TODAY).dormant


def test_only_undated_activities_make_a_dormant_candidate_with_its_reason() -> None:
    with translation.override("en"):
        assert score(Inputs(held=2), DEFAULT, TODAY).dormant == "no dated activity"


def test_thresholds_come_from_the_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TWINTOWNS_HEALTH = {"dormant_years": 5, "weights": {"breadth": 3}}
    thresholds = Thresholds.from_settings()
    assert thresholds.dormant_years == 5
    assert thresholds.window_years == 5
    assert dict(thresholds.weights) == {
        "recency": 1,
        "frequency": 1,
        "reciprocity": 1,
        "breadth": 3,
        "follow_through": 1,
    }


@pytest.mark.parametrize(
    "health",
    [
        {"dormant_years": 0},
        {"weights": {"recency": -1}},
        {"weights": dict.fromkeys(Thresholds().weights, 0)},
        {"weights": {"charm": 1}},
        {"dormancy": 3},
    ],
)
def test_a_bad_threshold_stops_the_start(settings, health) -> None:  # type: ignore[no-untyped-def]
    settings.TWINTOWNS_HEALTH = health
    with pytest.raises(ImproperlyConfigured):
        Thresholds.from_settings()


# -- Reads, on hand-built records --------------------------------------------------------


def _activity(authority, partnership, starts_on, **fields):  # type: ignore[no-untyped-def]
    return ActivityFactory(
        authority=authority, partnerships=[partnership], starts_on=starts_on, **fields
    )


@pytest.mark.django_db
def test_the_report_reads_each_input_from_the_records(authority) -> None:  # type: ignore[no-untyped-def]
    partnership = PartnershipFactory(authority=authority)
    culture, economy = Theme.objects.get(code="culture"), Theme.objects.get(code="economy")
    _activity(authority, partnership, dt.date(2025, 3, 4), direction=Direction.INCOMING)
    _activity(
        authority,
        partnership,
        dt.date(2024, 1, 1),
        date_precision="year",
        direction=Direction.OUTGOING,
        outcomes="A twinning of two schools.",
    )
    _activity(authority, partnership, None, direction=Direction.HOSTED).themes.set([culture])
    _activity(authority, partnership, dt.date(2019, 5, 1), direction=Direction.ABROAD).themes.set(
        [culture, economy]
    )
    _activity(authority, partnership, dt.date(2027, 1, 10))  # planned: not counted

    [row] = health_report(authority, TODAY).rows

    health = row.health
    assert health.last_activity == dt.date(2025, 3, 4)
    assert {p.key: p.score for p in health.parts} == {
        "recency": 85,  # 483 days = 1.3 years: 100 × (3 − 1.3) ÷ 2
        "frequency": 40,  # 2025 and 2024 of 2022–2026: 2 of 5
        "reciprocity": 100,  # here: incoming and hosted; there: outgoing and abroad
        "breadth": 67,  # culture and economy, of 3
        "follow_through": 25,  # 1 of the 4 held
    }
    assert health.planned == 1
    assert not health.dormant


@pytest.mark.django_db
def test_a_resumed_partnership_counts_only_the_activities_since_its_resumption(authority) -> None:  # type: ignore[no-untyped-def]
    partnership = PartnershipFactory(authority=authority, status=Status.ACTIVE)
    for status, day in [
        (Status.ACTIVE, dt.date(2000, 1, 1)),
        (Status.ENDED, dt.date(2010, 5, 1)),
        (Status.ACTIVE, dt.date(2020, 3, 1)),
    ]:
        LifecycleEvent.objects.create(partnership=partnership, status=status, date=day)
    _activity(authority, partnership, dt.date(2005, 1, 1), outcomes="Before the end.")
    _activity(authority, partnership, dt.date(2015, 1, 1), outcomes="While ended.")
    _activity(authority, partnership, None, outcomes="Undated: cannot be placed after it.")
    _activity(authority, partnership, dt.date(2021, 9, 1))

    [row] = health_report(authority, TODAY).rows

    assert row.health.resumed_on == dt.date(2020, 3, 1)
    assert row.health.last_activity == dt.date(2021, 9, 1)
    parts = {p.key: p for p in row.health.parts}
    assert parts["follow_through"].score == 0  # the one held since has no outcomes
    assert "of 1" in parts["follow_through"].inputs
    assert parts["frequency"].score == 0  # 2021 is before the window, 2022–2026
    assert row.health.dormant  # 4.8 years since 2021-09-01


@pytest.mark.django_db
def test_ended_partnerships_are_neither_scored_nor_flagged(authority) -> None:  # type: ignore[no-untyped-def]
    ended = PartnershipFactory(authority=authority, status=Status.ENDED)
    active = PartnershipFactory(authority=authority, status=Status.ACTIVE)

    report = health_report(authority, TODAY)

    assert [r.partnership for r in report.rows] == [active]
    assert report.ended == [ended]
    assert [r.partnership for r in report.dormant] == [active]


@pytest.mark.django_db
def test_another_authoritys_partnerships_and_activities_are_never_counted(  # type: ignore[no-untyped-def]
    authority, other_authority
) -> None:
    ours = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Ours"))
    theirs = PartnershipFactory(authority=other_authority, partner=PlaceFactory(name="Theirs"))
    _activity(other_authority, theirs, dt.date(2026, 1, 1))
    # Services refuse to link another authority's activity; a stray link still does not count.
    ActivityFactory(authority=other_authority, starts_on=dt.date(2026, 2, 1), partnerships=[ours])

    report = health_report(authority, TODAY)

    assert [r.partnership for r in report.rows] == [ours]
    assert report.rows[0].health.paper_only


@pytest.mark.django_db
def test_the_report_sorts_by_score_name_or_last_activity(authority) -> None:  # type: ignore[no-untyped-def]
    PartnershipFactory(authority=authority, partner=PlaceFactory(name="Aachen"))
    busy = PartnershipFactory(authority=authority, partner=PlaceFactory(name="Zagreb"))
    _activity(authority, busy, dt.date(2026, 5, 1), direction=Direction.INCOMING)

    def names(sort: str) -> list[str]:
        return [r.partnership.partner.name for r in health_report(authority, TODAY, sort=sort).rows]

    assert names("-score") == ["Zagreb", "Aachen"]
    assert names("score") == ["Aachen", "Zagreb"]
    assert names("name") == ["Aachen", "Zagreb"]
    assert names("last") == ["Aachen", "Zagreb"]
