"""Saved audiences: named, versioned filters over members, with their history."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def setup(apps, schema_editor):
    from club.services.staff import staff_permissions_ensure

    staff_permissions_ensure()


class Migration(migrations.Migration):

    dependencies = [
        ('club', '0005_member_unconsented_permission'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Audience',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, verbose_name='名称')),
                ('description', models.TextField(blank=True, verbose_name='说明')),
                ('conditions', models.JSONField(blank=True, default=dict, verbose_name='筛选条件')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='版本')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
            ],
            options={
                'verbose_name': '受众',
                'verbose_name_plural': '受众',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='AudienceRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='版本')),
                ('conditions', models.JSONField(blank=True, default=dict, verbose_name='筛选条件')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='修改人')),
                ('audience', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='club.audience', verbose_name='受众')),
            ],
            options={
                'verbose_name': '受众版本',
                'verbose_name_plural': '受众版本',
                'constraints': [models.UniqueConstraint(fields=('audience', 'version'), name='club_audience_version')],
            },
        ),
        migrations.RunPython(setup, migrations.RunPython.noop),
    ]
