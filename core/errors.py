"""The one domain error type raised by every service.

A `DomainError` names the input field at fault (or None), a stable UPPER_SNAKE_CASE code
that clients can switch on, and a message already translated for the user. The GraphQL
layer turns it into a `UserError`; the Wagtail admin shows the message next to the field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(Exception):
    def __init__(self, field: str | None, code: str, message: str) -> None:
        super().__init__(str(message))
        self.field = field
        self.code = code
        self.message = str(message)

    def as_validation_error(self) -> ValidationError:
        """The same error in the shape Django forms and model validation expect."""
        if self.field:
            return ValidationError({self.field: ValidationError(self.message, code=self.code)})
        return ValidationError(self.message, code=self.code)


class PermissionDeniedError(DomainError):
    def __init__(self, message: str, code: str = "PERMISSION_DENIED") -> None:
        super().__init__(None, code, message)


class NotFoundError(DomainError):
    def __init__(self, field: str | None, message: str, code: str = "NOT_FOUND") -> None:
        super().__init__(field, code, message)
