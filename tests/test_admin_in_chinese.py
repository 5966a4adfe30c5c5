"""The admin and our messages speak Chinese throughout, without English left in between.

Wagtail's zh_Hans catalogue lacks some strings ("Saved" in the editor, "Compare" on the
revision comparison, "Changes have been autosaved." in its scripts), and Django 5.2 renamed the minimum-length password message that its
zh_Hans catalogue still translates under the old msgid; `locale/zh_Hans/` supplies them.
"""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Task, Workflow

from content.models import Merchant
from tests.admin_pages import client_for, edit_url
from tests.factories import UserFactory, project_create
from tests.members_api import data
from tests.test_admin_crawl import _admin_paths
from tests.test_graphql_members_account import REGISTER, registration
from tests.untranslated import english_on_page, untranslated_js_msgids

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(editorial):
    return client_for(UserFactory(is_staff=True, is_superuser=True))


def _english_on(client, paths) -> dict[str, set[str]]:
    found = {}
    for path in paths:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        english = english_on_page(response.content.decode())
        if english:
            found[path] = english
    return found


def test_the_page_editor_history_and_revision_comparison_show_no_english(
    superuser_client, site_tree
):
    project = project_create(site_tree, title="海悦府")
    project.title = "海悦府二期"
    project.save_revision()
    first, latest = project.revisions.order_by("pk").values_list("pk", flat=True)[:2]
    paths = [
        edit_url(project),
        reverse("wagtailadmin_pages:history", args=[project.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[project.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[project.pk, first, latest]),
        reverse("wagtailadmin_explore", args=[site_tree.projects.pk]),
    ]

    assert _english_on(superuser_client, paths) == {}


def test_the_snippet_editor_shows_no_english(superuser_client):
    merchant = Merchant.objects.create(
        name="悦来茶馆", category="DINING", offer="九折", city="深圳"
    )
    paths = [
        "/admin/snippets/content/merchant/",
        f"/admin/snippets/content/merchant/edit/{merchant.pk}/",
    ]

    assert _english_on(superuser_client, paths) == {}


def test_the_other_editing_pages_show_no_english(superuser_client, site_tree):
    project = project_create(site_tree, title="海悦府")
    staff = UserFactory(is_staff=True)
    image = Image.objects.create(title="效果图", file=get_test_image_file())
    document = Document.objects.create(title="说明书", file=ContentFile(b"-", name="a.txt"))
    merchant = Merchant.objects.create(
        name="悦来茶馆", category="DINING", offer="九折", city="深圳"
    )
    paths = [
        f"/admin/users/edit/{staff.pk}/",
        f"/admin/groups/edit/{Group.objects.first().pk}/",
        f"/admin/workflows/edit/{Workflow.objects.first().pk}/",
        f"/admin/workflows/tasks/edit/{Task.objects.first().pk}/",
        *(
            reverse("wagtailadmin_pages:add", args=["content", model, parent.pk])
            for model, parent in [
                ("projectpage", site_tree.projects),
                ("eventpage", site_tree.events),
                ("articlepage", site_tree.articles),
                ("newsletterissuepage", site_tree.newsletters),
            ]
        ),
        *(
            reverse(f"wagtailadmin_pages:{view}", args=[project.pk])
            for view in ("delete", "unpublish", "move", "copy", "workflow_history", "usage")
        ),
        f"/admin/images/{image.pk}/",
        f"/admin/documents/edit/{document.pk}/",
        f"/admin/snippets/content/merchant/history/{merchant.pk}/",
        f"/admin/snippets/content/merchant/delete/{merchant.pk}/",
    ]

    assert _english_on(superuser_client, paths) == {}


def test_no_admin_page_shows_english(superuser_client, site_tree):
    assert _english_on(superuser_client, _admin_paths()) == {}


def test_the_admin_scripts_strings_are_chinese(superuser_client):
    # what the editor's JavaScript shows ("Changes have been autosaved.", block menus)
    response = superuser_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", response.text, re.S)[1])

    assert untranslated_js_msgids(catalog) == []


def test_a_short_password_is_refused_in_chinese_only(client):
    body = data(client, REGISTER, registration(password="a1b2c"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    [error] = body["register"]["errors"]
    assert error["code"] == "PASSWORD_TOO_WEAK"
    assert "8" in error["message"]
    assert not any(c.isascii() and c.isalpha() for c in error["message"]), error["message"]


def test_the_catalogue_overrides_do_not_reach_english_users():
    with translation.override("en"):
        assert translation.gettext("Saved") == "Saved"
