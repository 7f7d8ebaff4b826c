"""A job reported before reports were bounded shows its counts after the migration."""

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from twintowns.authorities.models import Authority


@pytest.mark.django_db(transaction=True)
def test_a_job_reported_before_counts_gets_its_lists_counted(authority: Authority) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("imports", "0001_initial")])
    old_apps: Any = executor.loader.project_state([("imports", "0001_initial")]).apps
    job = old_apps.get_model("imports", "ImportJob").objects.create(
        authority_id=authority.pk,
        kind="partners",
        original_name="p.csv",
        report={"errors": [], "existing": [2, 3], "merged": [{"row": 4, "into": 2}]},
    )
    executor = MigrationExecutor(connection)
    executor.migrate([("imports", "0002_reading_status")])
    new_apps: Any = executor.loader.project_state([("imports", "0002_reading_status")]).apps
    report = new_apps.get_model("imports", "ImportJob").objects.get(pk=job.pk).report
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())  # as it was
    assert report["counts"] == {"errors": 0, "existing": 2, "merged": 1}
