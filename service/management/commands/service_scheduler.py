"""Enqueue the service clock (`service.tasks.service_clock`) every 15 minutes.

The same shape as `content_scheduler`: this loop only enqueues, the task worker does the
work. The clock applies the severity time rules and produces the monthly statistics and
the public summary's draft when they fall due. `--once` enqueues a single run, for cron
or a systemd timer.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from service.tasks import service_clock


class Command(BaseCommand):
    help = "每 15 分钟排入一次客服定时任务（投诉级别时限规则、月度统计、常见投诉公示稿）。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=900, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="enqueue one run and exit")

    def handle(self, *args, interval: int, once: bool, **options):
        while True:
            service_clock.enqueue()
            if once:
                return
            time.sleep(max(interval, 1))
