"""Background work of the members domain: the texts and e-mails the club sends.

This is the pattern every app's `tasks.py` follows:
- a service decides and writes, then hands its side effect to `enqueue_on_commit`: nothing
  goes out for a transaction that rolls back, and no gateway is called while a request
  holds the database (SQLite's single writer lock, PostgreSQL row locks);
- a task takes JSON-serialisable keyword arguments only (the RQ and database backends
  store them) and decides nothing a request could have been asked to hide;
- a failing gateway is retried with a growing delay (django-tasks has no retries of its
  own): the task enqueues itself again with `attempt + 1`, and after `MAX_ATTEMPTS` the
  error is raised so the worker records the task as FAILED, with its traceback.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from club.sms import send_sms

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before attempt n + 1 (attempt 1 runs at once): 30 s, 2 min, 10 min, 30 min.
RETRY_DELAYS = (
    dt.timedelta(seconds=30),
    dt.timedelta(minutes=2),
    dt.timedelta(minutes=10),
    dt.timedelta(minutes=30),
)


def enqueue_on_commit(task_, **kwargs: Any) -> None:
    """Enqueue `task_` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task_.enqueue(**kwargs))


def _retry(task_, *, attempt: int, error: Exception, **kwargs: Any) -> None:
    """Enqueue the next attempt after a delay, or raise `error` after the last one."""
    if attempt >= MAX_ATTEMPTS:
        raise error
    logger.warning("%s failed (attempt %d of %d): %r", task_.name, attempt, MAX_ATTEMPTS, error)
    if task_.get_backend().supports_defer:
        delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
        task_ = task_.using(run_after=timezone.now() + delay)
    # Backends that cannot defer (the in-process one of the tests) retry at once.
    task_.enqueue(attempt=attempt + 1, **kwargs)


@task()
def sms_send(*, phone: str, text: str, only_to_account: bool = False, attempt: int = 1) -> int:
    """Text `phone` through the configured gateway; returns how many messages went out.

    `only_to_account`: send only if the number belongs to an account. Sign-in codes use it
    so that the request answers and costs the same for members' and others' numbers: the
    difference is made here, out of the caller's sight.
    """
    if only_to_account and not get_user_model().objects.filter(phone=phone).exists():
        return 0
    try:
        return send_sms(phone=phone, text=text)
    except Exception as error:  # any gateway failure is retried
        _retry(sms_send, attempt=attempt, error=error, phone=phone, text=text)
        return 0


@task()
def email_send(*, to: str, subject: str, body: str, attempt: int = 1) -> int:
    """E-mail one recipient through the configured backend; retried like `sms_send`."""
    try:
        return send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
    except Exception as error:  # SMTP refusals and timeouts alike
        _retry(email_send, attempt=attempt, error=error, to=to, subject=subject, body=body)
        return 0
