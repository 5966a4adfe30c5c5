"""registerForEvent, cancelEventRegistration and myRegistrations: thin over the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Registration
from tests.factories import event_create, member_create

pytestmark = pytest.mark.django_db

REGISTER = """
mutation ($input: EventRegistrationInput!) {
  registerForEvent(input: $input) {
    registration { id status partySize waitingListPosition ticketCode ticketQrUrl calendarUrl
                   event { slug seatsLeft } }
    errors { field code message }
  }
}"""
CANCEL = """
mutation ($id: ID!) {
  cancelEventRegistration(input: {registrationId: $id}) {
    registration { id status cancelledAt }
    errors { field code message }
  }
}"""
MINE = """
query ($first: Int) {
  myRegistrations(first: $first) {
    totalCount edges { node { id status waitingListPosition event { slug seatsLeft } } }
  }
}"""


def gql(client, query, variables=None):
    response = client.post(
        "/graphql/", {"query": query, "variables": variables or {}}, content_type="application/json"
    )
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def member_client(client):
    member = member_create()
    client.force_login(member.user)
    client.member = member
    return client


def test_a_member_registers_and_gets_a_ticket(member_client, site_tree):
    event_create(site_tree, slug="tea", capacity=4, max_party_size=3)

    body = gql(member_client, REGISTER, {"input": {"eventSlug": "tea", "partySize": 3}})

    payload = body["data"]["registerForEvent"]
    assert payload["errors"] == []
    registration = payload["registration"]
    assert registration["status"] == "REGISTERED" and registration["partySize"] == 3
    assert registration["event"] == {"slug": "tea", "seatsLeft": 1}
    assert registration["ticketCode"] and registration["waitingListPosition"] is None
    assert member_client.get(registration["ticketQrUrl"]).status_code == 200
    assert member_client.get(registration["calendarUrl"]).status_code == 200


def test_the_overflow_is_told_its_place_on_the_waiting_list(member_client, site_tree):
    event = event_create(site_tree, slug="full", capacity=1)
    from events.services import event_register

    event_register(member=member_create(), event=event)

    body = gql(member_client, REGISTER, {"input": {"eventSlug": "full"}})

    registration = body["data"]["registerForEvent"]["registration"]
    assert registration["status"] == "WAITLISTED"
    assert registration["waitingListPosition"] == 1
    assert registration["ticketCode"] is None and registration["ticketQrUrl"] is None


def test_every_refusal_comes_back_at_once_in_user_errors(member_client, site_tree):
    event_create(
        site_tree,
        slug="closed",
        max_party_size=2,
        audience="SEGMENT",
        audience_segment="ELDER_CARE",
        registration_deadline=timezone.now() - dt.timedelta(minutes=1),
        starts_in=dt.timedelta(days=4),
    )

    body = gql(member_client, REGISTER, {"input": {"eventSlug": "closed", "partySize": 9}})

    payload = body["data"]["registerForEvent"]
    assert payload["registration"] is None
    assert {(e["field"], e["code"]) for e in payload["errors"]} == {
        ("partySize", "PARTY_TOO_LARGE"),
        (None, "REGISTRATION_CLOSED"),
        (None, "AUDIENCE_SEGMENT_ONLY"),
    }
    assert not Registration.objects.exists()


def test_an_unknown_event_and_an_anonymous_caller_are_refused(client, member_client, site_tree):
    unknown = gql(member_client, REGISTER, {"input": {"eventSlug": "nope"}})
    assert unknown["data"]["registerForEvent"]["errors"][0]["code"] == "EVENT_NOT_FOUND"

    event_create(site_tree, slug="open")
    member_client.logout()
    anonymous = gql(member_client, REGISTER, {"input": {"eventSlug": "open"}})
    assert anonymous["data"]["registerForEvent"]["errors"][0]["code"] == "AUTHENTICATION_REQUIRED"


def test_a_member_cancels_their_own_registration_and_not_anyone_elses(member_client, site_tree):
    from events.services import event_register

    event = event_create(site_tree, slug="walk")
    mine = event_register(member=member_client.member, event=event)
    theirs = event_register(member=member_create(), event=event)

    refused = gql(member_client, CANCEL, {"id": str(theirs.pk)})
    cancelled = gql(member_client, CANCEL, {"id": str(mine.pk)})

    assert refused["data"]["cancelEventRegistration"]["errors"][0]["code"] == (
        "REGISTRATION_NOT_FOUND"
    )
    assert cancelled["data"]["cancelEventRegistration"]["registration"]["status"] == "CANCELLED"


def test_my_registrations_cost_the_same_queries_for_2_and_12(member_client, site_tree):
    from events.services import event_register

    for n in range(12):
        event = event_create(site_tree, starts_in=dt.timedelta(days=10 + n), capacity=3)
        event_register(member=member_create(), event=event)
        if n % 2:  # on odd events the event is full and the member waits behind another
            event_register(member=member_create(), event=event, party_size=2)
            event_register(member=member_create(), event=event, party_size=2)
        event_register(member=member_client.member, event=event, party_size=2)

    counts = []
    for first in (2, 12):
        with CaptureQueriesContext(connection) as captured:
            body = gql(member_client, MINE, {"first": first})
        counts.append(len(captured))
        edges = body["data"]["myRegistrations"]["edges"]
        assert len(edges) == first
        assert {e["node"]["event"]["seatsLeft"] for e in edges} == {0}
        positions = [e["node"]["waitingListPosition"] for e in edges]
        assert positions == [None, 2] * (first // 2)

    assert counts[0] == counts[1]
    assert body["data"]["myRegistrations"]["totalCount"] == 12


def test_my_registrations_are_empty_when_signed_out(client):
    assert gql(client, MINE)["data"]["myRegistrations"] == {"totalCount": 0, "edges": []}
