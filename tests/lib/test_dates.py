"""Partial dates written for a machine: one renderer, ISO 8601, for the API and the exports."""

import datetime as dt

import pytest

from twintowns.exchange.tables import partial_date as export_cell
from twintowns.lib.dates import Precision, iso_partial

DAY = dt.date(2015, 9, 10)


@pytest.mark.parametrize(
    ("day", "precision", "written"),
    [
        (DAY, Precision.DAY, "2015-09-10"),
        (dt.date(2015, 10, 1), Precision.MONTH, "2015-10"),
        (dt.date(2006, 1, 1), Precision.YEAR, "2006"),
        (dt.date(999, 5, 1), Precision.MONTH, "0999-05"),
        (dt.date(999, 1, 1), Precision.YEAR, "0999"),
        (None, Precision.DAY, None),
    ],
)
def test_a_partial_date_is_written_as_iso_8601_as_far_as_it_is_known(
    day: dt.date | None, precision: str, written: str | None
) -> None:
    assert iso_partial(day, precision) == written


def test_an_export_writes_a_day_as_a_date_cell_and_a_month_or_a_year_as_the_api_does() -> None:
    month, year = dt.date(2015, 10, 1), dt.date(2006, 1, 1)

    cells = [
        export_cell(DAY, Precision.DAY),
        export_cell(month, Precision.MONTH),
        export_cell(year, Precision.YEAR),
        export_cell(None, Precision.YEAR),
    ]

    # The one difference kept: a day stays a date, so a spreadsheet sorts and filters it as one.
    assert cells == [DAY, "2015-10", "2006", None]
    assert cells[1:] == [
        iso_partial(month, Precision.MONTH),
        iso_partial(year, Precision.YEAR),
        iso_partial(None, Precision.YEAR),
    ]
