"""Shared helpers for the tests that run against the engines for scale (Redis, RQ, PostgreSQL).

These tests need the servers, so they are skipped on a laptop without them; CI sets
CLUB_REQUIRE_ENGINES=1, which turns every such skip into a failure (a suite that silently
skipped its Redis tests would prove nothing).
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CLUB_REQUIRE_ENGINES") == "1":
        pytest.fail(f"CLUB_REQUIRE_ENGINES=1 but {reason}")
    pytest.skip(reason)


def require_redis_and_rq() -> None:
    require(
        bool(settings.REDIS_URL) and settings.TASK_BACKEND == "rq",
        "needs REDIS_URL and TASK_BACKEND=rq (see .ci/run)",
    )


def require_postgresql() -> None:
    require(connection.vendor == "postgresql", "needs DATABASE_URL=postgres://…")


def database_url() -> str:
    """A URL for the test database, for a server or worker started as a separate process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def clean_environ(**extra: str) -> dict[str, str]:
    """The environment of a separately started process: production settings, no `.env`."""
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        ENV_FILE="",
        SECRET_KEY="engines-test-secret-key-that-is-long-enough-0123456789abcdef",
        DATABASE_URL=database_url(),
    )
    environ.update(extra)
    return environ
