"""Cache, sessions, the API-token rate limit and background tasks really run on Redis.

Run with REDIS_URL and TASK_BACKEND=rq set (as .ci/run does); the task test starts a
real `manage.py rqworker` process, which picks the job up from Redis.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client

from club.services import api_token_create, api_token_throttle
from content.selectors import content_search
from core.errors import DomainError
from tests.engines import clean_environ, require_redis_and_rq
from tests.factories import UserFactory, project_create
from tests.members_api import grant

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.engines


@pytest.fixture(autouse=True)
def _redis():
    require_redis_and_rq()
    cache.clear()
    yield redis.Redis.from_url(settings.REDIS_URL)
    cache.clear()


def test_the_cache_is_redis(_redis):
    cache.set("engines-probe", "值", timeout=60)
    assert cache.get("engines-probe") == "值"
    assert any(b"engines-probe" in key for key in _redis.keys("*engines-probe*"))


@pytest.mark.django_db
def test_a_session_lives_in_redis(_redis):
    client = Client()
    client.force_login(UserFactory())
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert _redis.keys(f"*{session_key}*")


@pytest.mark.django_db
def test_the_api_token_rate_limit_is_counted_in_redis(settings, _redis):
    settings.API_TOKEN_RATE_LIMIT_PER_MINUTE = 3
    owner = UserFactory(is_staff=True)
    grant(owner, "view_member")
    token, _raw = api_token_create(user=owner, scopes="read:members")
    for _request in range(3):
        api_token_throttle(token=token)
    with pytest.raises(DomainError) as refused:
        api_token_throttle(token=token)
    assert refused.value.code == "RATE_LIMITED"
    assert _redis.dbsize() > 0
    # the count is in Redis, shared by every web worker: clearing it lifts the limit
    cache.clear()
    api_token_throttle(token=token)


@pytest.mark.django_db(transaction=True)
def test_a_real_rq_worker_runs_the_queued_task(site_tree):
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    # publishing queues the search-index update as an RQ job in Redis
    project_create(site_tree, title="望江台", slug="wangjiang", intro="临江而居")
    anonymous = AnonymousUser()
    assert content_search(user=anonymous, query="望江台", limit=5) == []

    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
            "default",
        ],
        cwd=ROOT,
        env=clean_environ(REDIS_URL=settings.REDIS_URL, TASK_BACKEND="rq"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    hits = content_search(user=anonymous, query="望江台", limit=5)
    assert [hit.title for hit in hits] == ["望江台"]


def test_the_doors_count_in_redis_shared_by_every_process(settings, _redis):
    """A count made by another process (another web worker) holds here too."""
    from core.ratelimit import RateLimited, rate_limit_hit

    assert settings.RATE_LIMIT_STORAGE_URL == settings.REDIS_URL
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": {"address": "2/hour"}}
    other_worker = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "settings.RATE_LIMITS = {'login': {'address': '2/hour'}}\n"
        "from core.ratelimit import rate_limit_hit\n"
        "rate_limit_hit(door='login', address='198.51.100.23')\n"
        "rate_limit_hit(door='login', address='198.51.100.23')\n"
    )
    environ = clean_environ(
        DJANGO_SETTINGS_MODULE="portal.settings_test",
        SECRET_KEY=settings.SECRET_KEY,
        REDIS_URL=settings.REDIS_URL,
        TASK_BACKEND="rq",
    )
    done = subprocess.run(
        [sys.executable, "-c", other_worker], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    with pytest.raises(RateLimited) as refused:
        rate_limit_hit(door="login", address="198.51.100.23")
    assert refused.value.retry_after >= 1
    assert _redis.keys("LIMITS*")
