"""Sign-in with a phone number, an e-mail address or (for staff) a username."""

from __future__ import annotations

import phonenumbers
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def normalise_phone(raw: str) -> str | None:
    """A mainland mobile number in E.164 (+8613800138000), or None if it is not one."""
    try:
        number = phonenumbers.parse(raw.strip(), "CN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def canonical_identifier(raw: str) -> str:
    """The canonical form of a sign-in identifier: E.164 phone, lower-case e-mail, or as is."""
    raw = (raw or "").strip()
    if "@" in raw:
        return raw.lower()
    return normalise_phone(raw) or raw


def axes_username(request, credentials: dict | None = None) -> str:
    """What django-axes counts failed logins against: the account, however it was typed.

    `EDitor@example.com`, `139 0000 0001` and `+86 139-0000-0001` all name one account, so
    they share one count (AXES_USERNAME_CALLABLE). An identifier naming no account is
    counted in its canonical form, so unknown accounts are throttled the same way.
    """
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get("username")
    raw = str(raw or "")
    user = find_user_by_identifier(raw)
    if user is not None:
        return user.get_username()
    return canonical_identifier(raw)


def find_user_by_identifier(identifier: str):
    """The user a sign-in identifier names, or None."""
    User = get_user_model()
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    phone = normalise_phone(identifier) if identifier[:1] in "+1" else None
    if phone:
        user = User.objects.filter(phone=phone).first()
        if user:
            return user
    return User.objects.filter(username=identifier).first()


class PhoneOrEmailBackend(ModelBackend):
    """Django's model backend, looking the user up by phone, e-mail or username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username or kwargs.get("phone") or kwargs.get("email")
        if identifier is None or password is None:
            return None
        user = find_user_by_identifier(identifier)
        if user is None:
            # Spend the same time as a real check so timing does not reveal accounts.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
