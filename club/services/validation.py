"""Input checks shared by the member services. Each returns the cleaned value or raises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from club.choices import Education, Gender, IncomeBand, PurchaseTimeframe
from club.segments import ADULT_FROM_AGE, age_on
from core.auth import normalise_phone
from core.errors import DomainError, FieldErrors


class _Unset:
    """Marks a keyword argument the caller did not pass (so None can mean "clear")."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()

MAX_AGE = 120
MAX_CHILD_AGE = 80
MAX_INT32 = 2_147_483_647
# RFC 5321's limit, and the length of the e-mail column: a longer address cannot be stored.
MAX_EMAIL_LENGTH = 254


def require_active_member(member: Any) -> None:
    """Refuse to act on a deleted (anonymised) member's record."""
    if member.deleted_at:
        raise DomainError(None, "MEMBER_DELETED", _("该会员已注销。"))


def refuse_control_characters(value: str, field: str) -> str:
    """Refuse NUL and other control characters (PostgreSQL cannot store NUL in text)."""
    if any(ord(char) < 32 and char not in "\t\n\r" for char in value):
        raise DomainError(field, "INVALID_CHARACTERS", _("内容包含无效字符。"))
    return value


def clean_name(name: str | None) -> str:
    name = refuse_control_characters((name or "").strip(), "name")
    if not name:
        raise DomainError("name", "NAME_REQUIRED", _("请填写姓名。"))
    if len(name) > 100:
        raise DomainError("name", "NAME_TOO_LONG", _("姓名不能超过 100 个字符。"))
    return name


def clean_phone(phone: str | None) -> str:
    """A mainland mobile number in E.164, whatever format it was typed in."""
    normalised = normalise_phone(phone or "")
    if not normalised:
        raise DomainError("phone", "PHONE_INVALID", _("请输入有效的中国大陆手机号码。"))
    return normalised


def phone_taken(phone: str, *, exclude_user_id: int | None = None) -> bool:
    qs = get_user_model().objects.filter(phone=phone)
    if exclude_user_id:
        qs = qs.exclude(pk=exclude_user_id)
    return qs.exists()


def clean_email_format(email: str | None) -> str | None:
    """A lower-cased, well-formed e-mail address, or None if none was given (no database)."""
    email = (email or "").strip().lower()
    if not email:
        return None
    invalid = DomainError("email", "EMAIL_INVALID", _("请输入有效的电子邮箱地址。"))
    if len(email) > MAX_EMAIL_LENGTH or "\x00" in email:
        raise invalid
    try:
        validate_email(email)
    except ValidationError:
        raise invalid
    return email


def email_taken(email: str, *, exclude_user_id: int | None = None) -> bool:
    qs = get_user_model().objects.filter(email__iexact=email)
    if exclude_user_id:
        qs = qs.exclude(pk=exclude_user_id)
    return qs.exists()


def email_taken_error() -> DomainError:
    return DomainError("email", "EMAIL_TAKEN", _("该邮箱已被注册。"))


def phone_taken_error() -> DomainError:
    return DomainError("phone", "PHONE_TAKEN", _("该手机号已被注册。"))


def clean_email(email: str | None, *, exclude_user_id: int | None = None) -> str | None:
    """A lower-cased e-mail address not used by anyone else, or None if none was given."""
    email = clean_email_format(email)
    if email and email_taken(email, exclude_user_id=exclude_user_id):
        raise email_taken_error()
    return email


def clean_birth_date(birth_date: dt.date | None, *, today: dt.date) -> dt.date:
    """A plausible birth date of someone aged 18 or over on `today`."""
    if birth_date is None:
        raise DomainError("birth_date", "BIRTH_DATE_REQUIRED", _("请填写出生日期。"))
    if birth_date > today or age_on(birth_date, today) > MAX_AGE:
        raise DomainError("birth_date", "BIRTH_DATE_INVALID", _("出生日期无效。"))
    if age_on(birth_date, today) < ADULT_FROM_AGE:
        raise DomainError(
            "birth_date", "UNDER_AGE", _("很抱歉，万客会仅接受年满 18 周岁的会员入会。")
        )
    return birth_date


def clean_choice(value: str | None, choices: Any, field: str, code: str) -> str:
    value = value or ""
    if value and value not in choices.values:
        raise DomainError(field, code, _("所选内容无效。"))
    return value


