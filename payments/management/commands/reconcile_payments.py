"""Settle what missed webhooks left pending (payments.services.sweep); cron-safe."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from payments.services import payments_reconcile


class Command(BaseCommand):
    help = "对账：向 Stripe 核对待支付与退款中的款项，释放超时未付的名额。"

    def handle(self, *args, **options):
        counts = payments_reconcile()
        self.stdout.write(" ".join(f"{key}={value}" for key, value in counts.items()))
