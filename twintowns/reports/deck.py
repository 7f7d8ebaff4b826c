"""The annual presentation as PPTX (16:9), drawn from `AnnualReport` with python-pptx.

python-pptx does not measure text, so each block's height is estimated from its length and
the width it has (a generous average glyph width), and a section's blocks are packed into as
many slides as they need: nothing runs off a slide, and a long table goes on with its header.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from twintowns.reports.selectors import AnnualReport, Section

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.45)
BODY_HEIGHT = Emu(HEIGHT - BODY_TOP - Inches(0.5))
BODY_WIDTH = Emu(WIDTH - 2 * MARGIN)
NAVY = RGBColor(0x12, 0x2B, 0x4A)
ACCENT = RGBColor(0xC8, 0x10, 0x2E)
GREY = RGBColor(0x55, 0x5F, 0x6B)

POINT_PT, LEAD_PT, CELL_PT = 18, 20, 12
GLYPH = 0.55  # average glyph width, in ems: wide enough for capitals and Turkish letters
LINE = 1.25  # line height, in ems
CELL_MARGIN = Inches(0.06)  # each side of a table cell's text
CELL_LINE = 1.3  # a table cell's line height, in ems: PowerPoint's and LibreOffice's, and some
CELL_EXTRA = Inches(0.1)  # a row's height beyond its lines and margins: LibreOffice needs it
LAST_ROWS = 3  # the fewest rows a table's last slide holds, when the one before can spare them


def lines_of(text: str, width: int, size_pt: int) -> int:
    """How many lines `text` takes in `width` EMU at `size_pt`, wrapping at words."""
    per_line = max(1, int(width / Pt(size_pt * GLYPH)))
    count = 0
    for paragraph in text.split("\n") or [""]:
        length = 0
        lines = 1
        for word in paragraph.split():
            extra = len(word) + (1 if length else 0)
            if length + extra > per_line and length:
                lines += 1 + (len(word) - 1) // per_line
                length = len(word) % per_line or per_line
            else:
                length += extra
        count += lines
    return count


def _height(lines: int, size_pt: int) -> int:
    return int(Pt(size_pt * LINE) * lines)


def widths(section: Section) -> list[int]:
    """The table's columns in EMU: the section's shares of the body's width, or even ones."""
    columns = len(section.header)
    shares = section.widths or (1 / columns,) * columns
    return [int(BODY_WIDTH * share) for share in shares]


def row_height(cells: tuple[str, ...], columns: list[int]) -> int:
    """A table row's height: its tallest cell's wrapped lines, the cell margins, some air."""
    lines = max(
        lines_of(c, w - 2 * CELL_MARGIN, CELL_PT) for c, w in zip(cells, columns, strict=True)
    )
    return int(Pt(CELL_PT * CELL_LINE) * lines) + 2 * CELL_MARGIN + CELL_EXTRA


@dataclass
class Page:
    """What one slide of a section holds."""

    lead: str
    points: list[str]
    rows: list[tuple[str, ...]]


def _point_height(text: str) -> int:
    return _height(lines_of(text, BODY_WIDTH - Inches(0.4), POINT_PT), POINT_PT) + Pt(6)


def pages(section: Section) -> list[Page]:
    """The section's slides; a table's last slide takes a few rows from the one before rather
    than hold a lone row."""
    packed = list(_packed(section))
    if len(packed) < 2:
        return packed
    before, last = packed[-2], packed[-1]
    columns = widths(section)

    def fits(rows: list[tuple[str, ...]]) -> bool:
        return sum(row_height(r, columns) for r in [section.header, *rows]) <= BODY_HEIGHT

    while (
        last.rows
        and not last.points
        and len(last.rows) < LAST_ROWS
        and len(before.rows) > LAST_ROWS
        and fits([before.rows[-1], *last.rows])
    ):
        last.rows.insert(0, before.rows.pop())
    return packed


def _packed(section: Section) -> Iterator[Page]:
    """The section's lead, points and rows packed into slides of BODY_HEIGHT."""
    page, used = Page(section.lead, [], []), 0
    if section.lead:
        used += _height(lines_of(section.lead, BODY_WIDTH, LEAD_PT), LEAD_PT) + Pt(8)
    for point in section.points or ([section.empty] if not section.rows else []):
        height = _point_height(point)
        if used + height > BODY_HEIGHT and (page.points or page.rows):
            yield page
            page, used = Page("", [], []), 0
        page.points.append(point)
        used += height
    columns = widths(section) if section.header else []
    header = row_height(section.header, columns) if section.header else 0
    for row in section.rows:
        height = row_height(row, columns) + (header if not page.rows else 0)
        if page.points and not page.rows:
            height += Inches(0.2)  # the gap between the points and the table
        if used + height > BODY_HEIGHT and (page.points or page.rows):
            yield page
            page, used = Page("", [], []), 0
            height = row_height(row, columns) + header
        page.rows.append(row)
        used += height
    yield page


