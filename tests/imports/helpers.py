from pathlib import Path
from typing import Any

from django_tasks_db.models import DBTaskResult

from twintowns.authorities.models import Authority
from twintowns.imports.mapping import mapping_with_overrides
from twintowns.imports.reading import read_table
from twintowns.imports.services import Plan, import_apply, import_check


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def check(
    path: Path,
    authority: Authority,
    kind: str = "partners",
    overrides: dict[str, str] | None = None,
    **options: Any,
) -> Plan:
    with path.open("rb") as stream:
        table = read_table(path.name, stream, path.stat().st_size)
    mapping = mapping_with_overrides(kind, table.headers, overrides or {})
    return import_check(authority=authority, kind=kind, table=table, mapping=mapping, **options)


def run(path: Path, authority: Authority, actor: Any, **options: Any) -> Plan:
    plan = check(path, authority, **options)
    if plan.ok:
        import_apply(actor=actor, authority=authority, plan=plan)
    return plan


def run_queued_tasks() -> int:
    """Run every task waiting in the database queue, as `twintowns db_worker` runs each one
    (its task, with its arguments), but inside the test's transaction; a task that raises
    fails the test. The worker itself closes its connection, so it needs a transactional test."""
    done = 0
    while result := DBTaskResult.objects.ready().first():
        result.claim("tests")
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.set_successful(None)
        done += 1
    return done
