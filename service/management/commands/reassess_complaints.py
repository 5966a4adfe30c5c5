"""Queue the periodic severity reassessment (run it from cron, e.g. hourly)."""

from django.core.management.base import BaseCommand

from service.tasks import complaints_reassess_severity


class Command(BaseCommand):
    help = "把投诉级别的定期复核（一周/一个月未解决）加入后台任务队列"

    def handle(self, *args, **options):
        result = complaints_reassess_severity.enqueue()
        self.stdout.write(f"enqueued {result.id}")
