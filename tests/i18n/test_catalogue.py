"""The Turkish catalogue is complete: every string the code and templates mark has a translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

import twintowns

SOURCE = Path(twintowns.__file__).parent


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> polib.POFile:
    """The catalogue as `makemessages` would leave it after reading today's sources."""
    copy = tmp_path_factory.mktemp("source") / "twintowns"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "--locale",
            "tr",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        # The copy's own settings, so makemessages writes into the copy, never into the source.
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "twintowns.settings",
            "PYTHONPATH": str(copy.parent),
        },
    )
    return polib.pofile(str(copy / "locale" / "tr" / "LC_MESSAGES" / "django.po"))


def test_every_marked_string_has_a_turkish_translation(extracted: polib.POFile) -> None:
    missing = [entry.msgid for entry in extracted.untranslated_entries()]
    assert missing == [], f"untranslated (run `make messages` and translate): {missing[:20]}"


def test_no_translation_is_a_guess(extracted: polib.POFile) -> None:
    assert [entry.msgid for entry in extracted.fuzzy_entries()] == []
