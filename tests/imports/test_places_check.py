"""The check step shows every name of the sheet with the place it was read as, and takes another
where the gazetteer has several of that name, by the rule the place box of the forms uses.

The check form is read from the page and sent back as a browser would, with a choice changed.
"""

from typing import Any

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.factories import PlaceFactory
from tests.imports.helpers import run_queued_tasks
from tests.places.conftest import MOSCOW, MOSCOW_IDAHO
from twintowns.authorities.models import Authority
from twintowns.imports.models import ImportJob
from twintowns.imports.plan import PLACES_SHOWN, ROWS_SHOWN, place_key
from twintowns.partnerships.models import Partnership
from twintowns.places.models import Place
from twintowns.places.services import gazetteer_load

pytestmark = pytest.mark.usefixtures("gazetteer")
GANJA = 586523
ZHANGJIAKOU = 2033196
TRIPOLI_LIBYA = 2210247
TRIPOLI_LEBANON = 266826
SHEET = (
    "Kardeş Şehir;Ülke\nSeul;Güney Kore\nGanja;\nTripoli;\nMoscow;\nMoskova;Rusya\n"
    "Seul;Güney Kore\n"
)


@pytest.fixture
def places(gazetteer: object) -> dict[int, Place]:
    gazetteer_load(geonameids={GANJA, ZHANGJIAKOU, TRIPOLI_LIBYA, TRIPOLI_LEBANON})
    return {p.geonameid: p for p in Place.objects.all() if p.geonameid}


def _checked(client: Client, text: str) -> ImportJob:
    upload = SimpleUploadedFile("partners.csv", text.encode("utf-8"), content_type="text/csv")
    client.post(reverse("imports:index"), {"kind": "partners", "file": upload})
    run_queued_tasks()  # the worker reads the file for the preview
    job = ImportJob.objects.get()
    _check(client, job)
    return job


def _check_form(html: str) -> dict[str, str]:
    """The check form's selects as a browser sends them: each with its selected option."""
    page = lxml.html.fromstring(html)
    form = page.xpath("//form[contains(@action, '/check/')]")[0]
    data = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
    for select in form.xpath(".//select"):
        selected = select.xpath("./option[@selected]/@value") or select.xpath("./option/@value")
        data[select.get("name")] = selected[0]
    return data


def _check(client: Client, job: ImportJob, **chosen_by_label: str) -> str:
    """Send the check form from the job's page, choosing in the selects labelled as given."""
    html = client.get(job.get_absolute_url()).text
    data = _check_form(html)
    page = lxml.html.fromstring(html)
    for label, value in chosen_by_label.items():
        target = page.xpath(f"//label[normalize-space()='{label}']/@for")[0]
        data[page.get_element_by_id(target).get("name")] = value
    client.post(reverse("imports:check", args=[job.pk]), data)
    return client.get(job.get_absolute_url()).text


def _places_table(html: str) -> list[list[str]]:
    """The places table as read: each row's cells, a select read as its chosen option."""
    rows = []
    for row in lxml.html.fromstring(html).xpath("//table[@id='places']/tbody/tr"):
        cells = []
        for cell in row.xpath("./td"):
            chosen = cell.xpath(".//option[@selected]") or cell.xpath(".//option[1]")
            text = chosen[0].text_content() if cell.xpath(".//select") else cell.text_content()
            cells.append(" ".join(text.split()))
        rows.append(cells)
    return rows


def test_every_name_is_shown_with_the_place_it_was_read_as(
    editor_client: Client, authority: Authority, places: dict[int, Place]
) -> None:
    job = _checked(editor_client, SHEET)

    assert _places_table(editor_client.get(job.get_absolute_url()).text) == [
        ["Tripoli", "4", "2 places", "— choose —"],
        ["Seul, Güney Kore", "2, 7", "one place", "Seoul, South Korea · 10,349,312 people"],
        ["Ganja", "3", "one place", "Ganja, Azerbaijan · 330,663 people"],
        ["Moscow", "5", "the largest of 2 places", "Moscow, Russia · 10,381,222 people"],
        ["Moskova, Rusya", "6", "one place", "Moscow, Russia · 10,381,222 people"],
    ]
    assert Partnership.objects.count() == 0


