"""Sending an issue: create a send, queue its recipients, deliver in batches, pause, resume.

At most once per recipient: a `Delivery` row per (send, member), unique. A worker claims a
batch of PENDING rows (SENDING), hands each message to the mail server and marks it SENT
straight after. A temporary failure puts the row back to PENDING with a growing delay; the
last attempt marks it FAILED. A row a crashed worker left in SENDING is never sent again:
the message may have gone out, and sending twice is worse than once missed.

Consent, opt-in, subscription and suppression are checked in SQL twice: when a member is
queued and again just before their message goes out, so a withdrawal takes effect at once.
Recipients are streamed by keyset (member id) in batches: memory does not grow with the
audience.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from club.models import Member
from core.errors import DomainError
from newsletters.audiences import audience_clean, eligibility, eligible_members
from newsletters.choices import DeliveryStatus, Language, SendStatus
from newsletters.models import Delivery, NewsletterSend, Subscription
from newsletters.rendering import issue_snapshot, render_for_recipient
from newsletters.tokens import unsubscribe_token, unsubscribe_url

logger = logging.getLogger(__name__)

QUEUE_BATCH = 2000
SEND_BATCH = 200
MAX_ATTEMPTS = 5
RETRY_DELAYS = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=20),
    dt.timedelta(hours=1),
)
ONE_CLICK = "List-Unsubscribe=One-Click"
# How long a worker holds the rows of a batch; longer than a batch takes to send.
LEASE = dt.timedelta(minutes=10)


def newsletter_send_create(
    *,
    issue,
    audience: dict,
    topic: str = "",
    scheduled_at: dt.datetime | None = None,
    actor=None,
) -> NewsletterSend:
    """Send `issue` to an audience now (or at `scheduled_at`); the worker does the sending."""
    from club.choices import NewsletterTopic
    from newsletters.audiences import audience_count

    audience = audience_clean(kind=audience.get("kind", ""), value=audience.get("value", ""))
    if topic and topic not in NewsletterTopic.values:
        raise DomainError("topic", "TOPIC_INVALID", _("订阅主题无效。"))
    if not issue.live:
        raise DomainError("issue", "ISSUE_NOT_LIVE", _("只能发送已发布的会刊。"))
    now = timezone.now()
    send = NewsletterSend.objects.create(
        issue=issue,
        audience=audience,
        topic=topic,
        status=SendStatus.SCHEDULED,
        scheduled_at=scheduled_at or now,
        snapshot=issue_snapshot(issue),
        total=audience_count(audience=audience, topic=topic),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if send.scheduled_at <= now:
        transaction.on_commit(lambda: newsletters_start_due())
    return send


def newsletters_start_due(*, now: dt.datetime | None = None) -> list[int]:
    """Start every scheduled send whose time has come (the scheduler calls this each minute)."""
    from newsletters.tasks import newsletter_send_run

    now = now or timezone.now()
    started = []
    for send_id in NewsletterSend.objects.filter(
        status=SendStatus.SCHEDULED, scheduled_at__lte=now
    ).values_list("pk", flat=True):
        # The conditional update makes starting idempotent under concurrent schedulers.
        if NewsletterSend.objects.filter(pk=send_id, status=SendStatus.SCHEDULED).update(
            status=SendStatus.SENDING, started_at=now
        ):
            started.append(send_id)
            newsletter_send_run.enqueue(send_id=send_id)
    return started


def newsletter_send_pause(*, send: NewsletterSend) -> NewsletterSend:
    """Stop handing out batches; the batch in flight finishes."""
    if send.status not in (SendStatus.SENDING, SendStatus.SCHEDULED):
        raise DomainError(None, "SEND_NOT_RUNNING", _("该发送任务不在进行中。"))
    NewsletterSend.objects.filter(pk=send.pk).update(status=SendStatus.PAUSED)
    send.refresh_from_db()
    return send


def newsletter_send_resume(*, send: NewsletterSend) -> NewsletterSend:
    """Carry on where the send stopped; nobody already sent to is sent to again."""
    from newsletters.tasks import newsletter_send_run

    if send.status != SendStatus.PAUSED:
        raise DomainError(None, "SEND_NOT_PAUSED", _("该发送任务未暂停。"))
    NewsletterSend.objects.filter(pk=send.pk).update(status=SendStatus.SENDING)
    transaction.on_commit(lambda: newsletter_send_run.enqueue(send_id=send.pk))
    send.refresh_from_db()
    return send


def _is_running(send_id: int) -> bool:
    return NewsletterSend.objects.filter(pk=send_id, status=SendStatus.SENDING).exists()


def deliveries_queue(*, send: NewsletterSend, batch_size: int = QUEUE_BATCH) -> int:
    """Create the PENDING delivery rows of the send's audience, a keyset batch at a time.

    Resumable: the cursor (`queued_up_to`) is saved with each batch, and a row already
    there is left alone (unique per send and member).
    """
    queued = 0
    while not send.queue_complete:
        if not _is_running(send.pk):
            return queued
        ids = list(
            eligible_members(audience=send.audience, topic=send.topic)
            .filter(pk__gt=send.queued_up_to)
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()[:batch_size]
        )
        with transaction.atomic():
            Delivery.objects.bulk_create(
                [Delivery(send_id=send.pk, member_id=member_id) for member_id in ids],
                ignore_conflicts=True,
            )
            if ids:
                send.queued_up_to = ids[-1]
            if len(ids) < batch_size:
                send.queue_complete = True
                send.total = Delivery.objects.filter(send_id=send.pk).count()
            send.save(update_fields=["queued_up_to", "queue_complete", "total"])
        queued += len(ids)
    return queued


def _claim(*, send: NewsletterSend, size: int, now: dt.datetime) -> list[int]:
    """Lease up to `size` due PENDING rows to this worker for `LEASE`.

    A lease, not a lock: no transaction stays open while mail goes out (SQLite has one
    writer). Rows a crashed worker leased become due again when the lease runs out.
    """
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(send_id=send.pk, status=DeliveryStatus.PENDING)
            .exclude(next_attempt_at__gt=now)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now + LEASE)
    return ids


def _recipients(*, send: NewsletterSend, delivery_ids: list[int]) -> Iterator[dict]:
    """The claimed rows with what a message needs, eligibility checked again in SQL now."""
    language = Subscription.objects.filter(member=OuterRef("member_id")).values("language")[:1]
    eligible = Member.objects.filter(eligibility(topic=send.topic)).values("pk")
    rows = (
        Delivery.objects.filter(pk__in=delivery_ids)
        .annotate(language=Subquery(language))
        .values("pk", "member_id", "member__name", "member__user__email", "language")
        .order_by("pk")
    )
    eligible_ids = set(
        eligible.filter(pk__in=[row["member_id"] for row in rows]).values_list("pk", flat=True)
    )
    for row in rows:
        row["eligible"] = row["member_id"] in eligible_ids
        yield row


def build_message(*, send: NewsletterSend, row: dict, connection=None) -> EmailMultiAlternatives:
    """One recipient's message: both parts in their language and the RFC 8058 headers."""
    link = unsubscribe_url(unsubscribe_token(member_id=row["member_id"]))
    rendered = render_for_recipient(
        snapshot=send.snapshot,
        language=row.get("language") or Language.ZH_HANS,
        name=row["member__name"],
        unsubscribe_url=link,
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[row["member__user__email"]],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": ONE_CLICK,
            "X-Club-Send": str(send.pk),
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def deliveries_send_batch(
    *, send: NewsletterSend, size: int = SEND_BATCH, now: dt.datetime | None = None
) -> int:
    """Lease and deliver one batch; returns how many rows were leased (0: nothing due).

    Each row goes PENDING → SENDING by a conditional update just before its message is
    handed over, and → SENT just after: a row another worker took meanwhile is skipped,
    and a crash leaves at most the one message in flight undecided (never resent).
    """
    now = now or timezone.now()
    ids = _claim(send=send, size=size, now=now)
    if not ids:
        return 0
    with _quick_commits():
        return _deliver(send=send, ids=ids)


@contextmanager
def _quick_commits():
    """On PostgreSQL, commit the per-recipient marks without waiting for the disk flush.

    The marks are what keeps a worker crash from sending twice; a crashed *worker* loses
    none of them (they are in the server's WAL buffer), only a crash of the database
    server itself could lose the last fraction of a second. Waiting for a flush per mark
    made sending ~15 ms per recipient (see docs/performance.md).
    """
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _deliver(*, send: NewsletterSend, ids: list[int]) -> int:
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the server is down: the whole batch waits and retries
        for delivery_id in ids:
            _failed(delivery_id=delivery_id, error=error)
        return len(ids)
    try:
        for row in _recipients(send=send, delivery_ids=ids):
            if not row["eligible"]:
                Delivery.objects.filter(pk=row["pk"], status=DeliveryStatus.PENDING).update(
                    status=DeliveryStatus.SKIPPED
                )
                continue
            taken = Delivery.objects.filter(pk=row["pk"], status=DeliveryStatus.PENDING).update(
                status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
            )
            if not taken:
                continue
            try:
                build_message(send=send, row=row, connection=connection).send()
            except Exception as error:  # a refusal or a dropped connection: retried later
                _failed(delivery_id=row["pk"], error=error)
                continue
            Delivery.objects.filter(pk=row["pk"]).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
            )
    finally:
        connection.close()
    return len(ids)


