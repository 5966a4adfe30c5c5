"""One typed helper for reading configuration from the environment.

Every setting that may differ between a laptop and production is read here, with a safe
embedded default, so `make run` needs no configuration and production needs nothing but
environment variables.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

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


env = Env()
