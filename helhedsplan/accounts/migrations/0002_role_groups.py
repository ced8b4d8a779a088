"""Create one auth group per role, so that roles are ordinary Django groups."""

from django.db import migrations

ROLES = ["sekretariat", "medarbejder", "partner", "styregruppe", "bestyrelse", "laeser"]


def create_role_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    for name in ROLES:
        group_model.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
