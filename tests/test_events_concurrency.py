"""The race for the last seats, on PostgreSQL: many registrations at once, each from its own
thread with its own database connection, all released together."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from core.errors import DomainError
from events.choices import RegistrationStatus
from events.models import Registration
from events.services import event_register
from tests.factories import event_create, member_create

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are only real on PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def _race(calls) -> list[object]:
    """Run every call in its own thread, all starting at once; results in call order."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as exc:  # collected and asserted on by the test
            results[index] = exc
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_parallel_registrations_at_the_last_seats_confirm_exactly_capacity(site_tree):
    capacity, already_taken, racers = 10, 7, 24
    event = event_create(site_tree, capacity=capacity, max_party_size=1)
    for _ in range(already_taken):
        event_register(member=member_create(), event=event)
    members = [member_create() for _ in range(racers)]
    # four of the racers also try twice at the same moment
    calls = [lambda m=m: event_register(member=m, event=event) for m in members]
    calls += [lambda m=m: event_register(member=m, event=event) for m in members[:4]]

    results = _race(calls)

    failures = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(f, DomainError) and f.code == "ALREADY_REGISTERED" for f in failures)
    assert len(failures) == 4
    rows = Registration.objects.filter(event=event)
    statuses = Counter(rows.values_list("status", flat=True))
    assert statuses == {
        RegistrationStatus.REGISTERED: capacity,
        RegistrationStatus.WAITLISTED: already_taken + racers - capacity,
    }
    # every racer exactly once: nothing lost, nothing duplicated
    per_member = Counter(rows.values_list("member_id", flat=True))
    assert set(per_member) >= {m.pk for m in members} and set(per_member.values()) == {1}


def test_parallel_parties_never_overfill_the_event(site_tree):
    event = event_create(site_tree, capacity=9, max_party_size=4)
    members = [member_create() for _ in range(16)]
    sizes = [1, 2, 3, 4] * 4

    results = _race(
        [
            lambda m=m, s=s: event_register(member=m, event=event, party_size=s)
            for m, s in zip(members, sizes, strict=True)
        ]
    )

    assert not [r for r in results if isinstance(r, Exception)]
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
    assert sum(confirmed.values_list("party_size", flat=True)) <= 9
    assert Registration.objects.filter(event=event).count() == 16
    # whatever waits could not have fitted in the seats left
    left = 9 - sum(confirmed.values_list("party_size", flat=True))
    waiting = Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
    assert all(r.party_size > left for r in waiting)


def test_one_ticket_scanned_at_two_doors_at_once_checks_in_exactly_once(site_tree):
    from events.services import door_check_in, ticket_code
    from tests.factories import staff_with

    event = event_create(site_tree, capacity=5)
    code = ticket_code(registration=event_register(member=member_create(), event=event))
    doors = [staff_with("events.change_registration") for _ in range(6)]

    answers = _race([lambda d=d: door_check_in(actor=d, event=event, code=code) for d in doors])

    assert sorted(a.outcome for a in answers) == ["ALREADY_CHECKED_IN"] * 5 + ["CHECKED_IN"]
    registration = Registration.objects.get(event=event)
    winner = next(d for d, a in zip(doors, answers, strict=True) if a.outcome == "CHECKED_IN")
    assert registration.checked_in_by == winner
