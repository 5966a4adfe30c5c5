"""Enqueue the content clock (`content.tasks.content_publish_due`) every minute, and the
newsletters' (`newsletters.tasks.newsletters_due`: scheduled sends, due retries).

django-tasks has no periodic scheduler of its own. This small loop only enqueues; the
task worker does the work, so publishing runs wherever the workers run (database or RQ
backend). `--once` enqueues a single run, for cron or a systemd timer.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from content.tasks import content_publish_due
from newsletters.tasks import newsletters_due


class Command(BaseCommand):
    help = "每分钟排入一次定时发布任务（到期的定时发布、预售许可证生效）。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="enqueue one run and exit")

    def handle(self, *args, interval: int, once: bool, **options):
        while True:
            content_publish_due.enqueue()
            # Scheduled newsletter sends and their due retries (newsletters.tasks).
            newsletters_due.enqueue()
            if once:
                return
            time.sleep(max(interval, 1))
