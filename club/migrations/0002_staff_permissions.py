"""Give the marketing and sales groups their member-data permissions (club.services.staff)."""

from django.db import migrations


def setup(apps, schema_editor):
    from club.services.staff import staff_permissions_ensure

    staff_permissions_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("club", "0001_initial"),
        ("content", "0002_editorial_setup"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