# The worker closes its database connection when done: outside a test transaction, then.
@pytest.mark.django_db(transaction=True)
def test_another_place_chosen_for_a_name_read_as_the_largest_is_the_one_imported(
    editor_client: Client, authority: Authority, places: dict[int, Place], editor: object
) -> None:
    job = _checked(editor_client, "City\nMoscow\nTripoli\n")
    idaho = places[MOSCOW_IDAHO]
    page = _check(
        editor_client,
        job,
        Moscow=str(idaho.pk),
        Tripoli=str(places[TRIPOLI_LEBANON].pk),
    )
    assert _places_table(page) == [
        ["Moscow", "2", "chosen", "Moscow, Idaho, United States · 25,060 people"],
        ["Tripoli", "3", "chosen", "Tripoli, North Lebanon, Lebanon · 229,398 people"],
    ]

    editor_client.post(reverse("imports:run", args=[job.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert set(Partnership.objects.values_list("partner__geonameid", flat=True)) == {
        MOSCOW_IDAHO,
        TRIPOLI_LEBANON,
    }


def test_choosing_back_the_place_the_gazetteer_takes_forgets_the_choice(
    editor_client: Client, authority: Authority, places: dict[int, Place]
) -> None:
    job = _checked(editor_client, "City\nMoscow\n")
    _check(editor_client, job, Moscow=str(places[MOSCOW_IDAHO].pk))
    page = _check(editor_client, job, Moscow=str(places[MOSCOW].pk))

    job.refresh_from_db()
    assert job.resolutions == {}
    assert _places_table(page) == [
        ["Moscow", "2", "the largest of 2 places", "Moscow, Russia · 10,381,222 people"]
    ]


def test_a_skipped_name_stays_listed_and_can_be_taken_back(
    editor_client: Client, authority: Authority, places: dict[int, Place]
) -> None:
    job = _checked(editor_client, "City;Country\nAtlantis;Greece\nMoscow;\n")
    skipped = _check(editor_client, job, **{"Atlantis, Greece": "skip", "Moscow": "skip"})
    job.refresh_from_db()
    assert (job.resolutions, job.report["skipped"]) == (
        {place_key("Atlantis", "Greece"): "skip", place_key("Moscow", ""): "skip"},
        [2, 3],
    )
    assert [row[2:] for row in _places_table(skipped)] == [
        ["skipped", "Skip these rows"],
        ["skipped", "Skip these rows"],
    ]

    page = _check(editor_client, job, Moscow=str(places[MOSCOW].pk))

    job.refresh_from_db()
    assert job.resolutions == {place_key("Atlantis", "Greece"): "skip"}
    assert _places_table(page)[1] == [
        "Moscow",
        "3",
        "the largest of 2 places",
        "Moscow, Russia · 10,381,222 people",
    ]


@pytest.mark.parametrize("names", [1, 3])
def test_the_checked_page_with_its_places_takes_fixed_queries(
    editor_client: Client,
    authority: Authority,
    places: dict[int, Place],
    names: int,
    django_assert_num_queries: Any,
) -> None:
    job = _checked(editor_client, "City\n" + "\n".join(["Ganja", "Moscow", "Seoul"][:names]))
    with django_assert_num_queries(5):
        page = editor_client.get(job.get_absolute_url()).text
    assert len(_places_table(page)) == names


def test_a_sheet_of_many_names_lists_the_first_and_counts_the_rest(
    editor_client: Client, authority: Authority, places: dict[int, Place]
) -> None:
    towns = [PlaceFactory(name=f"Town {n:03}").name for n in range(PLACES_SHOWN)]
    job = _checked(editor_client, "City\n" + "Ganja\n" * (ROWS_SHOWN + 2) + "\n".join(towns))

    page = editor_client.get(job.get_absolute_url()).text
    table = _places_table(page)
    rows = ", ".join(str(n) for n in range(2, ROWS_SHOWN + 2))
    assert (len(table), table[0][:2], table[-1][0]) == (
        PLACES_SHOWN,
        ["Ganja", f"{rows} and 2 more"],
        "Town 498",
    )
    assert "1 more name of the file is not listed here." in page


def test_a_name_outside_the_region_written_or_after_an_unknown_region_says_so(
    editor_client: Client, authority: Authority, places: dict[int, Place]
) -> None:
    job = _checked(editor_client, 'City\n"Moscow, Oregon"\n"Moscow, Narnia"\n')

    rows = _places_table(editor_client.get(job.get_absolute_url()).text)
    assert [row[:3] for row in rows] == [
        ["Moscow, Oregon", "2", "not in the region named"],
        ["Moscow, Narnia", "3", "region not recognised, no country named"],
    ]
