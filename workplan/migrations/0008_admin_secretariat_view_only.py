"""The "Secretariat staff" auth group keeps only the view permissions of the work-plan
apps: the admin is the operators' tool, read-only for the Secretariat."""

from django.db import migrations

VIEW_APPS = ("workplan", "intersessional")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name="Secretariat staff").first()
    if group is None:
        return
    keep = group.permissions.filter(content_type__app_label__in=VIEW_APPS, codename__startswith="view_")
    group.permissions.set(list(keep))


class Migration(migrations.Migration):
    dependencies = [
        ("workplan", "0007_activity_withdrawn"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
