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


class DomainErrors(DomainError):
    """Several errors of one request, raised together so a form is answered whole.

    It is a DomainError (the first error's field, code and message), so code that handles
    one error keeps working; `errors` holds them all, in the order the fields were checked.
    """

    def __init__(self, errors: list[DomainError]) -> None:
        first = errors[0]
        super().__init__(first.field, first.code, first.message)
        self.errors = list(errors)

    def as_validation_error(self) -> ValidationError:
        by_field: dict[str, list[ValidationError]] = {}
        for error in self.errors:
            by_field.setdefault(error.field or "__all__", []).append(
                ValidationError(error.message, code=error.code)
            )
        return ValidationError(by_field)


class FieldErrors:
    """Collects the errors of a form's field checks, to raise them all at once.

    errors = FieldErrors()
    name = errors.check(clean_name, name)      # None if refused; the error is kept
    phone = errors.check(clean_phone, phone)
    errors.raise_if_any()                      # DomainError, or DomainErrors for several
    """

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def check(self, clean, *args, **kwargs):
        try:
            return clean(*args, **kwargs)
        except DomainErrors as exc:
            self.errors.extend(exc.errors)
        except DomainError as exc:
            self.errors.append(exc)
        return None

    def add(self, error: DomainError) -> None:
        self.errors.append(error)

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)


class PermissionDeniedError(DomainError):
    def __init__(self, message: str, code: str = "PERMISSION_DENIED") -> None:
        super().__init__(None, code, message)


class NotFoundError(DomainError):
    def __init__(self, field: str | None, message: str, code: str = "NOT_FOUND") -> None:
        super().__init__(field, code, message)
