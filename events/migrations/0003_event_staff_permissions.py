"""Give the event staff group (活动工作人员) its permissions (events.permissions)."""

from django.db import migrations


def setup(apps, schema_editor):
    from events.permissions import event_staff_permissions_ensure

    event_staff_permissions_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_closure"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("wagtailadmin", "__latest__"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
