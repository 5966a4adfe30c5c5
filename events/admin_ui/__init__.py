"""The event staff's screens in the Wagtail admin (活动现场): the event list, check-in at
the door on a phone, walk-ins, the attendance report with its export, and the records
kept after the event. Views are thin: they call events.services and the selectors."""
