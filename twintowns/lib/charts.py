"""A chart as a table: what a page shows, its CSV repeats and `charts.js` draws.

The insights' charts (trends, the union's) and the directory's network figures are all `Chart`s,
drawn by the template `chart.html` (in twintowns/templates/), downloaded by `chart_csv_response`.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from twintowns.lib.spreadsheets import CsvWriter


@dataclass(frozen=True)
class Row:
    label: str
    values: list[int]
    drawn: bool = True  # "date unknown" is counted in the table but has no place on a time axis

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    style: str = "stacked"  # "stacked" bars, "grouped" bars, or "horizontal" bars
    total: bool = True  # a Total column (in the table and CSV; not drawn)
    undrawn: tuple[int, ...] = ()  # columns in the table but not in the chart
    more: tuple[Row, ...] = ()  # rows past those shown, in the CSV only

    @property
    def columns_drawn(self) -> list[tuple[str, bool]]:
        return [(label, i not in self.undrawn) for i, label in enumerate(self.columns)]

    def csv_rows(self) -> list[list[object]]:
        header: list[object] = [
            self.row_header,
            *self.columns,
            *([_("Total")] if self.total else []),
        ]
        body = [
            [row.label, *row.values, *([row.total] if self.total else [])]
            for row in [*self.rows, *self.more]
        ]
        return [header, *body]


def chart_csv_response(found: Chart | None) -> HttpResponse:
    """A chart's table as a CSV download (404 for no chart); every page of charts uses it."""
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}.csv"'
    response.write("\ufeff")  # the BOM, so spreadsheets read ş, ğ and İ as UTF-8
    CsvWriter(response).writerows(found.csv_rows())
    return response
