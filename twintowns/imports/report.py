"""A check or an import told in lines of text, for the command line."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twintowns.imports.services import Plan


def report_lines(plan: Plan, mapping: dict[str, str]) -> Iterator[str]:
    if plan.encoding:
        yield _("Read as %(encoding)s: %(rows)s rows.") % {
            "encoding": plan.encoding,
            "rows": plan.rows_total,
        }
    used = ", ".join(f"{column} → {name}" for column, name in mapping.items() if name)
    yield _("Columns: %(used)s.") % {"used": used}
    if plan.unmapped:
        yield _("Columns not imported: %(columns)s.") % {"columns": ", ".join(plan.unmapped)}
    for error in plan.errors:
        yield _("Row %(row)s, column “%(column)s”, value “%(value)s”: %(message)s") % error
    if plan.errors_total > len(plan.errors):
        yield _("… and %(count)s errors more, not listed: correct these and check again.") % {
            "count": plan.errors_total - len(plan.errors)
        }
    for place in plan.unresolved:
        yield _place_line(place, _("Place to settle"))
    for place in plan.skipped_places:
        yield _place_line(place, _("Skipped"))
    for largest in plan.largest:
        yield _("“%(key)s”: the largest of %(of)s places of that name was taken.") % {
            "key": largest["key"].replace("\t", ", "),
            "of": largest["of"],
        }
    yield _(
        "%(created)s created, %(existing)s already there, %(merged)s merged duplicate rows, "
        "%(skipped)s skipped, %(errors)s errors, %(unresolved)s places to settle."
    ) % {
        "created": plan.created if plan.imported else 0,
        "existing": len(plan.existing),
        "merged": len(plan.merged),
        "skipped": len(plan.skipped),
        "errors": plan.errors_total,
        "unresolved": len(plan.unresolved),
    }
    if plan.ok and not plan.imported:
        yield _("Checked only: %(count)s would be created.") % {"count": len(plan.items)}


def _place_line(place: dict, label: str) -> str:
    candidates = "; ".join(
        f"{c['name']} ({c['country']}, {c['population']:,})" for c in place["candidates"]
    )
    where = ", ".join(part for part in (place["city"], place["country"]) if part)
    kind = _("ambiguous") if place["outcome"] == "ambiguous" else _("not found")
    rows = ", ".join(str(r) for r in place["rows"][:20])
    line = f"{label}: {where} ({kind}; rows {rows})"
    return f"{line}: {candidates}" if candidates else line


def stopped_because(plan: Plan) -> str:
    """Why nothing was imported, for the command's last line."""
    if plan.errors_total:
        return ngettext(
            "Nothing was imported: %(count)s error, listed above.",
            "Nothing was imported: %(count)s errors, listed above.",
            plan.errors_total,
        ) % {"count": plan.errors_total}
    return ngettext(
        "Nothing was imported: %(count)s place to settle, listed above (a name that matches "
        "several places or none). Choose it on the import page, or skip its rows with "
        "--skip-unresolved.",
        "Nothing was imported: %(count)s places to settle, listed above (names that match "
        "several places or none). Choose them on the import page, or skip their rows with "
        "--skip-unresolved.",
        len(plan.unresolved),
    ) % {"count": len(plan.unresolved)}
