"""Signing in and out: password (throttled by django-axes), SMS one-time codes, password change.

Failed password logins are counted by django-axes (AxesStandaloneBackend first in
AUTHENTICATION_BACKENDS), keyed on the normalised identifier and the client IP, so typing
the same phone in another format does not reset the count. Axes records failures in the
database: a caller must not roll back the transaction around a failed `member_login`, or
the failure is forgotten (the GraphQL login mutation therefore runs outside an atomic block).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from club.choices import SmsPurpose
from club.models import SmsCode
from club.services.validation import MAX_EMAIL_LENGTH, clean_password, clean_phone
from club.tasks import email_send, enqueue_on_commit, sms_send
from core.auth import canonical_identifier
from core.errors import DomainError
from core.ratelimit import RateLimited, rate_limit_hit

SMS_CODE_TTL = dt.timedelta(minutes=5)
SMS_RESEND_INTERVAL = dt.timedelta(seconds=60)
SMS_MAX_ATTEMPTS = 5
# Purposes whose codes are texted to numbers with no account: they prove the sender holds
# the number (registration, a guest's complaint). Sign-in codes reach members only.
SMS_PURPOSES_FOR_ANYONE = frozenset({SmsPurpose.VERIFY_PHONE, SmsPurpose.GUEST_COMPLAINT})
SESSION_BACKEND = "core.auth.PhoneOrEmailBackend"


def login_identifier(raw: str) -> str:
    """The canonical form of a sign-in identifier: E.164 phone, lower-case e-mail, or as is."""
    return canonical_identifier(raw)


def _invalid_credentials() -> DomainError:
    return DomainError(None, "INVALID_CREDENTIALS", _("账号或密码错误。"))


def _locked() -> DomainError:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return DomainError(
        None,
        "LOGIN_LOCKED",
        _("登录失败次数过多，请 %(minutes)d 分钟后再试，或通过短信验证码登录。")
        % {"minutes": minutes},
    )


def member_login(
    *,
    request: HttpRequest,
    identifier: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    password: str,
):
    """Authenticate by phone or e-mail and password and start a session for the user."""
    raw = identifier or phone or email
    if not raw or not password:
        raise DomainError(None, "CREDENTIALS_REQUIRED", _("请输入手机号或邮箱以及密码。"))
    if len(raw) > MAX_EMAIL_LENGTH:
        # No account has so long an identifier, and the failure log could not store it.
        raise _invalid_credentials()
    user = auth.authenticate(request, username=login_identifier(raw), password=password)
    if getattr(request, "axes_locked_out", False):
        raise _locked()
    if user is None:
        raise _invalid_credentials()
    auth.login(request, user)
    return user


def member_login_session(*, request: HttpRequest, user) -> None:
    """Start a session for a user whose identity was already proven (e.g. just registered)."""
    auth.login(request, user, backend=SESSION_BACKEND)


def member_logout(*, request: HttpRequest) -> None:
    """End the request's session (a no-op for anonymous requests)."""
    auth.logout(request)


def sms_code_digest(phone: str, purpose: str, code: str) -> str:
    """What is stored of a code: a keyed hash, so a database leak reveals no live code.

    The purpose is part of the hash: a code texted for one purpose proves nothing for another.
    """
    message = f"{phone}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _day_ago() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=1)


def _sms_daily_send_limit() -> DomainError:
    return DomainError(
        "phone",
        "SMS_SEND_DAILY_LIMIT",
        _("该手机号今日接收验证码的次数已达上限，请明天再试，或使用密码登录。"),
    )


