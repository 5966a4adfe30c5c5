"""Run a localstripe server (a stateful fake of Stripe's API) on loopback for development.

`make run` starts it when no STRIPE_SECRET_KEY is set. Unlike `localstripe`'s own entry
point it listens on 127.0.0.1 only, starts empty (no state file), and delivers its
webhooks, signed with STRIPE_WEBHOOK_SECRET as Stripe signs them, to this site's endpoint.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "在本机回环地址启动 localstripe（离线的 Stripe 测试服务器）。"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.STRIPE_LOCAL_PORT)
        parser.add_argument(
            "--webhook-url",
            default=f"{settings.SITE_BASE_URL.rstrip('/')}/payments/stripe/webhook/",
            help="where to deliver events ('' for nowhere)",
        )

    def handle(self, *args, port: int, webhook_url: str, **options):
        from aiohttp import web
        from localstripe.server import app
        from localstripe.webhooks import register_webhook

        if webhook_url:
            register_webhook("club", webhook_url, settings.STRIPE_WEBHOOK_SECRET, None)
        web.run_app(app, host="127.0.0.1", port=port, print=None)
