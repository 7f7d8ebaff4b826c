import pytest
from hypothesis import given
from hypothesis import strategies as st

from twintowns.lib.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("İstanbul", "istanbul"),
        ("istanbul", "istanbul"),
        ("ISTANBUL", "istanbul"),
        ("Iğdır", "igdir"),
        ("IĞDIR", "igdir"),
        ("Şanlıurfa", "sanliurfa"),
        ("ÇĞİÖŞÜ çğıöşü", "cgiosu cgiosu"),
        ("Chișinău", "chisinau"),
        ("Chişinău", "chisinau"),
        ("Ulan-Bator", "ulan bator"),
        ("Москва", "moskva"),
        ("서울", "seoul"),
        ("北京", "beijing"),
        ("  Saint-Étienne--du  Rouvray ", "saint etienne du rouvray"),
        ("Qal‘ah", "qal ah"),
        ("L'Aquila", "l aquila"),
        ("Straße", "strasse"),
        ("", ""),
        ("-'.", ""),
    ],
)
def test_fold_settles_case_accents_turkish_letters_scripts_and_punctuation(
    text: str, folded: str
) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent_ascii_lowercase_and_single_spaced(text: str) -> None:
    folded = fold(text)

    assert fold(folded) == folded
    assert folded.isascii()
    assert folded == folded.lower()
    assert folded == folded.strip()
    assert "  " not in folded
