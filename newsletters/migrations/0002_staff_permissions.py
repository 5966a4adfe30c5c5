"""Give the staff groups their newsletter permissions (newsletters.permissions)."""

from django.db import migrations


def setup(apps, schema_editor):
    from newsletters.permissions import newsletter_permissions_ensure

    newsletter_permissions_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_subscriptions_sends_deliveries_suppression"),
        ("content", "0002_editorial_setup"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
