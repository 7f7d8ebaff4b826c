"""Insights counted by `twintowns db_worker`, away from the request that found them stale."""

from django.tasks import task
from django.utils import timezone, translation

from twintowns.authorities import caching
from twintowns.insights.union import union_figures

UNION = "union"


@task()
def union_refresh(language: str) -> None:
    """Count the union's figures again, in the language of the reader who found them stale."""
    today = timezone.localdate()
    with translation.override(language):
        caching.keep_for_installation(UNION, lambda: union_figures(today), today)
