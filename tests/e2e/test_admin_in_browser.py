"""An editor signs in to the admin in a real browser and finds it in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory, project_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editor_signs_in_and_sees_the_project_pages_in_chinese(live_server, page, site_tree):
    project_create(site_tree, title="滨海花园", slug="binhai-garden")
    UserFactory(username="editor-e2e", is_staff=True, is_superuser=True)

    page.goto(f"{live_server.url}/admin/login/")
    assert "登录" in page.content()
    page.fill("input[name=username]", "editor-e2e")
    page.fill("input[name=password]", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/{site_tree.projects.pk}/")
    assert page.get_by_text("滨海花园").first.is_visible()
    screenshots = Path(settings.VAR_DIR) / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / "admin-projects.png"))


def test_a_wrong_password_is_refused_with_a_chinese_message(live_server, page, site_tree):
    UserFactory(username="editor-e2e2", is_staff=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor-e2e2")
    page.fill("input[name=password]", "wrong-password")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    assert "/admin/login/" in page.url
    assert "密码不匹配" in page.content()


def test_the_page_editor_runs_under_the_content_security_policy(live_server, page, site_tree):
    """Chromium reports every script or eval the policy blocks; the editor triggers none."""
    project = project_create(site_tree, title="滨海花园", slug="binhai-garden-csp")
    UserFactory(username="editor-csp", is_staff=True, is_superuser=True)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor-csp")
    page.fill("input[name=password]", "pw-for-tests-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/pages/{project.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # an inline panel's "add" runs the initialisers of the new form's widgets
    page.locator("button[id$='-ADD']").first.click()
    page.wait_for_timeout(300)

    assert violations == []
