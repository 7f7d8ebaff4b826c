import datetime as dt
import io
import re
from dataclasses import replace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pptx import Presentation
from pptx.util import Pt

from tests.factories import (
    ActivityFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.reports.helpers import (
    activity,
    partner,
    pdf_image_sizes,
    pdf_text,
    slides_text,
    turkish,
)
from twintowns.activities.models import Activity, Direction, Kind
from twintowns.authorities.models import Authority
from twintowns.partnerships.models import Partnership
from twintowns.reports.deck import pages
from twintowns.reports.mapimage import SIZE
from twintowns.reports.selectors import ANNUAL_LISTED, AnnualReport, Section, annual_report

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Brief information of Ankara",
    "Sister city relations and partnerships",
    "Sister and partner cities: {count}",  # the map's slide
    "Site visits",
    "Technical cooperation",
    "Meetings on specific issues",
    "Cultural events",
    "Culture days organizations",
    "International organizations",
    "International conferences in Ankara",
    "Contact",
]


def _years(first: int, last: int) -> str:
    return f"?first_year={first}&last_year={last}"


def _pptx(client: Client, first: int = 2008, last: int = 2012) -> bytes:
    response = client.get(reverse("reports:annual_pptx") + _years(first, last))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="ankara-{first}-{last}.pptx"'
    return b"".join(response.streaming_content)


def _pdf(client: Client, first: int = 2008, last: int = 2012) -> bytes:
    response = client.get(reverse("reports:annual_pdf") + _years(first, last))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def _record(home, susa, other_authority):  # type: ignore[no-untyped-def]
    activity(home, "Şuşa technical visit", 2010, partnerships=[susa], kind=Kind.SITE_VISIT)
    activity(
        home,
        "Water İş birliği with Şuşa",
        2011,
        partnerships=[susa],
        kind=Kind.TECHNICAL_COOPERATION,
    )
    days = activity(
        home,
        "Ankara Days in Şuşa",
        2009,
        partnerships=[susa],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.ABROAD,
    )
    answer = activity(
        home,
        "Şuşa Days in Ankara",
        2012,
        partnerships=[susa],
        kind=Kind.CULTURE_DAYS,
        direction=Direction.HOSTED,
    )
    days.reciprocal = answer
    days.save()
    union = OrganizationFactory(
        authority=home, name="Union of Turkish World Municipalities", acronym="TDBB"
    )
    MembershipFactory(organization=union, since_year=2005)
    activity(
        home,
        "General Assembly of TDBB",
        2011,
        kind=Kind.CONFERENCE,
        direction=Direction.HOSTED,
        organization=union,
    )
    activity(home, "Şuşa visit long before", 2005, partnerships=[susa], kind=Kind.SITE_VISIT)
    theirs = partner(other_authority, "Smyrna")
    activity(other_authority, "İzmir's own visit", 2010, partnerships=[theirs])


def _titles(content: bytes) -> list[str]:
    """The slides' titles after the cover and the contents, "(2/3)" and repeats left out."""
    titles = []
    for slide in list(Presentation(io.BytesIO(content)).slides)[2:]:
        title = re.sub(r" \(\d+/\d+\)$", "", slide.shapes[0].text_frame.text)
        if not titles or titles[-1] != title:
            titles.append(title)
    return titles


def test_the_deck_has_the_seeds_sections_in_order(viewer_client, home, susa, other_authority):
    _record(home, susa, other_authority)
    content = _pptx(viewer_client)
    assert _titles(content) == [t.format(count=1) for t in SECTIONS]
    slides = slides_text(content)
    assert "Ankara Metropolitan Municipality" in slides[0] and "2008–2012" in slides[0]
    assert len(slides) == 2 + len(SECTIONS)
    everything = "\n".join(slides)
    for expected in [
        "Şuşa technical visit",
        "Water İş birliği with Şuşa",
        "Ankara Days in Şuşa (May 2, 2009) | Şuşa Days in Ankara (May 2, 2012)",
        "Union of Turkish World Municipalities (TDBB) | Member | 2005",
        "2011 | General Assembly of TDBB | Union of Turkish World Municipalities (TDBB)",
        "Şuşa | Azerbaijan | Sister city",
    ]:
        assert expected in everything, expected
    assert "Şuşa visit long before" not in everything  # 2005, before the years chosen
    assert "İzmir" not in everything and "Smyrna" not in everything


