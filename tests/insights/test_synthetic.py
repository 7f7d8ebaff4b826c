"""`twintowns synthetic`: a separate authority of made-up records, to measure at scale."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.factories import PartnershipFactory, UserFactory
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority, StaffRole
from twintowns.insights.health import health_report
from twintowns.insights.reciprocity import reciprocity_report
from twintowns.insights.trends import trends
from twintowns.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def test_it_fills_a_new_authority_with_partners_and_activities(authority) -> None:  # type: ignore[no-untyped-def]
    UserFactory(username="measurer")
    call_command(
        "synthetic", authority="synthetic", partnerships=12, activities=400, seed=3,
        viewer="measurer",
    )  # fmt: skip

    synthetic = Authority.objects.get(slug="synthetic")
    assert Partnership.objects.filter(authority=synthetic).count() == 12
    assert Activity.objects.filter(authority=synthetic).count() == 400
    assert Activity.objects.filter(authority=synthetic, reciprocal__isnull=False).exists()
    assert StaffRole.objects.filter(user__username="measurer", authority=synthetic).exists()
    assert not Activity.objects.filter(authority=authority).exists()
    report = health_report(synthetic, timezone.localdate())
    assert len(report.rows) + len(report.ended) == 12
    assert reciprocity_report(synthetic).exchanges
    assert sum(r.total for r in trends(synthetic)[0].rows) == 400


def test_the_same_seed_makes_the_same_records() -> None:
    def titles_and_dates(slug: str) -> list[tuple[str, object]]:
        call_command("synthetic", authority=slug, partnerships=3, activities=30, seed=7)
        rows = Activity.objects.filter(authority__slug=slug).order_by("pk")
        return list(rows.values_list("title", "starts_on"))

    assert titles_and_dates("one") == titles_and_dates("two")


def test_it_refuses_an_authority_that_has_records(authority) -> None:  # type: ignore[no-untyped-def]
    PartnershipFactory(authority=authority)
    with pytest.raises(CommandError, match="already has records"):
        call_command("synthetic", authority=authority.slug, partnerships=2, activities=5)
