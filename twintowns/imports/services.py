"""Checking a sheet row by row, then writing all of it or nothing, through the apps' services.

`import_check` reads every row into the input of a service call and collects every error
(row as the sheet numbers it, column, value, message) and every place it could not settle;
it writes nothing. `import_apply` writes a clean check in one transaction. A row whose record
exists already is counted "already there" and left as it is (not updated); rows of the file
naming the same record are merged into the first.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twintowns.authorities import versions
from twintowns.authorities.models import Authority
from twintowns.authorities.records import Actor, require_role
from twintowns.imports.kinds import READERS
from twintowns.imports.mapping import guess_mapping, mapping_problems, targets
from twintowns.imports.models import ImportJob, JobStatus
from twintowns.imports.plan import (
    PROGRESS_EVERY,
    Plan,
    Progress,
    add_regions,
    entry_row,
    place_entry,
    place_key,
)
from twintowns.imports.reading import read_table, upload_problem
from twintowns.lib.tables import Table, UnreadableFile
from twintowns.places.matching import Match, Outcome, PlaceMatcher

PREVIEW_ROWS = 5
# What a job keeps of a check's report: the first entries of each list (the person settles
# the places 500 at a time, then checks again) with the count of all, and short strings.
REPORT_ENTRIES = 500
NESTED_ENTRIES = 50
SHOWN_CHARS = 300


def import_check(
    *,
    authority: Authority,
    kind: str,
    table: Table,
    mapping: dict[str, str],
    resolutions: dict[str, Any] | None = None,
    skip_unresolved: bool = False,
    progress: Progress | None = None,
) -> Plan:
    """Read every row into a service call's input and collect every problem; write nothing."""
    plan = Plan(kind, len(table.rows), table.encoding)
    plan.unmapped = [h for h in table.headers if not mapping.get(h)]
    for problem in mapping_problems(kind, mapping):
        plan.error(0, "", "", problem)
    for row, column, value, message in table.cell_errors:
        plan.error(row, column, value, message)
    if plan.errors:
        return plan
    reader = READERS[kind](authority)
    columns = {name: header for header, name in mapping.items() if name}
    parsed = []
    for index, (number, cells) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        record = dict(zip(table.headers, cells, strict=False))
        parsed.append((number, reader.parse(plan, number, record, columns)))
        if progress and (index + 1) % PROGRESS_EVERY == 0:
            progress(index + 1)
    if reader.needs_places:
        _settle_places(plan, parsed, resolutions or {}, skip_unresolved)
    if not plan.errors and not plan.unresolved:
        skipped = set(plan.skipped)
        reader.prepare(plan, [(n, v) for n, v in parsed if n not in skipped], columns)
    plan.errors.sort(key=lambda e: (e["row"], e["column"]))
    if progress:
        progress(len(table.rows))
    return plan


@transaction.atomic
def import_apply(*, actor: Actor, authority: Authority, plan: Plan) -> Plan:
    """Write a clean plan, all of it in one transaction, through the apps' services."""
    if not plan.ok:
        raise ValueError("only a plan without errors can be written")
    require_role(actor, authority)
    plan.created = READERS[plan.kind](authority).write(actor, plan.items)
    versions.bump(authority.pk)  # bulk writes send no signals
    plan.imported = True
    return plan


