"""`make test` on a machine without the browser tests' system packages stops at once and
says the one command to run, instead of failing minutes later (scripts/preflight.sh)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _path_without_apt(tmp_path: Path) -> str:
    """A PATH with the usual tools but no apt-get: a machine where we cannot install."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "env", "id", "grep", "fc-list"):
        if found := shutil.which(tool):
            (bin_dir / tool).symlink_to(found)
    return str(bin_dir)


def test_missing_chromium_stops_make_test_at_once_with_the_command_to_run(tmp_path):
    started = time.monotonic()
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "preflight.sh")],
        env={"PATH": _path_without_apt(tmp_path), "CHROMIUM_PATH": str(tmp_path / "none")},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "apt-get install -y chromium" in result.stderr
    assert time.monotonic() - started < 10


def test_preflight_passes_where_chromium_and_the_cjk_font_are_installed():
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "preflight.sh")],
        env={**os.environ, "CHROMIUM_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
