"""Masking personal data for readers without the PII permission (138****5678, 王**)."""

from __future__ import annotations

from typing import Any

PHONE_MASK = "****"


def _national_digits(phone: Any) -> str:
    """The national significant number of a phone (PhoneNumber or string), digits only."""
    national = getattr(phone, "national_number", None)
    if national is not None:
        return str(national)
    digits = "".join(ch for ch in str(phone) if ch.isdigit())
    if str(phone).strip().startswith("+86") and digits.startswith("86"):
        digits = digits[2:]
    return digits


def mask_phone(phone: Any) -> str | None:
    """A mainland mobile number as 138****5678: first three and last four digits kept."""
    if phone in (None, ""):
        return None
    digits = _national_digits(phone)
    if len(digits) < 8:
        return PHONE_MASK
    return f"{digits[:3]}{PHONE_MASK}{digits[-4:]}"


def mask_email(email: str | None) -> str | None:
    """An e-mail address as z***@example.com: the first character of the local part kept."""
    if not email:
        return None
    local, at, domain = email.partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


def mask_name(name: str | None) -> str | None:
    """A name as 王**: the first character kept, one star for each other character."""
    if not name:
        return None
    name = name.strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)
