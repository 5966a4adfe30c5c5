"""Event registration models, one module per area."""

from events.models.records import EventClosure, EventRecord
from events.models.registrations import Registration, SeatLock, WalkIn

__all__ = ["EventClosure", "EventRecord", "Registration", "SeatLock", "WalkIn"]
