"""Enqueue the payments sweep (`payments.tasks.payments_sweep`) every minute.

Like `content_scheduler`: django-tasks has no periodic scheduler, so this loop only
enqueues and the worker does the work. `--once` enqueues one run (cron, systemd timer).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from payments.tasks import payments_sweep


class Command(BaseCommand):
    help = "每分钟排入一次支付对账任务（超时名额释放、候补转正开单、漏收的 Stripe 通知）。"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="enqueue one run and exit")

    def handle(self, *args, interval: int, once: bool, **options):
        while True:
            payments_sweep.enqueue()
            if once:
                return
            time.sleep(max(interval, 1))
