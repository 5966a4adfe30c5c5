"""`manage.py send_newsletter ISSUE_SLUG --audience KIND[=VALUE] [--topic T] [--at ISO]`.

For operations: the same service the admin calls. Examples:
  send_newsletter spring-2026 --audience ALL
  send_newsletter spring-2026 --audience SEGMENT=CHILD_FOCUSED --topic CLUB_EVENTS
  send_newsletter spring-2026 --audience CITY=深圳 --at 2026-12-01T09:00+08:00
  send_newsletter spring-2026 --audience PROJECT=42 --count   (only print the count)
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from content.models import NewsletterIssuePage
from core.errors import DomainError
from newsletters.audiences import audience_clean, audience_count
from newsletters.services import newsletter_send_create


class Command(BaseCommand):
    help = "向指定受众发送一期会刊（或定时发送）。"

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--audience", default="ALL", help="ALL, SEGMENT=X, CITY=X, PROJECT=id")
        parser.add_argument("--topic", default="")
        parser.add_argument("--at", default="", help="ISO date-time; default now")
        parser.add_argument("--count", action="store_true", help="print the count, send nothing")

    def handle(self, *args, slug: str, audience: str, topic: str, at: str, count: bool, **options):
        issue = NewsletterIssuePage.objects.live().filter(slug=slug).first()
        if issue is None:
            raise CommandError(f"no live issue with slug {slug!r}")
        kind, _sep, value = audience.partition("=")
        scheduled_at = parse_datetime(at) if at else None
        if at and scheduled_at is None:
            raise CommandError(f"--at {at!r} is not an ISO date-time")
        try:
            cleaned = audience_clean(kind=kind.upper(), value=value)
            recipients = audience_count(audience=cleaned, topic=topic)
            if count:
                self.stdout.write(str(recipients))
                return
            with transaction.atomic():
                send = newsletter_send_create(
                    issue=issue, audience=cleaned, topic=topic, scheduled_at=scheduled_at
                )
        except DomainError as error:
            raise CommandError(f"{error.code}: {error.message}")
        self.stdout.write(f"send {send.pk}: {recipients} recipients, status {send.status}")
