"""Demo paid tickets and deposits: loaded without any Stripe server, numbered, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from events.choices import RegistrationStatus
from payments.choices import DepositStatus, PaymentKind, PaymentStatus
from payments.models import Deposit, Payment

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    # nothing listens on port 9: any call to Stripe during the load would fail it
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, MEDIA_ROOT=media, STRIPE_API_BASE="http://127.0.0.1:9"),
        transaction.atomic(),
    ):
        call_command("load_demo_data", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_demo_deposits_carry_priority_numbers_in_order_of_payment(demo):
    by_project: dict[str, list[int]] = {}
    for deposit in Deposit.objects.select_related("project").order_by("paid_at", "pk"):
        by_project.setdefault(deposit.project.slug, []).append(deposit.priority_number)
    assert by_project == {"pearl-river-residence": [1, 2, 3, 4, 5], "jiading-grove": [1, 2, 3]}
    refunded = Deposit.objects.get(status=DepositStatus.REFUNDED)
    assert refunded.priority_number == 5 and refunded.payment.status == PaymentStatus.REFUNDED
    for deposit in Deposit.objects.exclude(pk=refunded.pk):
        assert (
            deposit.status == DepositStatus.PAID
            and deposit.amount == deposit.project.deposit_amount
        )


def test_demo_paid_tickets_hold_confirmed_seats(demo):
    tickets = Payment.objects.filter(kind=PaymentKind.TICKET).select_related("registration__event")
    assert tickets.count() == 4
    for payment in tickets:
        assert payment.status == PaymentStatus.SUCCEEDED
        assert payment.registration.status == RegistrationStatus.REGISTERED
        assert payment.amount == payment.registration.event.price * payment.registration.party_size


def test_loading_again_adds_no_payment(demo, settings):
    settings.DEBUG = True
    before = (Payment.objects.count(), Deposit.objects.count())

    call_command("load_demo_data", stdout=StringIO())

    assert (Payment.objects.count(), Deposit.objects.count()) == before
