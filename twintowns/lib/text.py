"""Folding text into one comparable form, for search and for finding duplicates."""

import re

from anyascii import anyascii
from django.utils.translation import get_language

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """The search key of `text`: ASCII, lower case, words separated by single spaces.

    `anyascii` transliterates first, which also settles the Turkish letters
    (İ, dotless i, ğ, ş, ç, ö, ü -> i, i, g, s, c, o, u) and strips any accent;
    lower-casing only after that keeps `"İ".lower()` from leaving a combining dot
    behind. Other scripts come out in Latin letters (Москва -> moskva, 서울 -> seoul),
    and punctuation, hyphens and apostrophes become word breaks (Ulan-Bator -> ulan bator).
    """
    if not text.isascii():
        text = anyascii(text)
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


def capfirst(text: str) -> str:
    """`text` with its first letter capitalised, the Turkish way when Turkish is active.

    Django's capfirst turns "imza tarihi" into "Imza tarihi"; Turkish wants "İmza tarihi"
    (and "ılık" -> "Ilık", which plain upper() already gets right).
    """
    text = str(text)
    if not text:
        return text
    first = "İ" if text[0] == "i" and (get_language() or "").startswith("tr") else text[0].upper()
    return first + text[1:]
