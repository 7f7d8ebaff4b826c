"""Real GeoNames places for the directory's tests, and the import run as the command runs it."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from twintowns.directory.models import Twinning
from twintowns.places.models import Place
from twintowns.places.services import GazetteerReport, gazetteer_load

ANKARA = 323786
ISTANBUL = 745044
TBILISI = 611717
KUTAISI = 613607
ATHENS = 264371
SEOUL = 1835848
MOSCOW = 524901
BEIJING = 1816670
KYIV = 703448
BUDAPEST = 3054643
SOFIA = 727011
VARNA = 726050
CARDIFF = 2653822
EDINBURGH = 2650225
NIENBURG = 2862620
FRANKFURT_MAIN = 2925533
FRANKFURT_ODER = 2925535
PORTLAND_OREGON = 5746545
PORTLAND_MAINE = 4975802

DIRECTORY_PLACES = {
    ANKARA,
    ISTANBUL,
    TBILISI,
    KUTAISI,
    ATHENS,
    SEOUL,
    MOSCOW,
    BEIJING,
    KYIV,
    BUDAPEST,
    SOFIA,
    VARNA,
    CARDIFF,
    EDINBURGH,
    NIENBURG,
    FRANKFURT_MAIN,
    FRANKFURT_ODER,
    PORTLAND_OREGON,
    PORTLAND_MAINE,
}
SAMPLES = Path(__file__).resolve().parents[2] / "twintowns/directory/data/samples"


@pytest.fixture
def gazetteer(db: None) -> GazetteerReport:
    return gazetteer_load(geonameids=DIRECTORY_PLACES)


def run_import(*args: str | Path) -> str:
    """`twintowns directory import ARGS`, its output."""
    out = StringIO()
    call_command("directory", "import", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def geonameid_pairs() -> set[tuple[int, int]]:
    """The directory's twinnings as sorted pairs of GeoNames ids, readable in a test."""
    rows = Twinning.objects.values_list("place_a__geonameid", "place_b__geonameid")
    return {(min(a, b), max(a, b)) for a, b in rows}


def place_pk(geonameid: int) -> int:
    return Place.objects.get(geonameid=geonameid).pk
