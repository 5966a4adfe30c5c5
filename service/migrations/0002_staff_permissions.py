"""Give the customer-service groups their complaint permissions (service.permissions)."""

from django.db import migrations


def setup(apps, schema_editor):
    from service.permissions import service_permissions_ensure

    service_permissions_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0001_complaints"),
        ("content", "0002_editorial_setup"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("wagtailadmin", "__latest__"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
