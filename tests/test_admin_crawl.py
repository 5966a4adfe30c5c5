"""Every parameterless admin page answers each staff role without a server error.

A broad net under the targeted admin tests: it walks the URL configuration, so a new
admin view is covered the day it is added.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.roles import GROUPS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# logout/login change the session; error-test is Wagtail's deliberate 500 for checking logging.
SKIP = (
    "admin/logout/",
    "admin/login/",
    "admin/password_reset/",
    "admin/error-test/",
    "admin/failwhale/",  # Wagtail's deliberate 500 page
)


def _admin_paths() -> list[str]:
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                full = prefix + route
                if full.startswith("^") or "<" in full or "(" in full or "?" in full:
                    continue
                if full.startswith("admin/") and not full.startswith(SKIP):
                    paths.append("/" + full.rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


@pytest.mark.parametrize("role", sorted(GROUPS))
def test_no_admin_page_fails_for_a_staff_role(role, editorial):
    user = UserFactory(is_staff=True, groups=[GROUPS[role]])
    client = Client(raise_request_exception=False)
    client.force_login(user)
    paths = _admin_paths()
    assert len(paths) > 50
    failures = [p for p in paths if client.get(p).status_code >= 500]
    assert failures == []


def test_no_admin_page_fails_for_a_superuser(editorial):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failures = [p for p in _admin_paths() if client.get(p).status_code >= 500]
    assert failures == []
