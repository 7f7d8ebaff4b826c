from django.db import migrations

from twintowns.core.themes import themes_ensure


def add_themes(apps, schema_editor):
    themes_ensure(apps.get_model("core", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
