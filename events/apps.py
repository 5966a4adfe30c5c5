from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Event registrations: seats, waiting list, tickets, check-in, walk-ins and records.

    Above `content` (EventPage) and `club` (members, owners, segments); neither imports it.
    A member's registrations join the data export and erasure through club's hooks.
    """

    name = "events"
    verbose_name = "活动报名"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from club.services import register_erasure_hook, register_export_section
        from events.services.data_rights import registrations_erase, registrations_export

        register_export_section("event_registrations", registrations_export)
        register_erasure_hook(registrations_erase)
