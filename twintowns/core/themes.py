"""The seed's own list of fields of cooperation, with their Turkish names."""

from typing import Any

THEMES = [
    ("social-services", "Social services", "Sosyal hizmetler"),
    ("historical-heritage", "Historical heritage", "Tarihi miras"),
    ("environment", "Environment", "Çevre"),
    ("urban-regeneration", "Urban regeneration", "Kentsel dönüşüm"),
    ("culture", "Social and cultural activities", "Sosyal ve kültürel etkinlikler"),
    ("vocational-training", "Vocational training", "Mesleki eğitim"),
    ("mass-transportation", "Mass transportation", "Toplu taşıma"),
    ("economy", "Economy", "Ekonomi"),
    ("emergency-solidarity", "Emergency solidarity", "Afet ve acil durum dayanışması"),
]


def themes_ensure(theme_model: Any) -> None:
    """Make sure the seed's themes exist (a migration passes its historical model)."""
    for code, name, name_tr in THEMES:
        theme_model.objects.update_or_create(code=code, defaults={"name": name, "name_tr": name_tr})