def sms_spend_alert(*, retry_after: int) -> None:
    """Tell the SMS_ALERT_GROUP that the hourly ceiling on texts tripped: once per window.

    A burst of refusals sends one e-mail, not one per refused request. The e-mail is
    enqueued after commit: callers must not roll back the refused request (the GraphQL
    mutation runs outside a transaction).
    """
    if not cache.add("club:sms-spend-alert", 1, timeout=max(retry_after, 60)):
        return
    recipients = (
        get_user_model()
        .objects.filter(groups__name=settings.SMS_ALERT_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    rates = settings.RATE_LIMITS.get("sms_spend", {}).get("all", "")
    for email in recipients:
        enqueue_on_commit(
            email_send,
            to=email,
            subject=_("【万客会】短信发送量达到上限"),
            body=_(
                "短信验证码的发送量已达到上限（%(rates)s），新的发送请求将被拒绝约 "
                "%(seconds)d 秒。如非正常业务高峰，可能有人在滥用短信接口，请检查。"
            )
            % {"rates": rates, "seconds": retry_after},
        )


def sms_code_send(*, phone: str, purpose: str = SmsPurpose.LOGIN) -> None:
    """Text a six-digit one-time code to a phone, at most once a minute per phone and purpose.

    The request does the same work and gives the same answers whether or not the number
    belongs to a member (SMS_TOO_FREQUENT and the caps included): a code row is stored
    either way, and the text is sent after commit by the worker, which drops sign-in codes
    to numbers without an account (club.tasks.sms_send). Codes for the purposes in
    SMS_PURPOSES_FOR_ANYONE (registration, guest complaints) go to any number: they prove
    the sender holds it.

    The bill has a ceiling: SMS_DAILY_CODES_PER_PHONE codes per phone a day (counted from
    the stored rows), and the `sms_spend` rate limit over every request together, whose
    tripping alerts staff. The callers' doors add per-address and per-phone windows
    (RATE_LIMITS["sms_send"]).
    """
    if purpose not in SmsPurpose.values:
        raise DomainError("purpose", "SMS_PURPOSE_INVALID", _("验证码用途无效。"))
    phone = clean_phone(phone)
    now = timezone.now()
    recent = SmsCode.objects.filter(
        phone=phone, purpose=purpose, created_at__gt=now - SMS_RESEND_INTERVAL
    )
    if recent.exists():
        raise DomainError("phone", "SMS_TOO_FREQUENT", _("验证码发送过于频繁，请稍后再试。"))
    sent_today = SmsCode.objects.filter(phone=phone, created_at__gt=_day_ago()).count()
    if sent_today >= settings.SMS_DAILY_CODES_PER_PHONE:
        raise _sms_daily_send_limit()
    try:
        rate_limit_hit(door="sms_spend")
    except RateLimited as refused:
        sms_spend_alert(retry_after=refused.retry_after)
        raise
    code = f"{secrets.randbelow(1_000_000):06d}"
    SmsCode.objects.create(
        phone=phone,
        purpose=purpose,
        digest=sms_code_digest(phone, purpose, code),
        expires_at=now + SMS_CODE_TTL,
    )
    minutes = int(SMS_CODE_TTL.total_seconds() // 60)
    enqueue_on_commit(
        sms_send,
        phone=phone,
        text=_("【万客会】您的验证码是 %(code)s，%(minutes)d 分钟内有效。如非本人操作，请忽略。")
        % {"code": code, "minutes": minutes},
        only_to_account=purpose not in SMS_PURPOSES_FOR_ANYONE,
    )


def _sms_code_invalid(field: str = "code") -> DomainError:
    return DomainError(field, "SMS_CODE_INVALID", _("验证码错误或已过期。"))


def _sms_daily_check_limit(field: str) -> DomainError:
    return DomainError(
        field,
        "SMS_CHECK_DAILY_LIMIT",
        _("今日验证码错误次数过多，短信验证已暂停至明天。请使用密码登录，忘记密码可通过邮箱重置。"),
    )


def sms_failed_checks_today(*, phone: str) -> int:
    """Wrong codes entered for a phone in the last 24 hours, over all its codes.

    Every check claims an attempt before the code is compared; a spent code's last attempt
    was the right one, so it is not a failure.
    """
    totals = SmsCode.objects.filter(phone=phone, created_at__gt=_day_ago()).aggregate(
        attempts=Sum("attempts"), spent=Count("pk", filter=Q(used_at__isnull=False))
    )
    return (totals["attempts"] or 0) - totals["spent"]


def _sms_attempt_claim(*, phone: str, purpose: str, field: str) -> SmsCode | None:
    """Claim one attempt on the phone's live code for `purpose`, before any comparison.

    The newest live code is locked (PostgreSQL: parallel checks queue on it), the day's
    failures are counted after the lock is held, and the attempt is taken by a conditional
    UPDATE that only succeeds below SMS_MAX_ATTEMPTS. Committed at once: the caller's
    outcome cannot roll the claim back. None when no attempt is left.
    """
    with transaction.atomic():
        sms = (
            SmsCode.objects.select_for_update()
            .filter(
                phone=phone, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now()
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if sms is None:
            return None
        if sms_failed_checks_today(phone=phone) >= settings.SMS_DAILY_FAILED_CHECKS_PER_PHONE:
            raise _sms_daily_check_limit(field)
        claimed = SmsCode.objects.filter(
            pk=sms.pk, used_at__isnull=True, attempts__lt=SMS_MAX_ATTEMPTS
        ).update(attempts=F("attempts") + 1)
    if not claimed:
        return None
    sms.attempts += 1
    return sms


def sms_code_verify(
    *, phone: str, code: str, purpose: str = SmsPurpose.LOGIN, field: str = "code"
) -> SmsCode:
    """The unspent code row matching `code`; every check counts as an attempt.

    The attempt is claimed atomically before the code is compared (`_sms_attempt_claim`),
    so parallel guesses cannot evaluate more than SMS_MAX_ATTEMPTS codes; the last wrong
    one expires the code. Callers spend it (`sms_code_spend`) once they act on the proof;
    like failed password logins, they must not roll back a failed check (see the module
    docstring).
    """
    phone = clean_phone(phone)
    sms = _sms_attempt_claim(phone=phone, purpose=purpose, field=field)
    if sms is None:
        raise _sms_code_invalid(field)
    if not hmac.compare_digest(sms.digest, sms_code_digest(phone, purpose, (code or "").strip())):
        if sms.attempts >= SMS_MAX_ATTEMPTS:
            SmsCode.objects.filter(pk=sms.pk).update(expires_at=timezone.now())
        raise _sms_code_invalid(field)
    return sms


def sms_code_spend(*, sms: SmsCode, field: str = "code") -> None:
    """Use a verified code up: it proves nothing a second time.

    Conditional, like the attempt claim: of two requests that verified the same code at
    once, only the first to spend it goes on.
    """
    now = timezone.now()
    spent = SmsCode.objects.filter(pk=sms.pk, used_at__isnull=True).update(
        used_at=now, expires_at=now
    )
    if not spent:
        raise _sms_code_invalid(field)


def sms_code_check(*, phone: str, code: str, purpose: str = SmsPurpose.LOGIN) -> str:
    """Verify and spend a one-time code; returns the normalised phone."""
    sms = sms_code_verify(phone=phone, code=code, purpose=purpose)
    sms_code_spend(sms=sms)
    return sms.phone


def member_login_with_sms_code(*, request: HttpRequest, phone: str, code: str):
    """Sign in with a one-time code texted to the member's phone."""
    phone = sms_code_check(phone=phone, code=code, purpose=SmsPurpose.LOGIN)
    user = get_user_model().objects.filter(phone=phone, is_active=True).first()
    if user is None:
        raise _sms_code_invalid()
    member_login_session(request=request, user=user)
    return user


def member_password_change(
    *, user, old_password: str, new_password: str, request: HttpRequest | None = None
) -> None:
    """Change a password. Every other session of the user ends; `request`'s stays signed in.

    Django ties each session to a hash of the password, so changing it invalidates them.
    """
    member_password_confirm(user=user, password=old_password, field="old_password")
    clean_password(new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    if request is not None and getattr(request, "user", None) == user:
        auth.update_session_auth_hash(request, user)


def _reauth_key(user) -> str:
    return f"club:reauth-failures:{user.pk}"


def member_password_confirm(*, user, password: str | None, field: str = "password") -> None:
    """Re-authentication before an irreversible step (password change, account deletion).

    Throttled like sign-in (AXES_FAILURE_LIMIT wrong passwords lock it for AXES_COOLOFF_TIME,
    even for the right password), or a stolen session could guess the password without
    limit. Counted in the shared cache, which the caller's transaction cannot roll back.
    """
    key = _reauth_key(user)
    limit = int(settings.AXES_FAILURE_LIMIT)
    cool_off = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if int(cache.get(key, 0)) >= limit:
        raise DomainError(
            field,
            "PASSWORD_ATTEMPTS_EXCEEDED",
            _("密码错误次数过多，请 %(minutes)d 分钟后再试。") % {"minutes": cool_off // 60},
        )
    if not user.check_password(password or ""):
        if not cache.add(key, 1, timeout=cool_off):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=cool_off)
        raise DomainError(field, "PASSWORD_INCORRECT", _("密码不正确。"))
    cache.delete(key)