def _failed(*, delivery_id: int, error: Exception) -> None:
    delivery = Delivery.objects.get(pk=delivery_id)
    if delivery.status == DeliveryStatus.PENDING:  # never reached the server: count it here
        delivery.attempts += 1
    delivery.error = repr(error)[:300]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.PENDING
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        delivery.next_attempt_at = timezone.now() + delay
    delivery.save(update_fields=["attempts", "error", "status", "next_attempt_at"])
    logger.warning(
        "newsletter delivery %s failed (attempt %d): %r", delivery_id, delivery.attempts, error
    )


def newsletter_send_step(
    *, send_id: int, max_batches: int = 25, now: dt.datetime | None = None
) -> dt.datetime | None:
    """Do a share of a send's work. Returns when to run again, or None when it is over.

    The task runs this and re-enqueues itself, so a long send is many short tasks: a pause
    takes effect between batches, and several workers can share one send.
    """
    send = NewsletterSend.objects.get(pk=send_id)
    if send.status != SendStatus.SENDING:
        return None
    deliveries_queue(send=send)
    for _batch in range(max_batches):
        if not _is_running(send_id):
            return None
        if not deliveries_send_batch(send=send, now=now):
            break
    else:
        return timezone.now()
    waiting = (
        Delivery.objects.filter(send_id=send_id, status=DeliveryStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if waiting is not None:
        return waiting
    if send.queue_complete:
        NewsletterSend.objects.filter(pk=send_id, status=SendStatus.SENDING).update(
            status=SendStatus.DONE, finished_at=timezone.now()
        )
        return None
    return timezone.now()


def newsletter_test_send(*, issue, email: str, language: str = Language.ZH_HANS) -> int:
    """Send the issue as a recipient would see it to one address (the editor's own)."""
    if not email:
        raise DomainError("email", "EMAIL_REQUIRED", _("请先在账户中填写电子邮箱。"))
    preview = NewsletterSend(pk=0, issue=issue, snapshot=issue_snapshot(issue))
    row = {
        "member_id": 0,
        "member__name": _("测试收件人"),
        "member__user__email": email,
        "language": language,
    }
    message = build_message(send=preview, row=row)
    message.subject = _("[测试] ") + message.subject
    return message.send()


def send_progress(*, send: NewsletterSend) -> dict:
    """sent / failed / skipped / pending / uncertain / total, and a percentage."""
    counts = dict(
        Delivery.objects.filter(send_id=send.pk)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    progress = {
        "total": max(send.total, sum(counts.values())),
        "sent": counts.get(DeliveryStatus.SENT, 0),
        "failed": counts.get(DeliveryStatus.FAILED, 0),
        "skipped": counts.get(DeliveryStatus.SKIPPED, 0),
        "pending": counts.get(DeliveryStatus.PENDING, 0),
        "uncertain": counts.get(DeliveryStatus.SENDING, 0),
    }
    done = progress["sent"] + progress["failed"] + progress["skipped"]
    progress["percent"] = (
        min(100, done * 100 // progress["total"])
        if progress["total"]
        else (100 if send.status == SendStatus.DONE else 0)
    )
    return progress
