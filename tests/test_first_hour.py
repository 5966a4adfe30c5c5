"""A newcomer's first hour: after `make run`'s preparation, the README works as written.

`scripts/prepare.sh` is what `make run` does before starting the servers: it writes the
development `.env`, migrates and loads the demo data. These tests run it into a fresh
directory and then the README's own `manage.py` lines, with nothing else configured.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
MANAGE_LINE = re.compile(r"\.venv/bin/python manage\.py ([a-z_]+)([^`\n]*)")

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the embedded first run is SQLite's; the SQLite run of the suite covers it",
)


def _newcomer_env(tmp: Path, **extra: str) -> dict[str, str]:
    """A shell with nothing configured, in a fresh checkout's var/ and .env."""
    environ = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    environ.update(VAR_DIR=str(tmp / "var"), ENV_FILE=str(tmp / ".env"), **extra)
    return environ


def _run(args: list[str], environ: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("first-hour")
    result = _run(["./scripts/prepare.sh"], _newcomer_env(tmp, DEMO_MEMBERS="2000"))
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp


def _manage(tmp: Path, line: str, **extra: str) -> subprocess.CompletedProcess:
    return _run([".venv/bin/python", "manage.py", *line.split()], _newcomer_env(tmp, **extra))


def test_make_run_writes_a_development_env_with_a_strong_generated_key(prepared):
    from portal.env import Env, environ_with_file, secret_key_is_weak

    values = Env(environ_with_file(prepared / ".env", {}))
    assert values.bool("DEBUG") is True
    assert not secret_key_is_weak(values.str("SECRET_KEY"))
    # written once: a second run keeps the key (sessions survive a restart)
    key = values.str("SECRET_KEY")
    _run(["./scripts/dev-env.sh"], _newcomer_env(prepared))
    assert Env(environ_with_file(prepared / ".env", {})).str("SECRET_KEY") == key


def test_the_readme_api_token_command_works_as_written(prepared):
    line = "create_api_token marketing --scopes read:members"
    assert f".venv/bin/python manage.py {line}" in README
    result = _manage(prepared, line)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\S{20,}", result.stdout.strip().splitlines()[-1])


def test_every_manage_py_command_in_the_readme_exists(prepared):
    names = {name for name, _rest in MANAGE_LINE.findall(README)}
    assert "create_api_token" in names
    code = (
        "import django; django.setup(); "
        "from django.core.management import get_commands; print(' '.join(get_commands()))"
    )
    # rqworker exists when TASK_BACKEND=rq, as the README says
    environ = _newcomer_env(prepared, TASK_BACKEND="rq")
    result = _run(
        [".venv/bin/python", "-c", code], {**environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    )
    assert result.returncode == 0, result.stderr
    assert names - set(result.stdout.split()) == set()


def test_make_run_demo_has_a_member_base_in_the_club_segment_shares(prepared):
    code = (
        "from club.models import Member, Purchase; "
        "members = Member.objects.all(); total = members.count(); "
        "print(total, members.filter(has_marketing_consent=True).count(), "
        "members.filter(referred_by__isnull=False).count(), Purchase.objects.count()); "
        "print(' '.join(f'{s}={members.filter(segment=s).count() / total:.2f}' "
        "for s in ['SOCIAL_NEWCOMER', 'CHILD_FOCUSED', 'AFFLUENT_FAMILY', 'ELDER_CARE', "
        "'PRAGMATIC_FAMILY']))"
    )
    result = _run([".venv/bin/python", "manage.py", "shell", "-c", code], _newcomer_env(prepared))
    assert result.returncode == 0, result.stderr
    counts, shares = result.stdout.strip().splitlines()[-2:]
    total, consenting, referred, purchases = map(int, counts.split())
    assert total > 2000
    assert consenting > 0.5 * total and referred > 0.1 * total and purchases > 0.02 * total
    observed = dict(pair.split("=") for pair in shares.split())
    domain = {
        "SOCIAL_NEWCOMER": 0.29,
        "CHILD_FOCUSED": 0.31,
        "AFFLUENT_FAMILY": 0.09,
        "ELDER_CARE": 0.06,
        "PRAGMATIC_FAMILY": 0.25,
    }
    for segment, share in domain.items():
        assert abs(float(observed[segment]) - share) <= 0.04, (segment, observed)
