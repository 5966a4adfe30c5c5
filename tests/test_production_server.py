"""The production-like start (`make serve`, scripts/serve.sh) really serves.

Starts exactly what the README's production command starts — gunicorn and an RQ worker
with DEBUG off, on PostgreSQL and Redis — then fetches a page, the admin login with its
static files (hashed, compressed) and a GraphQL query, and stops it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.engines import clean_environ, require_postgresql, require_redis_and_rq

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.engines, pytest.mark.django_db(transaction=True)]
# As the TLS-terminating proxy in front of the site would send them.
PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback only)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def server(site_tree, tmp_path):
    require_postgresql()
    require_redis_and_rq()
    port = _free_port()
    environ = clean_environ(
        REDIS_URL=settings.REDIS_URL,
        PORT=str(port),
        VAR_DIR=str(tmp_path / "var"),
        ALLOWED_HOSTS="127.0.0.1",
        TRUSTED_PROXY_COUNT="1",
        WEB_CONCURRENCY="1",
    )
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        ["./scripts/serve.sh"],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            _get(base + "/", PROXIED)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(1)
    else:
        pytest.fail("the server did not start:\n" + (tmp_path / "serve.log").read_text())
    yield base
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    log.close()


def test_the_production_start_serves_pages_admin_static_files_and_graphql(server):
    status, _headers, body = _get(server + "/", PROXIED)
    assert status == 200

    # plain HTTP straight to the server is sent to HTTPS
    status, headers, _body = _get(server + "/", {})
    assert status == 301 and headers["Location"].startswith("https://")

    status, _headers, body = _get(server + "/admin/login/", PROXIED)
    assert status == 200
    html = body.decode()
    stylesheet = html.split('href="/static/wagtailadmin/css/core.', 1)[1].split('"', 1)[0]
    # hashed name (core.<hash>.css), served compressed and cached for good
    status, headers, _body = _get(
        f"{server}/static/wagtailadmin/css/core.{stylesheet}",
        {**PROXIED, "Accept-Encoding": "gzip"},
    )
    assert status == 200
    assert stylesheet.count(".") == 1  # "<hash>.css"
    assert headers.get("Content-Encoding") == "gzip"
    assert "immutable" in headers.get("Cache-Control", "")

    status, _headers, body = _get(
        server + "/graphql/?query=%7B%20projects(first%3A%201)%20%7B%20totalCount%20%7D%20%7D",
        PROXIED,
    )
    assert status == 200
    assert b'"totalCount"' in body and b"errors" not in body
