"""The admin's listings: merchants for editors, records that can be read but never written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import EventPublicationOverride, Merchant
from core.audit import audit_record
from core.models import AuditEntry
from core.roles import EDITORS, REVIEWERS, SERVICE
from tests.admin_pages import client_for, edit_url
from tests.factories import UserFactory, event_create, project_create

pytestmark = pytest.mark.django_db


def names_listed(response) -> set[str]:
    return {str(obj) for obj in response.context["object_list"]}


@pytest.fixture
def merchants(db):
    rows = [
        ("星巴克咖啡", "DINING", "深圳"),
        ("海底捞火锅", "DINING", "广州"),
        ("新东方英语", "EDUCATION", "深圳"),
    ]
    return [
        Merchant.objects.create(name=name, category=category, city=city, offer="会员九折")
        for name, category, city in rows
    ]


# --- merchants ------------------------------------------------------------------------------


def test_editors_list_merchants_filtered_by_city_and_category(editorial, merchants):
    client = client_for(UserFactory(groups=[EDITORS]))
    url = reverse("wagtailsnippets_content_merchant:list")
    assert names_listed(client.get(url)) == {m.name for m in merchants}
    assert names_listed(client.get(url, {"city": "深圳"})) == {"星巴克咖啡", "新东方英语"}
    assert names_listed(client.get(url, {"city": "深圳", "category": "DINING"})) == {"星巴克咖啡"}


def test_merchants_are_found_by_a_chinese_word(editorial, merchants):
    client = client_for(UserFactory(groups=[EDITORS]))
    url = reverse("wagtailsnippets_content_merchant:list")
    assert names_listed(client.get(url, {"q": "火锅"})) == {"海底捞火锅"}


def test_editors_add_a_merchant(editorial):
    client = client_for(UserFactory(groups=[EDITORS]))
    url = reverse("wagtailsnippets_content_merchant:add")
    response = client.post(
        url, {"name": "万达影城", "category": "LEISURE", "city": "深圳", "offer": "会员八折"}
    )
    assert response.status_code == 302
    assert Merchant.objects.filter(name="万达影城").exists()


def test_service_staff_do_not_manage_merchants(editorial, merchants):
    client = client_for(UserFactory(groups=[SERVICE]))
    response = client.get(reverse("wagtailsnippets_content_merchant:list"))
    assert response.status_code in (302, 403)


# --- late event publications ----------------------------------------------------------------


@pytest.fixture
def override(site_tree):
    event = event_create(site_tree, starts_in=dt.timedelta(days=10))
    return EventPublicationOverride.objects.create(
        event=event,
        user=UserFactory(),
        published_at=timezone.now(),
        starts_at=event.starts_at,
        hours_before_start=40,
    )


def _overrides(name, *args):
    return reverse(f"event_publication_overrides:{name}", args=args)


def test_reviewers_read_the_late_publication_records(editorial, override):
    client = client_for(UserFactory(groups=[REVIEWERS]))
    response = client.get(_overrides("index"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1
    assert client.get(_overrides("inspect", override.pk)).status_code == 200
    assert _overrides("add") not in response.content.decode()


@pytest.mark.parametrize("superuser", [False, True])
def test_nobody_writes_late_publication_records(editorial, override, superuser):
    user = UserFactory(is_superuser=superuser, groups=[REVIEWERS])
    client = client_for(user)
    assert client.get(_overrides("add")).status_code in (302, 403)
    assert client.get(_overrides("edit", override.pk)).status_code in (302, 403)
    assert client.post(_overrides("delete", override.pk)).status_code in (302, 403)
    assert EventPublicationOverride.objects.filter(pk=override.pk, hours_before_start=40).exists()


def test_editors_do_not_see_late_publication_records(editorial, override):
    client = client_for(UserFactory(groups=[EDITORS]))
    assert client.get(_overrides("index")).status_code in (302, 403)


# --- audit trail ----------------------------------------------------------------------------


def _audit(name, *args):
    return reverse(f"audit_entries:{name}", args=args)


@pytest.fixture
def entry(db):
    return audit_record(actor=None, operation="members.list", target="会员", row_count=20)


def test_superusers_read_the_audit_trail(entry):
    client = client_for(UserFactory(is_superuser=True))
    response = client.get(_audit("index"))
    assert response.status_code == 200
    assert [e.pk for e in response.context["object_list"]] == [entry.pk]
    assert client.get(_audit("inspect", entry.pk)).status_code == 200


def test_the_audit_trail_cannot_be_written_even_by_superusers(entry):
    client = client_for(UserFactory(is_superuser=True))
    assert client.get(_audit("add")).status_code in (302, 403)
    assert client.get(_audit("edit", entry.pk)).status_code in (302, 403)
    assert client.post(_audit("delete", entry.pk)).status_code in (302, 403)
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_staff_other_than_superusers_cannot_read_the_audit_trail(editorial, entry):
    client = client_for(UserFactory(groups=[REVIEWERS]))
    assert client.get(_audit("index")).status_code in (302, 403)


# --- the project editor -------------------------------------------------------------------


def test_the_project_editor_explains_the_disclosure(site_tree, editorial):
    project = project_create(site_tree, publish=False)
    response = client_for(UserFactory(groups=[EDITORS])).get(edit_url(project))
    html = response.content.decode()
    assert "经核查未发现" in html  # the note above the disclosure
    assert "红线外不利因素已审核公示" in html  # the checkbox that confirms it


def test_every_staff_role_opens_the_admin_home_in_chinese(editorial):
    from core.roles import GROUPS

    for name in GROUPS.values():
        response = client_for(UserFactory(groups=[name])).get(reverse("wagtailadmin_home"))
        assert response.status_code == 200, name
        assert 'lang="zh-hans"' in response.content.decode()
