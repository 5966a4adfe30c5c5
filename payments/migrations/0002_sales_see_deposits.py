"""Give the sales group (销售) the deposits list (payments.permissions)."""

from django.db import migrations


def setup(apps, schema_editor):
    from payments.permissions import payments_permissions_ensure

    payments_permissions_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_payments_deposits_webhook_events"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
