"""`manage.py bench_newsletter --recipients N`: queue and render a send to N subscribers.

Seeds N bulk subscribers once (users `nlbench-*`, consent, opt-in, confirmed subscription;
reused by later runs), creates a send of one issue to them, then times the two phases of
the worker: queueing (keyset batches into delivery rows) and delivering (per-recipient
render of HTML and plain text, the message built with its headers, and handed to Django's
e-mail backend — the dummy backend here, so the figure is ours and not a mail server's).
Peak memory is the process's peak RSS growth over the send, measured in a process that did
no seeding (`--seed-only` first, as scripts/bench.sh does), at two sizes to see it stay
flat (10,000 and 100,000).
"""

from __future__ import annotations

import resource
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

SEED_BATCH = 5000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = "会刊发送基准测试：排队并逐人渲染 N 位订阅者。"

    def add_arguments(self, parser):
        parser.add_argument("--recipients", type=int, default=100_000)
        # Each size has its own subscribers (a city of their own), so sizes do not mix.
        parser.add_argument("--city", default="", help="default: 基准城<N>")
        parser.add_argument("--seed-only", action="store_true")

    def handle(self, *args, recipients: int, city: str, seed_only: bool, **options):
        from content.services import site_tree_ensure
        from newsletters.choices import SendStatus
        from newsletters.models import NewsletterSend
        from newsletters.rendering import issue_snapshot
        from newsletters.services.sending import deliveries_queue, deliveries_send_batch

        site = site_tree_ensure()
        city = city or f"基准城{recipients}"
        self._seed(recipients, city)
        if seed_only:
            return
        issue = self._issue(site)
        baseline = _peak_rss_mb()

        send = NewsletterSend.objects.create(
            issue=issue,
            audience={"kind": "CITY", "value": city},
            topic="",
            status=SendStatus.SENDING,
            scheduled_at=timezone.now(),
            snapshot=issue_snapshot(issue),
        )
        started = time.perf_counter()
        queued = deliveries_queue(send=send)
        queue_seconds = time.perf_counter() - started

        started = time.perf_counter()
        handled = 0
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            while True:
                claimed = deliveries_send_batch(send=send)
                if not claimed:
                    break
                handled += claimed
        send_seconds = time.perf_counter() - started
        peak = _peak_rss_mb() - baseline
        self.stdout.write(
            f"recipients {queued:>8,}  queue {queue_seconds:6.1f} s "
            f"({queued / max(queue_seconds, 1e-9):,.0f}/s)  render+send {send_seconds:6.1f} s "
            f"({handled / max(send_seconds, 1e-9):,.0f}/s)  peak RSS growth {peak:6.1f} MB"
        )
        # The bench's send and deliveries go; the seeded subscribers stay for the next run.
        send.delete()

    def _issue(self, site):
        from content.models import NewsletterIssuePage

        issue = NewsletterIssuePage.objects.filter(slug="bench-issue").first()
        if issue is not None:
            return issue
        issue = NewsletterIssuePage(
            title="基准测试会刊",
            slug="bench-issue",
            issue_number=9999,
            summary="本期导读：" + "新盘开放日与会员活动。" * 20,
        )
        site.newsletters.add_child(instance=issue)
        issue.save_revision().publish()
        return issue

    def _seed(self, wanted: int, city: str) -> None:
        from django.contrib.auth import get_user_model

        from club.models import Member, Preferences
        from newsletters.models import Subscription

        User = get_user_model()
        have = Member.objects.filter(city=city).count()
        offset = Member.objects.filter(city__startswith="基准城").count()
        now = timezone.now()
        while have < wanted:
            size = min(SEED_BATCH, wanted - have)
            with transaction.atomic():
                users = User.objects.bulk_create(
                    [
                        User(
                            username=f"nlbench-{offset + i}",
                            email=f"nlbench{offset + i}@example.com",
                        )
                        for i in range(size)
                    ]
                )
                members = Member.objects.bulk_create(
                    [
                        Member(
                            user=user,
                            name=f"会员{have + i}",
                            city=city,
                            joined_at=now,
                            has_marketing_consent=True,
                            referral_code=f"NLB{offset + i:09d}",
                        )
                        for i, user in enumerate(users)
                    ]
                )
                Preferences.objects.bulk_create(
                    [Preferences(member=m, email_opt_in=True) for m in members]
                )
                Subscription.objects.bulk_create(
                    [
                        Subscription(
                            member=m,
                            topic="PROJECT_NEWS",
                            status="CONFIRMED",
                            language="en" if m.pk % 5 == 0 else "zh-hans",
                            requested_at=now,
                            confirmed_at=now,
                        )
                        for m in members
                    ]
                )
            have += size
            offset += size
            self.stderr.write(f"seeded {have:,} subscribers")
