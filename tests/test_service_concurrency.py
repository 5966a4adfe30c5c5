"""Correctness under concurrency: references are never handed out twice, and two staff
moving one complaint at once cannot both succeed (rows are locked). PostgreSQL only:
SQLite serialises every write, so there is no race to lose there."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from core.errors import DomainError
from service.models import Complaint
from service.services import complaint_acknowledge
from tests.factories import complaint_create, service_staff_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need a concurrent database"
    ),
]


@pytest.fixture(autouse=True)
def _service_groups():
    """A transactional test starts from an empty database: restore the staff groups."""
    from service.permissions import service_permissions_ensure

    service_permissions_ensure()


def _in_threads(n, work):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_concurrent_filings_never_share_a_reference():
    results, errors = _in_threads(8, lambda: complaint_create().reference)
    assert errors == []
    assert len(set(results)) == 8
    assert Complaint.objects.count() == 8


def test_two_staff_acknowledging_at_once_write_one_response():
    complaint = complaint_create()
    staff = [service_staff_create() for _ in range(2)]
    turn = iter(staff)
    lock = threading.Lock()

    def acknowledge():
        with lock:
            actor = next(turn)
        return complaint_acknowledge(actor=actor, complaint=complaint, public_note="已收到")

    results, errors = _in_threads(2, acknowledge)
    assert len(results) == 1
    assert [e.code for e in errors if isinstance(e, DomainError)] == ["TRANSITION_NOT_ALLOWED"]
    assert complaint.events.filter(kind="ACKNOWLEDGED").count() == 1
