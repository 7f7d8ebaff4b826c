"""Reading the files the exports write, as a person's spreadsheet would."""

import csv
import io

from openpyxl import load_workbook


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    """The whole body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response) -> list[list[object]]:  # type: ignore[no-untyped-def]
    sheet = load_workbook(io.BytesIO(body(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx_cells(response):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(body(response))).active
