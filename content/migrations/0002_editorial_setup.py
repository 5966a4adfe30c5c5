"""Staff groups, their permissions and the moderation workflows (content.editorial).

`editorial_setup()` touches only auth, contenttypes and Wagtail models, never a content
page table, so it is safe to call with the current code; the `__latest__` dependencies make
sure those apps' tables are complete when it runs on a fresh database.
"""

from django.db import migrations


def setup(apps, schema_editor):
    from content.editorial import editorial_setup

    editorial_setup()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("wagtailadmin", "__latest__"),
        ("wagtailcore", "__latest__"),
        ("wagtailimages", "__latest__"),
        ("wagtaildocs", "__latest__"),
        ("simple_translation", "__latest__"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
