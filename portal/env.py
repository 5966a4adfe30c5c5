"""One typed helper for reading configuration from the environment.

Every setting that may differ between a laptop and production is read here, with a safe
embedded default, so `make run` needs no configuration and production needs nothing but
environment variables.
"""

from __future__ import annotations

import os
from collections import ChainMap
from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvError(ValueError):
    """A configuration variable is present but cannot be understood."""


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ

    def str(self, name: str, default: str = "") -> str:
        return self._environ.get(name, default)

    def optional(self, name: str) -> str | None:
        value = self._environ.get(name)
        return value if value else None

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self._environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise EnvError(f"{name} must be a boolean (true/false), got {raw!r}")

    def int(self, name: str, default: int) -> int:
        raw = self._environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise EnvError(f"{name} must be an integer, got {raw!r}") from None

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        raw = self._environ.get(name)
        if raw is None:
            return list(default or [])
        return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_is_weak(key: str) -> bool:
    """Django's own deploy-check criteria (security.W009): short, repetitive or insecure."""
    from django.core.checks.security.base import (
        SECRET_KEY_INSECURE_PREFIX,
        SECRET_KEY_MIN_LENGTH,
        SECRET_KEY_MIN_UNIQUE_CHARACTERS,
    )

    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    )


def environ_with_file(path: str | os.PathLike | None, environ: Mapping[str, str]) -> ChainMap:
    """`environ` on top of the KEY=value file at `path` (if there is one).

    The real environment always wins, so a value exported in a shell or set by a service
    manager overrides the file; a missing file, or no path, changes nothing.
    """
    values: dict[str, str] = {}
    if path and Path(path).is_file():
        values = {k: v for k, v in dotenv_values(path).items() if v is not None}
    return ChainMap(environ, values)


# `make run` writes `.env` (DEBUG=1 and a generated SECRET_KEY) so that every `manage.py`
# command works on a developer's machine as written; production has no such file and
# sets the real environment. ENV_FILE names another file, or none when empty.
ENV_FILE = os.environ.get("ENV_FILE", str(Path(__file__).resolve().parent.parent / ".env"))
env = Env(environ_with_file(ENV_FILE, os.environ))
