"""Proxies are configured once (TRUSTED_PROXY_COUNT) and honoured everywhere.

With no proxy configured, X-Forwarded-For and X-Forwarded-Proto come from the client and
are ignored; with N proxies, the client's address and the scheme are what they report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client, RequestFactory

from club.services import member_login
from core.errors import DomainError
from core.http import client_ip_address
from tests.factories import member_create

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "pw-for-tests-2026"
PROXY = "10.0.0.1"


def forwarded_request(*, remote: str, forwarded_for: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().post("/graphql/", REMOTE_ADDR=remote, **extra)
    SessionMiddleware(lambda r: None).process_request(request)
    return request


def login_code(request, password: str) -> str:
    try:
        member_login(request=request, identifier="13800138000", password=password)
    except DomainError as exc:
        return exc.code
    return "OK"


def test_without_a_proxy_the_forwarded_address_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = forwarded_request(remote="198.51.100.9", forwarded_for="203.0.113.7")
    assert client_ip_address(request) == "198.51.100.9"


def test_behind_one_proxy_the_client_is_the_address_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # the left entry was sent by the client itself (forged); the proxy appended the right one
    request = forwarded_request(remote=PROXY, forwarded_for="6.6.6.6, 203.0.113.7")
    assert client_ip_address(request) == "203.0.113.7"
    settings.TRUSTED_PROXY_COUNT = 2
    request = forwarded_request(remote=PROXY, forwarded_for="6.6.6.6, 203.0.113.7, 10.0.0.2")
    assert client_ip_address(request) == "203.0.113.7"
    # a request that did not pass every proxy has only the socket's address to go by
    request = forwarded_request(remote="198.51.100.9", forwarded_for="203.0.113.7")
    assert client_ip_address(request) == "198.51.100.9"


@pytest.mark.django_db
def test_behind_a_proxy_five_failures_lock_only_the_client_that_made_them(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    member_create(phone="13800138000", password=PASSWORD)
    for _attempt in range(5):
        login_code(forwarded_request(remote=PROXY, forwarded_for="203.0.113.7"), "wrong")
    attacker = forwarded_request(remote=PROXY, forwarded_for="203.0.113.7")
    assert login_code(attacker, PASSWORD) == "LOGIN_LOCKED"
    # the member, behind the same proxy, is not locked out by someone else's guesses
    member = forwarded_request(remote=PROXY, forwarded_for="198.51.100.20")
    assert login_code(member, PASSWORD) == "OK"


@pytest.mark.django_db
def test_without_a_proxy_a_forged_forwarded_address_does_not_dodge_the_lock(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    member_create(phone="13800138000", password=PASSWORD)
    for attempt in range(5):
        request = forwarded_request(remote="198.51.100.9", forwarded_for=f"203.0.113.{attempt}")
        login_code(request, "wrong")
    request = forwarded_request(remote="198.51.100.9", forwarded_for="203.0.113.99")
    assert login_code(request, PASSWORD) == "LOGIN_LOCKED"


@pytest.mark.django_db
def test_without_a_proxy_a_forwarded_https_header_does_not_make_http_secure(settings, site_tree):
    # the production settings, as loaded by the test suite: no proxy configured
    assert settings.TRUSTED_PROXY_COUNT == 0
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response


def _is_secure_with(**extra_env: str) -> str:
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        ENV_FILE="",
        DEBUG="0",
        SECRET_KEY="a-production-grade-secret-key-with-plenty-of-entropy-9f8e7d6c5b4a3",
        **extra_env,
    )
    code = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "print(RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https').is_secure())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_forwarded_scheme_is_trusted_only_when_a_proxy_is_configured():
    assert _is_secure_with() == "False"
    assert _is_secure_with(TRUSTED_PROXY_COUNT="1") == "True"
