"""Background work of the newsletters: starting due sends and working through them.

`newsletter_send_run` does a share of a send (`newsletter_send_step`) and enqueues itself
again: at once while there is work, later when only retries wait (deferred with
`run_after` on backends that support it; the in-process backend of the tests runs the next
step at once, and due-time checks keep it from looping).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from newsletters.services.sending import newsletter_send_step, newsletters_start_due


@task()
def newsletter_send_run(*, send_id: int) -> bool:
    """Work on a send; returns whether more work was scheduled."""
    again_at = newsletter_send_step(send_id=send_id)
    if again_at is None:
        return False
    task_ = newsletter_send_run
    if again_at > timezone.now():
        if not task_.get_backend().supports_defer:
            return True  # the scheduler's next tick (newsletters_due) picks it up
        task_ = task_.using(run_after=again_at)
    task_.enqueue(send_id=send_id)
    return True


@task()
def newsletters_due() -> dict:
    """The scheduler's minute: start scheduled sends, and wake sends whose retries are due."""
    return {"started": newsletters_start_due(), "woken": newsletters_wake_retries()}


def newsletters_wake_retries() -> list[int]:
    from newsletters.choices import DeliveryStatus, SendStatus
    from newsletters.models import Delivery

    send_ids = list(
        Delivery.objects.filter(
            send__status=SendStatus.SENDING,
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=timezone.now(),
        )
        .values_list("send_id", flat=True)
        .distinct()
    )
    for send_id in send_ids:
        newsletter_send_run.enqueue(send_id=send_id)
    return send_ids
