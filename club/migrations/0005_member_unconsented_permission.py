"""Sales may see members who declined marketing; marketing may not (club.services.staff)."""

from django.db import migrations


def setup(apps, schema_editor):
    from club.services.staff import staff_permissions_ensure

    staff_permissions_ensure()


class Migration(migrations.Migration):
    dependencies = [
        ("club", "0004_sms_purpose_guest_complaint"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="member",
            options={
                "permissions": [
                    ("view_member_pii", "查看会员明文手机号与邮箱"),
                    ("override_segment", "人工调整客户细分"),
                    ("view_unconsented_member", "查看未同意营销的会员"),
                ],
                "verbose_name": "会员",
                "verbose_name_plural": "会员",
            },
        ),
        migrations.RunPython(setup, migrations.RunPython.noop),
    ]