def _text(slide: Slide, left: int, top: int, width: int, height: int) -> TextFrame:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    frame = box.text_frame
    frame.word_wrap = True
    return frame


def _paragraph(
    frame: TextFrame,
    text: str,
    size: int,
    *,
    bold: bool = False,
    colour: RGBColor = NAVY,
    first: bool = False,
) -> None:
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour


def _title(slide: Slide, text: str) -> None:
    frame = _text(slide, MARGIN, Inches(0.35), BODY_WIDTH, Inches(0.9))
    _paragraph(frame, text, 30, bold=True, first=True)
    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.2), Inches(1.6), Inches(0.06)
    )
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()


def _footer(slide: Slide, report: AnnualReport, number: int) -> None:
    frame = _text(slide, MARGIN, HEIGHT - Inches(0.45), BODY_WIDTH, Inches(0.35))
    text = f"{report.authority.localized_name} · {report.years} · {number}"
    _paragraph(frame, text, 10, colour=GREY, first=True)
    frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _table(slide: Slide, top: int, section: Section, rows: list[tuple[str, ...]]) -> None:
    columns = widths(section)
    heights = [row_height(r, columns) for r in [section.header, *rows]]
    shape = slide.shapes.add_table(
        len(rows) + 1, len(columns), MARGIN, Emu(top), BODY_WIDTH, Emu(sum(heights))
    )
    table = shape.table  # type: ignore[attr-defined]
    for i, width in enumerate(columns):
        table.columns[i].width = Emu(width)
    for r, (cells, height) in enumerate(zip([section.header, *rows], heights, strict=True)):
        table.rows[r].height = Emu(height)
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.text = text
            cell.margin_top = cell.margin_bottom = CELL_MARGIN
            cell.margin_left = cell.margin_right = CELL_MARGIN
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(CELL_PT)
                    run.font.bold = r == 0


def _body(slide: Slide, section: Section, page: Page) -> None:
    top: int = BODY_TOP
    if page.lead:
        height = _height(lines_of(page.lead, BODY_WIDTH, LEAD_PT), LEAD_PT) + Pt(8)
        _paragraph(
            _text(slide, MARGIN, top, BODY_WIDTH, height),
            page.lead,
            LEAD_PT,
            bold=True,
            colour=ACCENT,
            first=True,
        )
        top += height
    if page.points:
        height = sum(_point_height(p) for p in page.points)
        frame = _text(slide, MARGIN, top, BODY_WIDTH, height)
        for i, point in enumerate(page.points):
            bullet = "" if point == section.empty else "• "
            _paragraph(frame, bullet + point, POINT_PT, first=i == 0)
        top += height + Inches(0.2)
    if page.rows:
        _table(slide, top, section, page.rows)


def _map_slide(slide: Slide, section: Section, report: AnnualReport) -> None:
    _title(slide, section.lead)
    picture_width: int = BODY_WIDTH
    picture_height: int = int(picture_width * 700 / 1800)
    if picture_height > BODY_HEIGHT:
        picture_height = BODY_HEIGHT
        picture_width = int(picture_height * 1800 / 700)
    left = int((WIDTH - picture_width) / 2)
    slide.shapes.add_picture(
        io.BytesIO(report.map_png), Emu(left), BODY_TOP, Emu(picture_width), Emu(picture_height)
    )


def _cover(slide: Slide, report: AnnualReport) -> None:
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(0), Inches(2.2), WIDTH, Inches(3.1))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    frame = _text(slide, MARGIN, Inches(2.45), BODY_WIDTH, Inches(2.7))
    white = RGBColor(0xFF, 0xFF, 0xFF)
    _paragraph(frame, report.authority.localized_name, 36, bold=True, colour=white, first=True)
    _paragraph(frame, _("International relations"), 28, colour=white)
    _paragraph(frame, report.years, 28, bold=True, colour=white)


def _contents(slide: Slide, report: AnnualReport) -> None:
    _title(slide, _("Contents"))
    frame = _text(slide, MARGIN, BODY_TOP, BODY_WIDTH, BODY_HEIGHT)
    for i, section in enumerate(report.sections):
        _paragraph(frame, f"{i + 1}. {section.title}", 20, first=i == 0)


def deck_pptx(report: AnnualReport) -> bytes:
    """The annual presentation: a cover, the contents, each section over as many slides as it
    needs (a map slide after the partners' count), then the contact slide."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(WIDTH), Emu(HEIGHT)
    blank = presentation.slide_layouts[6]

    def slide() -> Slide:
        return presentation.slides.add_slide(blank)

    _cover(slide(), report)
    _contents(slide(), report)
    for section in report.sections:
        section_pages = pages(section)
        for number, page in enumerate(section_pages, start=1):
            current = slide()
            suffix = f" ({number}/{len(section_pages)})" if len(section_pages) > 1 else ""
            _title(current, section.title + suffix)
            _body(current, section, page)
        if section.has_map:
            _map_slide(slide(), section, report)
    for number, each in enumerate(presentation.slides, start=1):
        if number > 1:
            _footer(each, report, number)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
