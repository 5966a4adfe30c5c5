"""Searching the demo club as a visitor would: the words the issue reports were not found.

The demo data is loaded once for the module (the `demo` fixture of test_demo_data).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from content.selectors import content_search
from tests.test_demo_data import _debug_on, demo  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def titles(query: str) -> list[str]:
    return [hit.title for hit in content_search(user=AnonymousUser(), query=query, limit=20)]


def test_the_handover_article_is_found_by_a_word_jieba_cuts_differently():
    # jieba reads the title 收房验房注意事项 as 收房验/房
    assert "收房验房注意事项" in titles("验房")


def test_projects_are_found_by_what_is_near_them():
    assert "深圳 · 云海湾" in titles("高架桥")
    noisy = titles("噪音")
    assert "深圳 · 云海湾" in noisy and len(noisy) >= 3
