"""Demo paid tickets and deposits (诚意金) with priority numbers, without calling Stripe.

Loading demo data must work with no Stripe server running (CI, a first `make run` before
localstripe is up), so these payments are recorded as Stripe would have reported them: each
gets a PaymentIntent id of the form `pi_demo_…` that exists at no Stripe, and is then
applied as a succeeded intent through the same service code a webhook uses
(`payments.services.payment_apply`): the held seat is confirmed, the deposit numbered.
Refunds of these demo payments cannot reach Stripe; one deposit is shown refunded by
recording a `re_demo_…` refund. Idempotent: nothing is added once demo payments exist.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import EventPage, ProjectPage
from events.choices import RegistrationStatus
from events.services import event_register
from payments import gateway
from payments.choices import DepositStatus, PaymentKind
from payments.models import Deposit, Payment
from payments.services import payment_apply
from payments.services.core import payment_refund_record, payment_refund_start, payment_row_create
from payments.services.deposits import deposit_rows_create
from portal.demo.accounts import MEMBER_PHONE

DEMO_INTENT = "pi_demo_"
# name, phone: buyers who paid deposits (the demo member pays too, first)
BUYERS = [
    ("周建华", "+8613900090001"),
    ("陈晓燕", "+8613900090002"),
    ("刘洋", "+8613900090003"),
    ("黄丽娟", "+8613900090004"),
    ("吴志强", "+8613900090005"),
]
# projects in pre-sale with a licence: how many buyers pay a deposit for each
DEPOSIT_PROJECTS = {"pearl-river-residence": 5, "jiading-grove": 3}
REFUNDED_IN = "pearl-river-residence"  # its last deposit was asked back, and refunded
# upcoming paid events open to all members: (slug, party sizes of the buyers who paid)
PAID_EVENTS = {"new-year-concert": [2, 1, 3, 2]}


def _buyers() -> list:
    from club import services as club

    User = get_user_model()
    members = [User.objects.get(phone=MEMBER_PHONE).member]
    for name, phone in BUYERS:
        user, _created = User.objects.get_or_create(
            phone=phone, defaults={"username": f"buyer-{phone[-4:]}", "first_name": name}
        )
        member = getattr(user, "member", None) or club.member_register_for_user(
            user=user,
            name=name,
            birth_date=dt.date(1985, 3, 12),
            accept_terms=True,
            marketing_consent=True,
            city="广州",
            source="DEMO",
        )
        members.append(member)
    return members


def _paid_offline(payment: Payment) -> None:
    intent_id = f"{DEMO_INTENT}{payment.pk:08d}"
    Payment.objects.filter(pk=payment.pk).update(intent_id=intent_id)
    payment_apply(
        intent=gateway.Intent(
            id=intent_id,
            status="succeeded",
            amount=payment.amount,
            currency=payment.currency,
            client_secret="",
        )
    )


def _refunded_offline(deposit_id: int) -> None:
    """A deposit asked back before the launch, refunded (recorded, not sent to Stripe)."""
    now = timezone.now()
    deposit = Deposit.objects.select_related("payment").get(pk=deposit_id)
    Deposit.objects.filter(pk=deposit_id).update(
        status=DepositStatus.REFUND_REQUESTED, refund_requested_at=now
    )
    payment_refund_start(payment=deposit.payment, now=now)
    payment_refund_record(payment_id=deposit.payment_id, refund_id=f"re_demo_{deposit_id:08d}")


def demo_payments_ensure() -> dict[str, int]:
    """Paid tickets and numbered deposits for the demo; returns how many were added."""
    if Payment.objects.filter(intent_id__startswith=DEMO_INTENT).exists():
        return {"tickets": 0, "deposits": 0}
    members = _buyers()
    counts = {"tickets": 0, "deposits": 0}
    for slug, paying in DEPOSIT_PROJECTS.items():
        project = ProjectPage.objects.live().filter(slug=slug).first()
        if project is None:
            continue
        deposits = [deposit_rows_create(member=m, project=project) for m in members[:paying]]
        for deposit in deposits:
            _paid_offline(deposit.payment)
            counts["deposits"] += 1
        if slug == REFUNDED_IN:
            _refunded_offline(deposits[-1].pk)
    for slug, parties in PAID_EVENTS.items():
        event = EventPage.objects.live().filter(slug=slug).first()
        if event is None or event.starts_at <= timezone.now():
            continue
        for member, party_size in zip(members[1:], parties, strict=False):
            registration = event_register(member=member, event=event, party_size=party_size)
            if registration.status != RegistrationStatus.PENDING_PAYMENT:
                continue
            payment = payment_row_create(
                member=member,
                kind=PaymentKind.TICKET,
                amount=event.price * party_size,
                registration=registration,
            )
            _paid_offline(payment)
            counts["tickets"] += 1
    return counts
