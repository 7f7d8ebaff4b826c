"""Reading the reports back: PDF text with pdftotext, slides with python-pptx."""

import datetime as dt
import io
import subprocess

from django.test import Client
from pptx import Presentation

from tests.factories import ActivityFactory, PartnershipFactory, PlaceFactory
from twintowns.activities.models import Activity
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership


def activity(authority: Authority, title: str, year: int, **fields: object) -> Activity:
    return ActivityFactory(
        authority=authority, title=title, starts_on=dt.date(year, 5, 2), **fields
    )


def partner(authority: Authority, name: str) -> Partnership:
    return PartnershipFactory(authority=authority, partner=PlaceFactory(name=name))


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it, lines joined by single spaces."""
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(done.stdout.decode().split())


def slides_text(content: bytes) -> list[str]:
    """Each slide's text, its shapes' and tables' cells joined by " | "."""
    slides = []
    for slide in Presentation(io.BytesIO(content)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        slides.append(" | ".join(parts))
    return slides


def turkish(client: Client) -> Client:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "tr"
    return client


def pdf_image_sizes(content: bytes) -> list[tuple[int, int]]:
    """The width and height of each image in the PDF, as `pdfimages -list` gives them."""
    done = subprocess.run(
        ["pdfimages", "-list", "-"], input=content, capture_output=True, check=True
    )
    rows = done.stdout.decode().splitlines()[2:]
    return [(int(row.split()[3]), int(row.split()[4])) for row in rows if row.split()[2] == "image"]
