"""Payments under concurrency, on PostgreSQL (real row locks), each racer in its own thread
with its own connection: one webhook delivered twice at the same moment is applied once;
deposits paid at the same moment get the numbers 1..n, none twice, none skipped."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client

from club import sms
from payments.choices import DepositStatus
from payments.models import Deposit, DepositCounter, WebhookEvent
from payments.services import deposit_start
from tests.factories import member_create, project_create
from tests.stripe_support import WEBHOOK_URL, intent_event, pay, signed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are only real on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(calls) -> list[object]:
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as exc:  # asserted on by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _post(body: str, header: str):
    response = Client().post(
        WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    return response.status_code, response.json().get("outcome")


def _deposit(stripe_test, project) -> Deposit:
    deposit = deposit_start(member=member_create(), project=project)
    assert pay(stripe_test, deposit.payment.intent_id) == "succeeded"
    return deposit


def test_one_webhook_delivered_twice_at_once_confirms_exactly_once(stripe_test, site_tree):
    project = project_create(site_tree, sales_status="PRE_SALE", deposit_amount=1_000_000)
    deposit = _deposit(stripe_test, project)
    body, header = signed(
        intent_event(stripe_test, deposit.payment.intent_id, "payment_intent.succeeded")
    )

    results = _race([lambda: _post(body, header), lambda: _post(body, header)])

    assert sorted(results) == [(200, "duplicate"), (200, "numbered")]
    deposit.refresh_from_db()
    assert deposit.priority_number == 1
    assert WebhookEvent.objects.count() == 1
    assert len([m for m in sms.outbox if "诚意金" in m.text]) == 1


def test_deposits_paid_at_the_same_moment_get_every_number_once(stripe_test, site_tree):
    project = project_create(site_tree, sales_status="PRE_SALE", deposit_amount=1_000_000)
    deposits = [_deposit(stripe_test, project) for _ in range(12)]
    deliveries = [
        signed(intent_event(stripe_test, d.payment.intent_id, "payment_intent.succeeded"))
        for d in deposits
    ]
    # each success also delivered a second time, under the same event id, at the same moment
    calls = [lambda d=d: _post(*d) for d in deliveries] + [
        lambda d=d: _post(*d) for d in deliveries[:4]
    ]

    results = _race(calls)

    assert Counter(outcome for _status, outcome in results) == {"numbered": 12, "duplicate": 4}
    numbers = sorted(
        Deposit.objects.filter(project=project, status=DepositStatus.PAID).values_list(
            "priority_number", flat=True
        )
    )
    assert numbers == list(range(1, 13))
    assert DepositCounter.objects.get(project=project).last_number == 12
