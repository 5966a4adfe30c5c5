"""Joining the club (入会) and verifying the e-mail address by link."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import ConsentKind, SmsPurpose
from club.models import Member, Preferences
from club.segments import derive_segment
from club.services.auth import sms_code_spend, sms_code_verify
from club.services.consent import consent_grant
from club.services.validation import (
    clean_email_format,
    clean_password,
    clean_phone,
    clean_profile,
    email_taken,
    email_taken_error,
    phone_taken,
    phone_taken_error,
)
from club.tasks import email_send, enqueue_on_commit
from core.errors import DomainError, FieldErrors

REFERRAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud safely
REFERRAL_CODE_LENGTH = 8
EMAIL_VERIFY_SALT = "club.email-verify"
EMAIL_VERIFY_MAX_AGE = dt.timedelta(days=3)


def new_referral_code() -> str:
    """A fresh, unused referral code."""
    while True:
        code = "".join(secrets.choice(REFERRAL_ALPHABET) for _i in range(REFERRAL_CODE_LENGTH))
        if not Member.objects.filter(referral_code=code).exists():
            return code


def referrer_for_code(code: str | None) -> Member | None:
    """The member a referral code belongs to; None if no code was given."""
    code = (code or "").strip().upper()
    if not code:
        return None
    referrer = Member.objects.filter(referral_code=code, deleted_at__isnull=True).first()
    if referrer is None:
        raise DomainError("referral_code", "REFERRAL_CODE_INVALID", _("推荐码无效。"))
    return referrer


def member_register(
    *,
    name: str,
    phone: str,
    sms_code: str,
    password: str,
    birth_date: dt.date,
    accept_terms: bool,
    email: str | None = None,
    marketing_consent: bool = False,
    referral_code: str | None = None,
    gender: str = "",
    city: str = "",
    employer: str = "",
    education: str = "",
    children_ages: list[int] | None = None,
    elderly_at_home: bool | None = None,
    income_band: str = "",
    today: dt.date | None = None,
    source: str = "WEB",
) -> Member:
    """Create a member (free, 18 or over) with their user, preferences and consents.

    The checks run in three rounds, each answering every error it finds at once:
    1. the fields themselves (no database) and the referral code;
    2. the SMS code texted to `phone` (sms_code_send, purpose VERIFY_PHONE): it proves the
       registrant holds the number. A wrong code counts as an attempt, so the caller must
       not roll back a refused registration (the Register mutation is not atomic);
    3. only then whether the phone or e-mail is taken: that answer spends the code, so
       nobody learns who is a member without holding a phone, once per code.
    The writes share one transaction, so a refused registration leaves no member behind.
    The e-mail verification link is sent after commit. The new member is not signed in;
    the caller decides (member_login_session).
    """
    today = today or timezone.localdate()
    errors = FieldErrors()
    normalised_phone = errors.check(clean_phone, phone)
    email = errors.check(clean_email_format, email)
    profile = errors.check(
        _clean_registration_profile,
        name=name,
        birth_date=birth_date,
        accept_terms=accept_terms,
        gender=gender,
        city=city,
        employer=employer,
        education=education,
        children_ages=children_ages,
        elderly_at_home=elderly_at_home,
        income_band=income_band,
        today=today,
    )
    User = get_user_model()
    errors.check(
        clean_password,
        password,
        user=User(email=email, phone=normalised_phone, first_name=(name or "").strip()),
    )
    if not (sms_code or "").strip():
        errors.add(DomainError("sms_code", "SMS_CODE_REQUIRED", _("请输入短信验证码。")))
    errors.raise_if_any()
    phone = normalised_phone
    referrer = referrer_for_code(referral_code)

    sms = sms_code_verify(
        phone=phone, code=sms_code, purpose=SmsPurpose.VERIFY_PHONE, field="sms_code"
    )
    taken = FieldErrors()
    if phone_taken(phone):
        taken.add(phone_taken_error())
    if email and email_taken(email):
        taken.add(email_taken_error())
    if taken.errors:
        sms_code_spend(sms=sms, field="sms_code")
        taken.raise_if_any()
    try:
        with transaction.atomic():
            sms_code_spend(sms=sms, field="sms_code")
            user = User(username=f"m_{secrets.token_hex(8)}", email=email, phone=phone)
            user.set_password(password)
            user.save()
            member = _member_create(
                user=user,
                profile=profile,
                referrer=referrer,
                marketing_consent=marketing_consent,
                today=today,
                source=source,
            )
            if email:
                _verification_enqueue(member)
    except IntegrityError:
        # Two registrations with the same phone or e-mail raced past the checks above.
        sms_code_spend(sms=sms, field="sms_code")
        raise phone_taken_error() if phone_taken(phone) else email_taken_error()
    return member


def member_register_for_user(
    *,
    user,
    name: str,
    birth_date: dt.date,
    accept_terms: bool,
    marketing_consent: bool = False,
    referral_code: str | None = None,
    gender: str = "",
    city: str = "",
    employer: str = "",
    education: str = "",
    children_ages: list[int] | None = None,
    elderly_at_home: bool | None = None,
    income_band: str = "",
    today: dt.date | None = None,
    source: str = "ADMIN",
) -> Member:
    """Make an existing user (e.g. a staff member, or a seeded account) a club member.

    The same rules as `member_register` apply to the profile; the user's own phone, e-mail
    and password are kept as they are.
    """
    today = today or timezone.localdate()
    if hasattr(user, "member"):
        raise DomainError(None, "ALREADY_MEMBER", _("该用户已是会员。"))
    profile = _clean_registration_profile(
        name=name,
        birth_date=birth_date,
        accept_terms=accept_terms,
        gender=gender,
        city=city,
        employer=employer,
        education=education,
        children_ages=children_ages,
        elderly_at_home=elderly_at_home,
        income_band=income_band,
        today=today,
    )
    referrer = referrer_for_code(referral_code)
    with transaction.atomic():
        return _member_create(
            user=user,
            profile=profile,
            referrer=referrer,
            marketing_consent=marketing_consent,
            today=today,
            source=source,
        )


def _clean_registration_profile(*, accept_terms: bool, today: dt.date, **fields) -> dict:
    """The profile rules of `clean_profile` plus the terms, every error reported at once."""
    errors = FieldErrors()
    profile = errors.check(clean_profile, today=today, **fields)
    if not accept_terms:
        errors.add(
            DomainError(
                "accept_terms", "TERMS_REQUIRED", _("请阅读并同意《用户协议》和《隐私政策》。")
            )
        )
    errors.raise_if_any()
    return profile


def _member_create(*, user, profile: dict, referrer, marketing_consent: bool, today, source):
    answered = (
        bool(profile["children_ages"])
        or profile["elderly_at_home"] is not None
        or bool(profile["income_band"])
    )
    segment = derive_segment(
        birth_date=profile["birth_date"],
        children_ages=profile["children_ages"],
        elderly_at_home=profile["elderly_at_home"],
        income_band=profile["income_band"],
        answered_on=today,
        today=today,
    )
    member = Member.objects.create(
        user=user,
        **profile,
        household_answered_on=today if answered else None,
        segment=segment,
        segment_derived=segment,
        joined_at=timezone.now(),
        referral_code=new_referral_code(),
        referred_by=referrer,
    )
    Preferences.objects.create(member=member)
    consent_grant(member=member, kind=ConsentKind.TERMS_PRIVACY, source=source)
    if marketing_consent:
        consent_grant(member=member, kind=ConsentKind.MARKETING, source=source)
    from notifications.services import notify

    # By text: the phone was proven at registration, the e-mail address is not yet verified.
    notify(member=member, key="welcome", channels=["SMS"])
    return member


def email_verification_token(member: Member, *, email: str | None = None) -> str:
    """A signed token naming the member, the address to verify (`email`, by default the
    current one) and the current address it replaces: any later change voids it."""
    current = member.user.email or ""
    return signing.dumps(
        {"m": member.pk, "e": email or current, "f": current}, salt=EMAIL_VERIFY_SALT
    )


def email_verification_link(member: Member, *, email: str | None = None) -> str:
    token = email_verification_token(member, email=email)
    return settings.SITE_BASE_URL + reverse("club:verify-email", args=[token])


def _verification_enqueue(member: Member, *, email: str | None = None) -> None:
    """Mail the verification link once the transaction commits (club.tasks.email_send)."""
    enqueue_on_commit(
        email_send,
        to=email or member.user.email,
        subject=_("【万客会】请验证您的邮箱"),
        body=_(
            "%(name)s，您好：\n\n请点击以下链接验证您的邮箱（3 天内有效）：\n%(link)s\n\n如非本人操作，请忽略本邮件。"
        )
        % {"name": member.name, "link": email_verification_link(member, email=email)},
    )


def member_email_change_request(*, member: Member, email: str) -> None:
    """Mail a link to a new address; the address becomes the member's when it is followed.

    Whether another account already uses the address is never answered to the requester
    (that would tell who is a member): the address itself gets either the link or, if it
    belongs to an account, a notice; the request answers the same either way.
    """
    if email_taken(email, exclude_user_id=member.user_id):
        enqueue_on_commit(
            email_send,
            to=email,
            subject=_("【万客会】邮箱变更提醒"),
            body=_(
                "您好：\n\n有人尝试将本邮箱绑定到另一个万客会账号。本邮箱已绑定您的账号，未做任何更改。\n\n如非本人操作，请忽略本邮件。"
            ),
        )
        return
    _verification_enqueue(member, email=email)


def member_email_verification_send(*, member: Member) -> None:
    """Send (again) the link that proves the member owns their e-mail address."""
    if not member.user.email:
        raise DomainError("email", "EMAIL_MISSING", _("您尚未填写邮箱。"))
    if member.user.email_verified_at:
        raise DomainError("email", "EMAIL_ALREADY_VERIFIED", _("邮箱已验证。"))
    _verification_enqueue(member)


def member_email_verify(*, token: str) -> Member:
    """Verify the address a genuine, fresh link names, making it the member's if it was a
    change; a link made before the member's address last changed is void."""
    invalid = DomainError("token", "VERIFICATION_LINK_INVALID", _("验证链接无效或已过期。"))
    try:
        data = signing.loads(
            token, salt=EMAIL_VERIFY_SALT, max_age=EMAIL_VERIFY_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        raise invalid
    member = (
        Member.objects.select_related("user")
        .filter(pk=data.get("m"), deleted_at__isnull=True)
        .first()
    )
    if member is None or not data.get("e"):
        raise invalid
    user = member.user
    # Links made before this scheme named only the address ("e"), which had to be current.
    if (user.email or "") != data.get("f", data["e"]):
        raise invalid
    if user.email == data["e"] and user.email_verified_at:
        return member
    if user.email != data["e"] and email_taken(data["e"], exclude_user_id=user.pk):
        # Only the holder of the address reads this: the link was mailed to it.
        raise email_taken_error()
    user.email, user.email_verified_at = data["e"], timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        raise email_taken_error()
    return member
