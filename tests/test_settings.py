"""The settings helper and the start-up rules of the settings module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.env import Env, EnvError

ROOT = Path(__file__).resolve().parent.parent


def test_env_reads_typed_values_with_defaults():
    env = Env({"A": "true", "B": "42", "C": "x, y ,z", "D": ""})
    assert env.bool("A") is True
    assert env.bool("MISSING", default=True) is True
    assert env.int("B", 0) == 42
    assert env.int("D", 7) == 7
    assert env.list("C") == ["x", "y", "z"]
    assert env.optional("D") is None


def test_env_refuses_values_it_cannot_understand():
    with pytest.raises(EnvError, match="B must be an integer"):
        Env({"B": "forty"}).int("B", 0)
    with pytest.raises(EnvError, match="A must be a boolean"):
        Env({"A": "maybe"}).bool("A")


def _django(args: list[str], **extra_env: str) -> subprocess.CompletedProcess:
    # A clean environment: the test process itself runs with test-only settings.
    environ = {
        k: os.environ[k] for k in ("PATH", "HOME", "LANG", "DATABASE_URL") if k in os.environ
    }
    # No developer `.env` either, unless a test names one.
    environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings", "ENV_FILE": "", **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _django(["check"], DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "weak_key",
    [
        "short-but-not-empty-0123456789",  # under 50 characters
        "ab" * 30,  # too few different characters
        "django-insecure-" + "q7w8e9r0t1y2u3i4o5p6a7s8d9f0g1h2j3k4l5z6x7c8v9",  # startproject's
    ],
)
def test_a_weak_secret_key_is_refused_when_debug_is_off(weak_key):
    result = _django(["check"], DEBUG="0", SECRET_KEY=weak_key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


@pytest.mark.django_db
def test_hsts_covers_only_this_host_by_default(settings, client):
    settings.SECURE_HSTS_SECONDS = 3600
    response = client.get("/no-such-page/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=3600"


def test_hsts_subdomains_and_preload_are_opt_in():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    )
    key = "a-production-grade-secret-key-with-plenty-of-entropy-9f8e7d6c5b4a3"
    default = _django(["shell", "-c", code], DEBUG="0", SECRET_KEY=key)
    assert default.stdout.strip().splitlines()[-1].split() == ["False", "False"], default.stderr
    opted_in = _django(
        ["shell", "-c", code],
        DEBUG="0",
        SECRET_KEY=key,
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    assert opted_in.stdout.strip().splitlines()[-1].split() == ["True", "True"], opted_in.stderr


def test_production_settings_pass_the_deploy_check():
    result = _django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="a-production-grade-secret-key-with-plenty-of-entropy-9f8e7d6c5b4a3",
        ALLOWED_HOSTS="club.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_postgres_redis_and_rq_are_configuration_only():
    """The engines for scale are switched on by environment variables alone."""
    result = _django(
        [
            "shell",
            "-c",
            "from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
            "s.TASKS['default']['BACKEND'], s.SESSION_ENGINE)",
        ],
        DEBUG="0",
        SECRET_KEY="a-production-grade-secret-key-with-plenty-of-entropy-9f8e7d6c5b4a3",
        DATABASE_URL="postgres://club:club@127.0.0.1:5432/club",
        REDIS_URL="redis://127.0.0.1:6379/0",
        TASK_BACKEND="rq",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.db.backends.postgresql",
        "django_redis.cache.RedisCache",
        "django_tasks_rq.RQBackend",
        "django.contrib.sessions.backends.cache",
    ]


def test_an_unknown_task_backend_is_refused_at_start_up():
    result = _django(["check"], DEBUG="1", TASK_BACKEND="celery")
    assert result.returncode != 0
    assert "TASK_BACKEND must be one of" in result.stderr