def _settle_places(
    plan: Plan,
    parsed: list[tuple[int, dict[str, Any]]],
    resolutions: dict[str, Any],
    skip_unresolved: bool,
) -> None:
    """Give each row its place: matched, chosen by the person, skipped, or listed to settle.

    Every name is listed in `plan.places` with the place it was read as, so the person sees
    each one and may choose another where the gazetteer has several of that name.
    """
    pairs = [(v["city"], v["country"]) for _n, v in parsed if v.get("city")]
    matches = PlaceMatcher().resolve(pairs)
    open_keys: dict[str, dict[str, Any]] = {}
    largest: set[str] = set()
    for number, values in parsed:
        if not values.get("city"):
            continue
        pair = (values["city"].strip(), values["country"].strip())
        key = place_key(*pair)
        chosen = resolutions.get(key)
        match = matches[pair]
        if chosen == "skip":
            plan.skipped.append(number)
            _listed(plan.places, key, pair, match, number)["chosen"] = "skip"
        elif chosen:
            values["place_id"] = int(chosen)
            _listed(plan.places, key, pair, match, number)["chosen"] = int(chosen)
        elif match.outcome == Outcome.MATCHED:
            values["place_id"] = match.place_id
            _listed(plan.places, key, pair, match, number)
            if match.largest_of and key not in largest:
                largest.add(key)
                plan.largest.append(_largest(key, match))
        elif skip_unresolved:
            plan.skipped.append(number)
            _listed(open_keys, key, pair, match, number)
        else:
            _listed(open_keys, key, pair, match, number)
    add_regions([*plan.places.values(), *open_keys.values()])
    if skip_unresolved:
        plan.skipped_places = list(open_keys.values())
    else:
        plan.unresolved = list(open_keys.values())


def _largest(key: str, match: Match) -> dict[str, Any]:
    assert match.place is not None
    return {"key": key, "place": match.place.name, "of": match.largest_of}


def _listed(
    entries: dict[str, dict[str, Any]], key: str, pair: tuple[str, str], match: Match, row: int
) -> dict[str, Any]:
    """The entry of the name `key` in `entries` (made on its first row), with `row` counted."""
    if key not in entries:
        entries[key] = place_entry(key, pair, match)
    entry_row(entries[key], row)
    return entries[key]


def job_table(job: ImportJob, progress: Progress | None = None) -> Table:
    with job.file.open("rb") as stream:
        return read_table(job.original_name, stream, job.file.size, progress=progress)


def job_read(job: ImportJob) -> ImportJob:
    """Read the job's file for its preview and guess its mapping; a bad file fails the job."""
    _job_update(job, status=JobStatus.READING, rows_done=0)
    try:
        table = job_table(job, progress=lambda done: _job_update(job, rows_done=done))
    except UnreadableFile as error:
        _job_finish(job, JobStatus.FAILED, _unreadable(job, error))
        return job
    _job_update(
        job,
        status=JobStatus.UPLOADED,
        encoding=table.encoding,
        mapping=guess_mapping(job.kind, table.headers),
        preview=_preview(table),
        rows_total=len(table.rows),
        rows_done=0,
    )
    return job


def _preview(table: Table) -> dict[str, Any]:
    """The headers and first rows the page shows, each cell cut to what a table cell shows."""
    return {
        "headers": table.headers,
        "rows": [[_cut(cell) for cell in row] for row in table.rows[:PREVIEW_ROWS]],
        "rows_total": len(table.rows),
        "encoding": table.encoding,
    }


def _unreadable(job: ImportJob, error: UnreadableFile) -> Plan:
    plan = Plan(job.kind, 0)
    plan.error(error.row, error.column, error.value, str(error))
    return plan


def job_check(job: ImportJob, *, skip_unresolved: bool = False) -> Plan:
    """Check the job's file with its mapping and resolutions; store the report on the job."""
    _job_update(job, status=JobStatus.CHECKING, rows_done=0)
    try:
        table = job_table(job)
    except UnreadableFile as error:
        plan = _unreadable(job, error)
        _job_finish(job, JobStatus.FAILED, plan)
        return plan
    plan = import_check(
        authority=job.authority,
        kind=job.kind,
        table=table,
        mapping=job.mapping,
        resolutions=job.resolutions,
        skip_unresolved=skip_unresolved,
        progress=lambda done: _job_update(job, rows_done=done),
    )
    _job_update(
        job, status=JobStatus.CHECKED, rows_total=plan.rows_total, report=bounded(plan.report())
    )
    return plan


