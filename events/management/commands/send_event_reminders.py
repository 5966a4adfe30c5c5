"""Queue the day-before reminders; schedule daily (cron), e.g. at 10:00 Beijing time.

The task is idempotent (each registration is reminded once), so running it twice, or
again after a failure, sends nothing more.
"""

from django.core.management.base import BaseCommand

from events.tasks import send_event_reminders


class Command(BaseCommand):
    help = "Queue the reminders for events starting tomorrow (sent once per registration)."

    def handle(self, *args, **options):
        result = send_event_reminders.enqueue()
        self.stdout.write(f"queued send_event_reminders ({result.id})")
