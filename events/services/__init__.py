"""Every write of the events domain: one use case, one function."""

from events.services.checkin import registration_check_in, walk_in_record
from events.services.closure import event_records_close
from events.services.door import DoorAnswer, door_check_in
from events.services.holds import registration_hold_confirm, registration_hold_release
from events.services.records import event_record_attach
from events.services.registration import (
    event_register,
    event_registration_cancel,
    waiting_list_promote,
)
from events.services.reminders import reminders_send
from events.services.tickets import (
    ticket_code,
    ticket_ics,
    ticket_qr,
    ticket_registration,
)
from events.services.uploads import event_record_upload

__all__ = [
    "DoorAnswer",
    "door_check_in",
    "event_record_upload",
    "event_records_close",
    "event_record_attach",
    "event_register",
    "event_registration_cancel",
    "registration_check_in",
    "registration_hold_confirm",
    "registration_hold_release",
    "reminders_send",
    "ticket_code",
    "ticket_ics",
    "ticket_qr",
    "ticket_registration",
    "waiting_list_promote",
    "walk_in_record",
]