def test_the_deck_and_the_report_speak_turkish(viewer_client, home, susa, other_authority):
    _record(home, susa, other_authority)
    client = turkish(viewer_client)
    slides = "\n".join(slides_text(_pptx(client)))
    text = pdf_text(_pdf(client))
    for expected in [
        "Ankara Büyükşehir Belediyesi",
        "Teknik iş birliği",
        "Uluslararası kuruluşlar",
        "Water İş birliği with Şuşa",
        "Azerbaycan",
        "Kardeş şehir",
    ]:
        assert expected in slides, expected
        assert expected in text, expected


def test_the_pdf_has_the_same_sections_and_content(viewer_client, home, susa, other_authority):
    _record(home, susa, other_authority)
    content = _pdf(viewer_client)
    assert pdf_image_sizes(content) == [SIZE]  # the map
    text = pdf_text(content)
    positions = [text.index(t.format(count=1)) for t in SECTIONS if "{count}" not in t]
    assert positions[1:] == sorted(positions[1:])  # after the contents, in order
    for expected in ["Şuşa technical visit", "Ankara Days in Şuşa", "General Assembly of TDBB"]:
        assert expected in text
    assert "Şuşa visit long before" not in text and "İzmir" not in text


def test_the_map_is_in_the_deck_as_a_png_of_the_expected_size(viewer_client, home, susa):
    presentation = Presentation(io.BytesIO(_pptx(viewer_client)))
    pictures = [s for slide in presentation.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    image = Image.open(io.BytesIO(pictures[0].image.blob))
    assert (image.format, image.size) == ("PNG", SIZE)


def test_a_long_list_goes_on_over_slides_and_nothing_overflows(viewer_client, home):
    for i in range(40):
        partner(home, f"Kırşehir-İğdır Municipal Partnership Town Number {i:02}")
    content = _pptx(viewer_client)
    presentation = Presentation(io.BytesIO(content))
    titles = [s.shapes[0].text_frame.text for s in presentation.slides]
    continued = [t for t in titles if t.startswith("Sister city relations and partnerships (")]
    assert len(continued) >= 3
    assert continued[-1].endswith(f"({len(continued)}/{len(continued)})")
    cells = "\n".join(slides_text(content))
    assert all(f"Town Number {i:02}" in cells for i in range(40))
    footer_top = presentation.slide_height - Pt(32)
    for slide in presentation.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= presentation.slide_width
            if shape.has_table:
                rows = shape.table.rows
                assert shape.top + sum(r.height for r in rows) <= footer_top
                for row in rows:
                    for cell, column in zip(row.cells, shape.table.columns, strict=True):
                        # A plain measure of its own: 0.6 em a glyph, 1.2 em a line.
                        per_line = int((column.width - Pt(10)) / Pt(12 * 0.6))
                        lines = sum(-(-max(len(p), 1) // per_line) for p in cell.text.split("\n"))
                        assert lines * Pt(12 * 1.2) <= row.height, cell.text


def test_the_years_default_to_the_span_of_the_data(viewer_client, home, susa):
    activity(home, "First", 2003, partnerships=[susa])
    activity(home, "Last", 2016, partnerships=[susa])
    form = viewer_client.get(reverse("reports:annual")).context["form"]
    assert (form["first_year"].value(), form["last_year"].value()) == (2003, 2016)


def test_years_in_the_wrong_order_are_refused_with_the_values(viewer_client, home):
    response = viewer_client.get(reverse("reports:annual_pptx") + _years(2016, 2003))
    assert response.status_code == 400
    assert "The last year (2003) cannot be before the first (2016)." in response.text


def test_a_user_without_a_role_gets_no_annual_report(home):
    client = Client()
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("reports:annual_pptx") + _years(2008, 2012)).status_code == 403
    assert client.get(reverse("reports:annual_pdf") + _years(2008, 2012)).status_code == 403


@pytest.mark.parametrize("partners", [1, 3])
def test_the_deck_reads_a_fixed_number_of_queries(
    viewer_client, home, django_assert_num_queries, partners
):
    for i in range(partners):
        place = partner(home, f"Town {i}")
        activity(home, f"Visit {i}", 2010, partnerships=[place])
        activity(home, f"Days {i}", 2010, partnerships=[place], kind=Kind.CULTURE_DAYS)
    with django_assert_num_queries(14):
        _pptx(viewer_client)
    with django_assert_num_queries(14):
        _pdf(viewer_client)


def test_with_no_activity_the_years_default_to_the_last_full_year(viewer_client, home):
    last_year = timezone.localdate().year - 1
    form = viewer_client.get(reverse("reports:annual")).context["form"]
    assert (form["first_year"].value(), form["last_year"].value()) == (last_year, last_year)


def test_an_authority_without_a_seat_gets_its_deck_under_its_own_name(viewer_client, authority):
    partner(authority, "Şuşa")
    titles = _titles(_pptx(viewer_client))
    assert titles[0] == "Brief information of Ankara Metropolitan Municipality"
    assert titles[2] == "Sister and partner cities: 1"


def test_a_tables_last_slide_holds_more_than_a_lone_row():
    rows = [(str(2000 + i), f"Culture days {i}", "") for i in range(60)]
    section = Section("culture_days", "Culture days", header=("Year", "Held", "Answered by"))
    full = len(pages(replace(section, rows=rows))[0].rows)  # what one slide holds
    split = pages(replace(section, rows=rows[: full + 1]))
    assert [len(p.rows) for p in split] == [full - 2, 3]
    assert [r for p in split for r in p.rows] == rows[: full + 1]


# -- Long sections: a bounded number of rows and the total ---------------------------------


def _dated(
    authority: Authority, count: int, title: str, kind: str = Kind.SITE_VISIT, **fields: object
) -> list[Activity]:
    """`count` activities of 2010, a day apart from January 1st: "Title 00" is the oldest."""
    return [
        ActivityFactory(
            authority=authority,
            title=f"{title} {i:02}",
            kind=kind,
            starts_on=dt.date(2010, 1, 1) + dt.timedelta(days=i),
            **fields,
        )
        for i in range(count)
    ]


def _section(report: AnnualReport, key: str) -> Section:
    return next(s for s in report.sections if s.key == key)


def _lead(total: int, register: str) -> str:
    return (
        f"{total} recorded in these years; the {ANNUAL_LISTED} listed here are the best practices "
        f"first, then the latest. For the whole list, download the {register} list as XLSX."
    )


def test_a_long_section_lists_its_best_practices_then_its_latest(
    viewer_client, home: Authority, susa: Partnership
) -> None:
    visits = _dated(home, ANNUAL_LISTED + 5, "Visit", partnerships=[susa])
    Activity.objects.filter(pk=visits[0].pk).update(is_best_practice=True)  # the oldest
    ceremony = ActivityFactory(
        authority=home,
        title="Flag ceremony",
        kind=Kind.PROTOCOL_CEREMONY,
        starts_on=dt.date(2010, 12, 31),
    )
    _dated(home, 2, "Water project", Kind.TECHNICAL_COOPERATION)
    section = _section(annual_report(home, 2010, 2010), "site_visits")
    # The best practice, then the latest others (the ceremony counts as a visit), by date.
    latest = [v.title for v in visits[-(ANNUAL_LISTED - 2) :]] + [ceremony.title]
    assert [row[1] for row in section.rows] == [visits[0].title, *latest]
    assert section.rows[0] == (visits[0].when, "Visit 00", "Şuşa", "Incoming delegation")
    assert section.lead == _lead(ANNUAL_LISTED + 6, "Activities")
    slides = "\n".join(slides_text(_pptx(viewer_client, 2010, 2010)))
    text = pdf_text(_pdf(viewer_client, 2010, 2010))
    for document in (slides, text):
        assert _lead(ANNUAL_LISTED + 6, "Activities") in document
        assert "Visit 00" in document and "Visit 07" in document
        assert "Visit 01" not in document and "Visit 06" not in document
        assert "Water project 01" in document


def test_a_section_of_just_the_limit_lists_everything_and_no_total(home: Authority) -> None:
    visits = _dated(home, ANNUAL_LISTED, "Visit")
    _dated(home, 3, "Meeting", Kind.MEETING)
    report = annual_report(home, 2010, 2010)
    visits_section = _section(report, "site_visits")
    assert [row[1] for row in visits_section.rows] == [v.title for v in visits]
    assert visits_section.lead == ""
    assert [row[1] for row in _section(report, "meetings").rows] == [
        "Meeting 00",
        "Meeting 01",
        "Meeting 02",
    ]
    leads = [s.lead for s in report.sections if s.key not in ("brief", "partnerships", "contact")]
    assert leads == [""] * 7


def test_long_culture_days_and_conferences_are_bounded_too(home: Authority) -> None:
    days = _dated(home, ANNUAL_LISTED + 1, "Days", Kind.CULTURE_DAYS, direction=Direction.ABROAD)
    # Held the year before, answered in 2010: counted and, being older, left out.
    before = ActivityFactory(
        authority=home, title="Days of 2009", kind=Kind.CULTURE_DAYS, starts_on=dt.date(2009, 5, 1)
    )
    before.reciprocal = ActivityFactory(
        authority=home, title="Answer", kind=Kind.CULTURE_DAYS, starts_on=dt.date(2010, 6, 1)
    )
    before.save()
    hosted = _dated(
        home, ANNUAL_LISTED + 2, "Congress", Kind.CONFERENCE, direction=Direction.HOSTED
    )
    Activity.objects.filter(pk=hosted[0].pk).update(is_best_practice=True)
    report = annual_report(home, 2010, 2010)
    culture_days = _section(report, "culture_days")
    assert [row[1].split(" (")[0] for row in culture_days.rows] == [
        d.title for d in days[1:]
    ]  # in date order, the oldest left out
    assert culture_days.lead == _lead(ANNUAL_LISTED + 2, "Culture days")
    conferences = _section(report, "conferences")
    # Newest first, as the section always was: the best practice, the oldest, is kept last.
    newest = [c.title for c in hosted[:2:-1]]
    assert [row[1] for row in conferences.rows] == [*newest, "Congress 00"]
    assert conferences.lead == _lead(ANNUAL_LISTED + 2, "Conferences")


def test_a_bounded_section_fits_in_three_slides() -> None:
    row = (
        "May 2, 2010",
        "Site visit of the Kırşehir delegation to the water treatment plant and the dam",
        "Kırşehir-İğdır Municipal Partnership Town",
        "Incoming delegation",
    )
    section = Section(
        "site_visits",
        "Site visits",
        header=("Date", "Activity", "Partner or place", "Direction"),
        rows=[row] * ANNUAL_LISTED,
        lead=_lead(1_056, "Activities"),
        widths=(0.2, 0.42, 0.24, 0.14),
    )
    assert len(pages(section)) <= 3


@pytest.mark.parametrize("each", [1, ANNUAL_LISTED + 5])
def test_the_report_reads_a_fixed_number_of_queries_however_many_activities(
    home: Authority, susa: Partnership, django_assert_num_queries, each: int
) -> None:
    for kind in Kind.values:
        _dated(home, each, f"Of {kind}", kind, direction=Direction.HOSTED, partnerships=[susa])
    with django_assert_num_queries(10):
        report = annual_report(home, 2010, 2010)
    listed = min(each, ANNUAL_LISTED)
    counts = {s.key: len(s.rows) for s in report.sections}
    assert counts == {
        "brief": 0,
        "partnerships": 1,
        "site_visits": min(2 * each, ANNUAL_LISTED),  # site visits and protocol ceremonies
        "technical": listed,
        "meetings": listed,
        "cultural": listed,
        "culture_days": listed,
        "organizations": 0,
        "conferences": listed,
        "contact": 0,
    }
