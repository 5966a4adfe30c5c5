"""Fixtures shared by every test module."""

from __future__ import annotations

import pytest


def pytest_configure(config):
    """Compile the translation catalogues as `make install` does (.mo files are not in git),
    so that a plain `pytest` run serves the .po files as they are now."""
    from portal.translations import catalogue_compile

    catalogue_compile()


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """A transactional test's flush can renumber content types; never reuse stale ids."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded and generated files go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVICE_ATTACHMENTS_ROOT = tmp_path / "private"


@pytest.fixture
def site_tree(db):
    """The club's home page and its four sections, as a fresh install has them."""
    from content.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def editorial(site_tree):
    """Staff groups, permissions and workflows on top of the site tree (content.editorial)."""
    from content.editorial import editorial_setup

    return editorial_setup()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters kept in the shared cache (rate limits, re-authentication failures, search
    misses) are keyed by row ids, which a rolled-back test hands out again; the doors' rate
    limits (core/ratelimit.py) start from zero in every test, at their production rates."""
    from django.core.cache import cache

    from core.ratelimit import rate_limits_reset

    cache.clear()
    rate_limits_reset()
    yield
    cache.clear()
    rate_limits_reset()


# The localstripe server and Stripe settings of the payments tests (started only when used).
from tests.stripe_support import localstripe_url, stripe_test  # noqa: E402,F401