def job_import(job: ImportJob, *, actor: Actor) -> Plan:
    """Check the file again (the records may have changed since), then write it or nothing."""
    plan = job_check(job)
    if job.status == JobStatus.FAILED or not plan.ok:
        _job_finish(job, JobStatus.FAILED, plan)
        return plan
    _job_update(job, status=JobStatus.IMPORTING)
    try:
        import_apply(actor=actor, authority=job.authority, plan=plan)
    except (ValidationError, ValueError) as error:
        plan.error(0, "", "", "; ".join(getattr(error, "messages", [str(error)])))
        _job_finish(job, JobStatus.FAILED, plan)
        return plan
    _job_finish(job, JobStatus.DONE, plan)
    return plan


def _job_update(job: ImportJob, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _job_finish(job: ImportJob, status: str, plan: Plan) -> None:
    _job_update(
        job,
        status=status,
        report=bounded(plan.report()),
        rows_done=plan.rows_total if status == JobStatus.DONE else job.rows_done,
        finished=timezone.now(),
    )


def job_create(*, actor: Actor, authority: Authority, kind: str, upload: Any) -> ImportJob:
    """Keep an uploaded file as a new import job of `authority`, to be read by the worker;
    what its name and size tell is checked first (UnreadableFile)."""
    require_role(actor, authority)
    if problem := upload_problem(upload.name, upload.size):
        raise UnreadableFile(problem)
    job = ImportJob(
        authority=authority,
        user=actor if actor.is_authenticated else None,  # type: ignore[misc]
        kind=kind,
        original_name=upload.name,
        status=JobStatus.READING,
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    return job


def job_settle(
    *, actor: Actor, job: ImportJob, mapping: dict[str, str], resolutions: dict[str, Any]
) -> ImportJob:
    """Record the person's mapping and their choices for unsettled places."""
    require_role(actor, job.authority)
    _job_update(job, mapping=mapping, resolutions=resolutions, status=JobStatus.UPLOADED)
    return job


@contextmanager
def job_failure_recorded(job: ImportJob) -> Iterator[None]:
    """Mark the job failed if anything unforeseen stops it, so its page stops waiting."""
    try:
        yield
    except Exception:
        plan = Plan(job.kind, job.rows_total)
        plan.error(0, "", "", _("The import stopped on an unexpected error; nothing was written."))
        _job_finish(job, JobStatus.FAILED, plan)
        raise


def job_queue(job: ImportJob, *, status: str, actor: Actor | None = None) -> None:
    """Mark a job as waiting for the worker; an import needs an editor."""
    if actor is not None:
        require_role(actor, job.authority)
    _job_update(job, status=status, rows_done=0)


def job_targets(kind: str) -> list[tuple[str, str]]:
    return [("", _("— ignore —"))] + [(t.name, str(t.label)) for t in targets(kind).values()]


def bounded(report: dict[str, Any]) -> dict[str, Any]:
    """The report as a job keeps it: each list cut to its first entries, with every list's
    length in "counts", and long values cut, so a report stays small whatever the file."""
    kept: dict[str, Any] = {
        key: [_bounded(item, NESTED_ENTRIES) for item in value[:REPORT_ENTRIES]]
        if isinstance(value, list)
        else _bounded(value, NESTED_ENTRIES)
        for key, value in report.items()
    }
    kept["counts"] = {key: len(value) for key, value in report.items() if isinstance(value, list)}
    kept["counts"]["errors"] = report.get("errors_total", len(report.get("errors", [])))
    return kept


def _bounded(value: Any, entries: int) -> Any:
    if isinstance(value, str):
        return _cut(value)
    if isinstance(value, list):
        return [_bounded(item, entries) for item in value[:entries]]
    if isinstance(value, dict):  # a place's key is what the person's choice is kept under
        return {k: item if k == "key" else _bounded(item, entries) for k, item in value.items()}
    return value


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
