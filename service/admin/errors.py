"""Putting a service's refusal onto the form that asked, every field's error at once."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.errors import DomainError, DomainErrors


def form_errors_add(form: forms.Form, exc: DomainError | ValidationError) -> None:
    """Each error on its field when the form has it, else above the form."""
    pairs: list[tuple[str | None, str]] = []
    if isinstance(exc, DomainErrors):
        pairs = [(e.field, e.message) for e in exc.errors]
    elif isinstance(exc, DomainError):
        pairs = [(exc.field, exc.message)]
    elif hasattr(exc, "error_dict"):
        pairs = [(name, m) for name, errs in exc.message_dict.items() for m in errs]
    else:
        pairs = [(None, m) for m in exc.messages]
    for field, message in pairs:
        form.add_error(field if field in form.fields else None, message)
