"""Deposits (诚意金) against a real localstripe server: only for licensed projects in
pre-sale, numbered in order of successful payment, confirmed to the member at once,
refundable on request until the project launches."""

from __future__ import annotations

import pytest
from django.core import mail

from club import sms
from core.errors import DomainError
from payments.choices import DepositStatus, PaymentStatus
from payments.models import Deposit, Payment
from payments.services import deposit_refund_request, deposit_start
from tests.factories import member_create, project_create
from tests.stripe_support import deliver, intent_event, pay

pytestmark = pytest.mark.django_db

START = """
mutation ($slug: String!) {
  startDeposit(input: {projectSlug: $slug}) {
    clientSecret
    deposit { id amount status priorityNumber project { slug } payment { clientSecret } }
    errors { field code message }
  }
}"""
MINE = """
{ myDeposits(first: 10) { totalCount edges { node { id status priorityNumber amount } } } }"""
REFUND = """
mutation ($id: ID!) {
  requestDepositRefund(input: {depositId: $id}) {
    deposit { id status refundRequestedAt }
    errors { field code message }
  }
}"""


def gql(client, query, variables=None):
    response = client.post(
        "/graphql/", {"query": query, "variables": variables or {}}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()["data"]


def _presale(site_tree, **fields):
    return project_create(site_tree, sales_status="PRE_SALE", deposit_amount=5_000_000, **fields)


def _paid(stripe_test, client, deposit: Deposit) -> Deposit:
    pay(stripe_test, deposit.payment.intent_id)
    deliver(
        client, intent_event(stripe_test, deposit.payment.intent_id, "payment_intent.succeeded")
    )
    deposit.refresh_from_db()
    return deposit


def test_a_member_starts_a_deposit_and_pays_it_for_a_priority_number(
    stripe_test, site_tree, client, django_capture_on_commit_callbacks
):
    _presale(site_tree, slug="river")
    member = member_create(email="buyer@example.com")
    client.force_login(member.user)

    body = gql(client, START, {"slug": "river"})["startDeposit"]

    assert body["errors"] == []
    assert body["deposit"]["amount"] == 5_000_000 and body["deposit"]["status"] == "PENDING_PAYMENT"
    assert body["clientSecret"] and body["deposit"]["priorityNumber"] is None
    deposit = Deposit.objects.get(pk=body["deposit"]["id"])
    intent = stripe_test.v1.payment_intents.retrieve(deposit.payment.intent_id)
    assert (intent.amount, intent.currency, intent.client_secret) == (
        5_000_000,
        "cny",
        body["clientSecret"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        _paid(stripe_test, client, deposit)

    assert deposit.status == DepositStatus.PAID and deposit.priority_number == 1
    assert [m.text for m in sms.outbox if "排号 1" in m.text]  # confirmed at once
    assert [m for m in mail.outbox if m.to == ["buyer@example.com"]]
    mine = gql(client, MINE)["myDeposits"]
    assert mine["totalCount"] == 1
    assert mine["edges"][0]["node"]["priorityNumber"] == 1


def test_a_deposit_is_refused_for_a_project_without_a_presale_licence(
    stripe_test, site_tree, client
):
    project_create(
        site_tree, slug="no-licence", licensed=False, sales_status="PRE_SALE", deposit_amount=100
    )
    member = member_create()
    client.force_login(member.user)

    body = gql(client, START, {"slug": "no-licence"})["startDeposit"]

    assert [e["code"] for e in body["errors"]] == ["DEPOSIT_PROJECT_UNLICENSED"]
    assert body["deposit"] is None
    assert not Payment.objects.exists() and not Deposit.objects.exists()


def test_a_deposit_is_refused_outside_pre_sale_and_without_an_amount(stripe_test, site_tree):
    on_sale = project_create(site_tree, sales_status="ON_SALE", deposit_amount=100)
    no_amount = project_create(site_tree, sales_status="PRE_SALE", deposit_amount=None)

    with pytest.raises(DomainError) as not_open:
        deposit_start(member=member_create(), project=on_sale)
    with pytest.raises(DomainError) as not_offered:
        deposit_start(member=member_create(), project=no_amount)

    assert not_open.value.code == "DEPOSIT_NOT_OPEN"
    assert not_offered.value.code == "DEPOSIT_NOT_OFFERED"


def test_priority_numbers_follow_the_order_of_payment_not_of_starting(
    stripe_test, site_tree, client
):
    project = _presale(site_tree)
    first, second, third = (deposit_start(member=member_create(), project=project) for _ in "abc")

    for deposit in (third, first, second):
        _paid(stripe_test, client, deposit)

    assert [d.priority_number for d in (third, first, second)] == [1, 2, 3]


def test_starting_again_while_unpaid_resumes_the_same_payment_and_a_paid_one_is_refused(
    stripe_test, site_tree, client
):
    project = _presale(site_tree)
    member = member_create()
    started = deposit_start(member=member, project=project)

    again = deposit_start(member=member, project=project)
    assert again.pk == started.pk and Payment.objects.count() == 1

    _paid(stripe_test, client, started)
    with pytest.raises(DomainError) as refused:
        deposit_start(member=member, project=project)
    assert refused.value.code == "DEPOSIT_EXISTS"


def test_a_refund_requested_before_the_launch_is_paid_back(
    stripe_test, site_tree, client, django_capture_on_commit_callbacks
):
    project = _presale(site_tree)
    member = member_create()
    deposit = _paid(stripe_test, client, deposit_start(member=member, project=project))
    client.force_login(member.user)

    with django_capture_on_commit_callbacks(execute=True):
        body = gql(client, REFUND, {"id": str(deposit.pk)})["requestDepositRefund"]

    assert body["errors"] == [] and body["deposit"]["status"] == "REFUND_REQUESTED"
    deposit.refresh_from_db()
    deposit.payment.refresh_from_db()
    assert deposit.status == DepositStatus.REFUNDED and deposit.refunded_at
    assert deposit.payment.status == PaymentStatus.REFUNDED
    refund = stripe_test.v1.refunds.retrieve(deposit.payment.refund_id)
    assert refund.amount == 5_000_000 and refund.status == "succeeded"
    # the number is not given to anyone else
    assert deposit.priority_number == 1


def test_no_refund_on_request_once_the_project_has_launched(stripe_test, site_tree, client):
    project = _presale(site_tree)
    member = member_create()
    deposit = _paid(stripe_test, client, deposit_start(member=member, project=project))
    type(project).objects.filter(pk=project.pk).update(sales_status="ON_SALE")

    with pytest.raises(DomainError) as refused:
        deposit_refund_request(member=member, deposit_id=deposit.pk)

    assert refused.value.code == "DEPOSIT_REFUND_CLOSED"
    deposit.refresh_from_db()
    assert deposit.status == DepositStatus.PAID


def test_another_members_deposit_is_not_found(stripe_test, site_tree, client):
    project = _presale(site_tree)
    deposit = _paid(stripe_test, client, deposit_start(member=member_create(), project=project))
    other = member_create()
    client.force_login(other.user)

    body = gql(client, REFUND, {"id": str(deposit.pk)})["requestDepositRefund"]

    assert [e["code"] for e in body["errors"]] == ["DEPOSIT_NOT_FOUND"]
    assert gql(client, MINE)["myDeposits"]["totalCount"] == 0


def test_stripe_out_of_reach_answers_a_coded_error_and_leaves_nothing_open(site_tree, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    project = _presale(site_tree)
    member = member_create()

    with pytest.raises(DomainError) as refused:
        deposit_start(member=member, project=project)

    assert refused.value.code == "PAYMENT_UNAVAILABLE"
    assert Deposit.objects.get().status == DepositStatus.CANCELLED
    assert Payment.objects.get().status == PaymentStatus.CANCELLED
