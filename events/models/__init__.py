"""Event registration models, one module per area."""

from events.models.records import EventRecord
from events.models.registrations import Registration, SeatLock, WalkIn

__all__ = ["EventRecord", "Registration", "SeatLock", "WalkIn"]
