"""Reads of the newsletters domain (API and admin)."""

from __future__ import annotations

from django.db.models import QuerySet

from club.models import Member
from newsletters.choices import SendStatus
from newsletters.models import NewsletterSend, Subscription


def member_subscriptions(*, member: Member) -> QuerySet[Subscription]:
    return Subscription.objects.filter(member=member).order_by("topic")


def sent_version_of(*, issue_id: int, language: str) -> dict | None:
    """The version of an issue that went out last, in `language` (Chinese when missing)."""
    send = sent_issue_versions(issue_ids=[issue_id]).get(issue_id)
    if send is None:
        return None
    version = send.snapshot.get(language) or send.snapshot.get("zh-hans")
    if not version:
        return None
    return {**version, "sent_at": send.started_at or send.created_at, "send_id": send.pk}


def sent_issue_versions(*, issue_ids: list[int]) -> dict[int, NewsletterSend]:
    """The latest finished (or running) send of each issue: the version that went out."""
    latest: dict[int, NewsletterSend] = {}
    for send in (
        NewsletterSend.objects.filter(
            issue_id__in=issue_ids, status__in=[SendStatus.DONE, SendStatus.SENDING]
        )
        .only("pk", "issue_id", "snapshot", "started_at", "finished_at")
        .order_by("issue_id", "-started_at", "-pk")
    ):
        latest.setdefault(send.issue_id, send)
    return latest


def member_language(*, member: Member) -> str:
    """The language the member reads the club's mail in (set when subscribing; else Chinese)."""
    language = Subscription.objects.filter(member=member).values_list("language", flat=True).first()
    return language or "zh-hans"


def email_suppressed(*, email: str) -> bool:
    from newsletters.models import Suppression

    return Suppression.objects.filter(email=email.strip().lower()).exists()


def issues_sendable():
    """Live issues, newest first: what the admin offers to send."""
    from content.models import NewsletterIssuePage

    return NewsletterIssuePage.objects.live().order_by("-published_on", "-pk")


def sends_listed() -> QuerySet[NewsletterSend]:
    return NewsletterSend.objects.select_related("issue")


def suppressions_listed(*, query: str = "") -> QuerySet:
    from newsletters.models import Suppression

    rows = Suppression.objects.all()
    return rows.filter(email__contains=query.strip().lower()) if query.strip() else rows