def clean_gender(value: str | None) -> str:
    return clean_choice(value, Gender, "gender", "GENDER_INVALID")


def clean_education(value: str | None) -> str:
    return clean_choice(value, Education, "education", "EDUCATION_INVALID")


def clean_income_band(value: str | None) -> str:
    return clean_choice(value, IncomeBand, "income_band", "INCOME_BAND_INVALID")


def clean_purchase_timeframe(value: str | None) -> str:
    return clean_choice(
        value, PurchaseTimeframe, "purchase_timeframe", "PURCHASE_TIMEFRAME_INVALID"
    )


def clean_text(value: str | None, field: str, max_length: int) -> str:
    value = refuse_control_characters((value or "").strip(), field)
    if len(value) > max_length:
        raise DomainError(
            field, "TOO_LONG", _("内容不能超过 %(max)d 个字符。") % {"max": max_length}
        )
    return value


def clean_children_ages(ages: Iterable[Any] | None) -> list[int]:
    cleaned: list[int] = []
    for age in ages or []:
        if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= MAX_CHILD_AGE:
            raise DomainError("children_ages", "CHILD_AGE_INVALID", _("子女年龄无效。"))
        cleaned.append(age)
    if len(cleaned) > 20:
        raise DomainError("children_ages", "CHILD_AGE_INVALID", _("子女年龄无效。"))
    return cleaned


def clean_int_list(
    values: Iterable[Any] | None, field: str, code: str, *, low: int, high: int
) -> list[int]:
    cleaned: list[int] = []
    for value in values or []:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise DomainError(field, code, _("所填数值无效。"))
        if value not in cleaned:
            cleaned.append(value)
    return sorted(cleaned)


def clean_codes(values: Iterable[Any] | None, choices: Any, field: str, code: str) -> list[str]:
    cleaned: list[str] = []
    for value in values or []:
        if value not in choices.values:
            raise DomainError(field, code, _("所选内容无效。"))
        if value not in cleaned:
            cleaned.append(value)
    return cleaned


def clean_area_range(area_min: int | None, area_max: int | None) -> tuple[int | None, int | None]:
    for value in (area_min, area_max):
        if value is not None and (isinstance(value, bool) or not 1 <= value <= 10_000):
            raise DomainError("area_min", "AREA_INVALID", _("面积范围无效。"))
    if area_min is not None and area_max is not None and area_min > area_max:
        raise DomainError("area_max", "AREA_INVALID", _("最大面积不能小于最小面积。"))
    return area_min, area_max


def clean_budget(budget_max: int | None) -> int | None:
    if budget_max is None:
        return None
    if isinstance(budget_max, bool) or not 0 < budget_max <= MAX_INT32:
        raise DomainError("budget_max", "BUDGET_INVALID", _("预算金额无效。"))
    return budget_max


PROFILE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "city",
    "employer",
    "education",
    "children_ages",
    "elderly_at_home",
    "income_band",
)


def clean_profile(*, today: dt.date, **fields: Any) -> dict[str, Any]:
    """The cleaned profile fields that were given (UNSET ones are left out).

    Registration passes every field, a profile update only those the member sent; both get
    the same rules, and every refused field is reported at once (DomainErrors).
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    cleaners = {
        "name": clean_name,
        "gender": clean_gender,
        "birth_date": lambda value: clean_birth_date(value, today=today),
        "city": lambda value: clean_text(value, "city", 50),
        "employer": lambda value: clean_text(value, "employer", 200),
        "education": clean_education,
        "children_ages": clean_children_ages,
        "elderly_at_home": lambda value: None if value is None else bool(value),
        "income_band": clean_income_band,
    }
    errors = FieldErrors()
    cleaned = {
        field: errors.check(cleaners[field], value)
        for field, value in fields.items()
        if value is not UNSET
    }
    errors.raise_if_any()
    return cleaned


def clean_password(password: str | None, *, user: Any = None, field: str = "password") -> str:
    """Run Django's configured password validators; messages come back in Chinese."""
    if not password:
        raise DomainError(field, "PASSWORD_TOO_WEAK", _("请设置密码。"))
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        raise DomainError(field, "PASSWORD_TOO_WEAK", " ".join(exc.messages))
    return password
