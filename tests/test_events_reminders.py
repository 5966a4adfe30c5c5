"""The reminder the day before, sent once, through the task backend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from club import sms
from events.models import Registration
from events.services import event_register, reminders_send
from events.tasks import send_event_reminders
from tests.factories import event_create, member_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    settings.SMS_BACKEND = "club.sms.LocmemSmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _local_day(offset_days: int, hour: int) -> dt.datetime:
    day = timezone.localtime().date() + dt.timedelta(days=offset_days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _event_moved_to(site_tree, starts_at: dt.datetime, **fields):
    """An event announced well ahead, then moved by its editor (a correction may be late)."""
    event = event_create(site_tree, starts_in=dt.timedelta(days=10), **fields)
    event.starts_at, event.ends_at = starts_at, starts_at + dt.timedelta(hours=2)
    event.registration_deadline = None
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def test_tomorrows_participants_are_reminded_once_however_often_the_task_runs(site_tree):
    tomorrow = _event_moved_to(site_tree, _local_day(1, 19), title="中秋联谊会", capacity=1)
    confirmed = event_register(member=member_create(), event=tomorrow)
    event_register(member=member_create(), event=tomorrow)  # waiting list: not reminded
    day_after = _event_moved_to(site_tree, _local_day(2, 9))
    event_register(member=member_create(), event=day_after)

    first = send_event_reminders.enqueue()
    second = send_event_reminders.enqueue()

    assert [m.phone for m in sms.outbox] == [str(confirmed.member.user.phone)]
    assert "中秋联谊会" in sms.outbox[0].text and "19:00" in sms.outbox[0].text
    assert first.return_value == 1 and second.return_value == 0
    assert Registration.objects.get(pk=confirmed.pk).reminded_at is not None


def test_tomorrow_is_the_club_time_zones_tomorrow(site_tree):
    # 00:30 on the day after tomorrow (Beijing time) is not tomorrow
    just_after = _event_moved_to(site_tree, _local_day(2, 0) + dt.timedelta(minutes=30))
    # 23:30 tomorrow is
    late_tomorrow = _event_moved_to(site_tree, _local_day(1, 23) + dt.timedelta(minutes=30))
    event_register(member=member_create(), event=just_after)
    reminded = event_register(member=member_create(), event=late_tomorrow)

    assert reminders_send() == 1
    assert [m.phone for m in sms.outbox] == [str(reminded.member.user.phone)]


def test_the_daily_command_queues_the_reminders(site_tree):
    from django.core.management import call_command

    tomorrow = _event_moved_to(site_tree, _local_day(1, 10))
    registration = event_register(member=member_create(), event=tomorrow)

    call_command("send_event_reminders")
    call_command("send_event_reminders")

    assert [m.phone for m in sms.outbox] == [str(registration.member.user.phone)]
