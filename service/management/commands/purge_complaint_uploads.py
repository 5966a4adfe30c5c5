"""Queue the deletion of unclaimed complaint uploads (run it from cron, e.g. daily)."""

from django.core.management.base import BaseCommand

from service.tasks import complaint_uploads_purge


class Command(BaseCommand):
    help = "把清理未提交投诉的附件加入后台任务队列"

    def handle(self, *args, **options):
        result = complaint_uploads_purge.enqueue()
        self.stdout.write(f"enqueued {result.id}")
