from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

GROUP = "Union analysts"
PERMISSION = "view_union_insights"


def create_group(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The role made for a union's or a ministry's staff; an administrator adds users to it."""
    # Django creates permissions after the last migration; this one is needed now, and the
    # later pass finds it there.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    authority, _ = ContentType.objects.get_or_create(app_label="authorities", model="authority")
    permission, _ = Permission.objects.get_or_create(
        content_type=authority,
        codename=PERMISSION,
        defaults={"name": "Can see the trends across all authorities"},
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_group(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("authorities", "0002_union_insights_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
