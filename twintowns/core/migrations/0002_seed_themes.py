from django.db import migrations

# The seed's own list of fields of cooperation, with their Turkish names.
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


def add_themes(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    for code, name, name_tr in THEMES:
        Theme.objects.update_or_create(code=code, defaults={"name": name, "name_tr": name_tr})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
