"""`manage.py load_demo_data`: the demo club, its content and its logins; safe to re-run."""

from __future__ import annotations

import argparse
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo.accounts import DEMO_PASSWORD
from portal.demo.load import demo_data_load
from portal.demo.members import demo_members_generate


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return number


class Command(BaseCommand):
    help = (
        "Load demo content and demo accounts (password club-demo-2026). Idempotent: only "
        "what is missing is created. Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (creates accounts with a publicly known password).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set every demo account's password back to the demo password.",
        )
        parser.add_argument(
            "--members",
            type=_count,
            metavar="N",
            help="Also generate N demo members (bulk data for marketing queries).",
        )

    def handle(self, *args, force: bool, reset_passwords: bool, members: int | None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: it creates staff accounts, "
                "including a superuser, with the publicly known password "
                f"'{DEMO_PASSWORD}'. Use DEBUG=1 for development, or pass --force if you "
                "really want demo accounts on this installation."
            )
        started = time.monotonic()
        summary = demo_data_load(reset_passwords=reset_passwords)
        if members:
            self._members_generate(members)
        elapsed = time.monotonic() - started

        counts = summary.counts
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s (existing data kept as is).")
        )
        self.stdout.write(
            f"  projects {counts.projects}, events {counts.events}, articles {counts.articles}, "
            f"newsletters {counts.newsletters}, merchants {counts.merchants}, "
            f"images {counts.images}, staff accounts {summary.staff_users}"
        )
        self.stdout.write(f"\nDemo logins (password {DEMO_PASSWORD}):")
        width = max(len(row.login) for row in summary.logins)
        for row in summary.logins:
            self.stdout.write(f"  {row.login.ljust(width)}  {row.role}")
        if reset_passwords:
            self.stdout.write("Passwords of the demo accounts were reset.")

    def _members_generate(self, count: int) -> None:
        """Bulk members (portal.demo.members): tops up to `count`, never duplicates."""
        created = demo_members_generate(count=count)
        self.stdout.write(f"  members generated: {created}")
