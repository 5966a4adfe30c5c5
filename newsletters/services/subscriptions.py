"""Subscribing by topic with double opt-in, and leaving (signed in, or by one click)."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from club.choices import NewsletterTopic
from club.models import Member
from club.tasks import email_send, enqueue_on_commit
from core.errors import DomainError, DomainErrors
from newsletters.choices import Language, SubscriptionStatus
from newsletters.models import Subscription, Suppression
from newsletters.tokens import (
    confirm_token,
    confirm_token_read,
    confirm_url,
    unsubscribe_token_read,
)


def _clean_topics(topics: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(topics or []))
    if not cleaned:
        raise DomainError("topics", "TOPICS_REQUIRED", _("请至少选择一个订阅主题。"))
    if any(topic not in NewsletterTopic.values for topic in cleaned):
        raise DomainError("topics", "TOPIC_INVALID", _("订阅主题无效。"))
    return cleaned


def subscription_request(
    *, member: Member, topics: list[str], language: str = Language.ZH_HANS
) -> list[Subscription]:
    """Ask to receive the given topics; a confirmation link goes to the member's address.

    Marketing e-mail needs the member's marketing consent and e-mail opt-in first (both
    checked, and reported together); nothing is sent until the link is followed.
    """
    errors: list[DomainError] = []
    try:
        topics = _clean_topics(topics)
    except DomainError as error:
        errors.append(error)
    if language not in Language.values:
        errors.append(DomainError("language", "LANGUAGE_INVALID", _("语言无效。")))
    if member.deleted_at:
        errors.append(DomainError(None, "MEMBER_DELETED", _("该会员已注销。")))
    if not member.has_marketing_consent:
        errors.append(
            DomainError(
                "marketing_consent",
                "MARKETING_CONSENT_REQUIRED",
                _("订阅会刊需要先同意接收营销信息。"),
            )
        )
    preferences = getattr(member, "preferences", None)
    if preferences is None or not preferences.email_opt_in:
        errors.append(DomainError("email_opt_in", "EMAIL_OPT_IN_REQUIRED", _("请先开启接收邮件。")))
    email = member.user.email
    if not email:
        errors.append(DomainError("email", "EMAIL_REQUIRED", _("请先填写电子邮箱。")))
    elif Suppression.objects.filter(email=email.lower()).exists():
        errors.append(
            DomainError(
                "email", "EMAIL_SUPPRESSED", _("该邮箱曾退信或投诉，无法接收邮件，请更换邮箱。")
            )
        )
    if errors:
        raise DomainErrors(errors)

    now = timezone.now()
    with transaction.atomic():
        rows = []
        for topic in topics:
            row, _created = Subscription.objects.select_for_update().get_or_create(
                member=member, topic=topic, defaults={"requested_at": now, "language": language}
            )
            if row.status != SubscriptionStatus.CONFIRMED:
                row.status = SubscriptionStatus.PENDING
                row.requested_at = now
                row.unsubscribed_at = None
                row.save(update_fields=["status", "requested_at", "unsubscribed_at"])
            rows.append(row)
        # One reading language per member, whichever topic it was set on.
        Subscription.objects.filter(member=member).update(language=language)
    pending = [row.topic for row in rows if row.status == SubscriptionStatus.PENDING]
    if pending:
        link = confirm_url(confirm_token(member_id=member.pk, topics=pending))
        with translation.override(language):
            subject = _("【万客会】请确认订阅会刊")
            body = render_to_string(
                "newsletters/email/confirm.txt",
                {"member": member, "link": link, "topics": _topic_labels(pending)},
            )
        enqueue_on_commit(email_send, to=email, subject=subject, body=body)
    return rows


def _topic_labels(topics: list[str]) -> list[str]:
    return [str(NewsletterTopic(topic).label) for topic in topics]


def subscription_confirm(*, token: str) -> list[Subscription]:
    """Follow the confirmation link: the pending topics in it become CONFIRMED."""
    try:
        member_id, topics = confirm_token_read(token)
    except signing.SignatureExpired:
        raise DomainError("token", "TOKEN_EXPIRED", _("确认链接已过期，请重新订阅。"))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise DomainError("token", "TOKEN_INVALID", _("确认链接无效。"))
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Subscription.objects.select_for_update().filter(
                member_id=member_id, topic__in=topics, member__deleted_at__isnull=True
            )
        )
        for row in rows:
            # A topic left after the link was sent stays left: the link is not a new request.
            if row.status == SubscriptionStatus.PENDING:
                row.status = SubscriptionStatus.CONFIRMED
                row.confirmed_at = now
                row.save(update_fields=["status", "confirmed_at"])
    return rows


def subscription_cancel(*, member: Member, topics: list[str] | None = None) -> int:
    """Leave the given topics (all when None) at once; returns how many rows changed."""
    queryset = Subscription.objects.filter(member=member).exclude(
        status=SubscriptionStatus.UNSUBSCRIBED
    )
    if topics is not None:
        queryset = queryset.filter(topic__in=_clean_topics(topics))
    return queryset.update(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def unsubscribe_with_token(*, token: str) -> int:
    """The one-click link or List-Unsubscribe POST: leave every topic; no login needed."""
    try:
        member_id = unsubscribe_token_read(token)
    except (signing.BadSignature, TypeError, ValueError):
        raise DomainError("token", "TOKEN_INVALID", _("退订链接无效。"))
    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        raise DomainError("token", "TOKEN_INVALID", _("退订链接无效。"))
    subscription_cancel(member=member)
    return member.pk


def subscriptions_export(member: Member) -> list[dict]:
    """The member's subscriptions, for their data export (PIPL)."""
    return [
        {
            "topic": row.topic,
            "status": row.status,
            "language": row.language,
            "requested_at": row.requested_at.isoformat(),
            "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        }
        for row in Subscription.objects.filter(member=member).order_by("topic")
    ]


def subscriptions_erase(member: Member) -> None:
    """A deleted account keeps no subscription (and so receives nothing)."""
    Subscription.objects.filter(member=member).delete()
