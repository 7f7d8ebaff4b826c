"""Which column of a sheet holds which field: recognised by its header, in English or Turkish."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from twintowns.lib.text import fold


@dataclass(frozen=True)
class Target:
    name: str
    label: Promise | str
    aliases: tuple[str, ...] = ()
    required: bool = False


_CITY = Target(
    "city",
    _("partner city"),
    ("city", "sehir", "kent", "partner city", "kardes sehir", "partner", "town", "ortak sehir"),
)
_COUNTRY = Target("country", _("country"), ("country", "ulke", "nation"))
_CITY_COUNTRY = Target(
    "city_country",
    _("city, country (one column)"),
    ("city country", "sehir ulke", "kent ulke", "place", "yer", "location", "konum"),
)
_NOTES = Target("notes", _("notes"), ("notes", "note", "notlar", "not", "aciklama", "remarks"))
_COUNCIL_NO = Target(
    "council_decision_number",
    _("council decision no."),
    ("council decision no", "council decision number", "meclis karar no", "karar no"),
)
_COUNCIL_DATE = Target(
    "council_decision_date",
    _("council decision date"),
    ("council decision date", "meclis karar tarihi", "karar tarihi"),
)

KIND_TARGETS: dict[str, tuple[Target, ...]] = {
    "partners": (
        _CITY,
        _COUNTRY,
        _CITY_COUNTRY,
        Target("kind", _("kind"), ("kind", "type", "tur", "iliski turu", "iliski", "relation")),
        Target("status", _("status"), ("status", "durum", "state")),
        Target(
            "signed",
            _("date signed"),
            ("signed", "signed on", "date signed", "signing date", "imza tarihi", "imza", "year"),
        ),
        Target("themes", _("themes"), ("themes", "theme", "konular", "konu", "temalar", "tema")),
        _NOTES,
        Target("sources", _("sources"), ("source", "sources", "kaynak", "kaynaklar")),
        _COUNCIL_NO,
        _COUNCIL_DATE,
        Target(
            "ministry_approval_number",
            _("ministry approval no."),
            ("ministry approval no", "ministry approval number", "bakanlik onay no"),
        ),
        Target(
            "ministry_approval_date",
            _("ministry approval date"),
            ("ministry approval date", "bakanlik onay tarihi", "onay tarihi"),
        ),
    ),
    "contacts": (
        _CITY,
        _COUNTRY,
        _CITY_COUNTRY,
        Target("name", _("name"), ("name", "contact", "ad", "ad soyad", "adi soyadi", "isim")),
        Target("position", _("position"), ("position", "title", "gorev", "unvan", "pozisyon")),
        Target("organisation", _("organisation"), ("organisation", "organization", "kurum")),
        Target("email", _("e-mail"), ("email", "e mail", "e posta", "eposta", "mail")),
        Target("phone", _("phone"), ("phone", "telephone", "tel", "telefon")),
    ),
    "activities": (
        Target(
            "title", _("title"), ("title", "baslik", "etkinlik", "activity", "ad"), required=True
        ),
        Target("kind", _("kind"), ("kind", "type", "tur", "etkinlik turu"), required=True),
        Target("direction", _("direction"), ("direction", "yon"), required=True),
        Target("start", _("start"), ("start", "starts on", "date", "baslangic", "tarih")),
        Target("end", _("end"), ("end", "ends on", "bitis", "bitis tarihi")),
        Target("city", _("place"), ("city", "sehir", "kent", "place", "yer")),
        _COUNTRY,
        Target(
            "partners",
            _("partners"),
            (
                "partners",
                "partner",
                "partner cities",
                "ortaklar",
                "kardes sehirler",
                "ilgili ortak",
            ),
        ),
        Target("themes", _("themes"), ("themes", "theme", "konular", "konu", "temalar", "tema")),
        Target("description", _("description"), ("description", "aciklama", "notes", "notlar")),
        Target("participants", _("participants"), ("participants", "katilimcilar")),
        Target("outcomes", _("outcomes"), ("outcomes", "sonuclar", "ciktilar")),
    ),
    "memberships": (
        Target(
            "organization",
            _("organization"),
            ("organization", "organisation", "kurulus", "orgut", "uluslararasi kurulus", "network"),
            required=True,
        ),
        Target("acronym", _("acronym"), ("acronym", "kisaltma", "short name")),
        Target("role", _("role"), ("role", "rol", "gorev", "uyelik turu")),
        Target("since", _("member since"), ("since", "member since", "uyelik yili", "baslangic")),
        Target("until", _("member until"), ("until", "member until", "bitis", "ayrilis")),
        _COUNCIL_NO,
        _COUNCIL_DATE,
        Target("benefits", _("benefits"), ("benefits", "kazanimlar", "faydalar")),
        _NOTES,
    ),
}
KINDS = {
    "partners": _("partners"),
    "activities": _("activities"),
    "contacts": _("contacts of partners"),
    "memberships": _("memberships"),
}
IGNORE = ""


def targets(kind: str) -> dict[str, Target]:
    return {target.name: target for target in KIND_TARGETS[kind]}


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Each header's field by its aliases ("Şehir" -> city), or IGNORE; a field is taken once."""
    by_alias = {alias: t.name for t in KIND_TARGETS[kind] for alias in (t.name, *t.aliases)}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = fold(header)
        name = by_alias.get(key) or by_alias.get(key.replace(" ", "_"), IGNORE)
        if name in taken:
            name = IGNORE
        mapping[header] = name
        taken.add(name)
    taken.discard(IGNORE)
    return mapping


def mapping_with_overrides(
    kind: str, headers: list[str], overrides: dict[str, str]
) -> dict[str, str]:
    """The guessed mapping, with the person's choices (column -> field, "" to ignore) on top."""
    mapping = guess_mapping(kind, headers)
    chosen = {value for value in overrides.values() if value}
    for header, name in mapping.items():
        if name in chosen and header not in overrides:
            mapping[header] = IGNORE
    mapping.update({h: v for h, v in overrides.items() if h in mapping})
    return mapping


def mapping_problems(kind: str, mapping: dict[str, str]) -> list[str]:
    """What is wrong with a mapping as a whole: unknown fields, fields used twice, one missing."""
    known = targets(kind)
    problems = []
    used = [name for name in mapping.values() if name]
    for name in sorted(set(used)):
        if name not in known:
            problems.append(str(_("“%(name)s” is not a field of this import.")) % {"name": name})
        elif used.count(name) > 1:
            problems.append(
                str(_("Two columns are mapped to “%(field)s”.")) % {"field": known[name].label}
            )
    if kind in ("partners", "contacts") and "city" not in used and "city_country" not in used:
        problems.append(str(_("No column is mapped to the partner city.")))
    for target in known.values():
        if target.required and target.name not in used:
            problems.append(str(_("No column is mapped to “%(field)s”.")) % {"field": target.label})
    return problems


def unmapped(mapping: dict[str, str]) -> list[str]:
    return [header for header, name in mapping.items() if not name]
