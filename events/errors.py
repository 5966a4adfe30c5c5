"""Coded errors of the events domain, and raising a request's errors all at once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError


class AlreadyCheckedInError(DomainError):
    """A ticket scanned a second time; carries when the first scan happened."""

    def __init__(self, checked_in_at: dt.datetime) -> None:
        local = timezone.localtime(checked_in_at)
        super().__init__(
            "ticket_code",
            "ALREADY_CHECKED_IN",
            _("该票已于 %(time)s 签到。") % {"time": f"{local:%Y-%m-%d %H:%M}"},
        )
        self.checked_in_at = checked_in_at


def raise_all(errors: list[DomainError]) -> None:
    """Raise nothing, the one error, or every error together (one round trip per form)."""
    if not errors:
        return
    if len(errors) == 1:
        raise errors[0]
    by_field: dict[str, list[ValidationError]] = {}
    for error in errors:
        by_field.setdefault(error.field or NON_FIELD_ERRORS, []).append(
            ValidationError(error.message, code=error.code)
        )
    raise ValidationError(by_field)
