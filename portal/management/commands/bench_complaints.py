"""`manage.py bench_complaints` (part of `make bench`): the staff complaint queue over
100,000 complaints on PostgreSQL.

Times one queue page (50 rows, related rows joined, SLA flags computed in SQL) and its
total count — what the queue screen asks for — with the filters staff use most: overdue,
severity, both. Prints p50/p95 in ms and, with --explain, the plans. Method and recorded
figures: docs/performance.md.
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from portal.bench.members import measure
from portal.management.commands.bench_members import database_ensure

CHUNK = 10_000
PAGE = 50


def queue_cases() -> dict[str, dict]:
    """The filters timed, as ComplaintFilter keyword arguments."""
    return {
        "overdue + HOT/MAJOR": {"overdue": True, "severity": ["HOT", "MAJOR"]},
        "overdue": {"overdue": True},
        "overdue, most overdue 1st": {"overdue": True, "ordering": "overdue"},
        "MAJOR": {"severity": ["MAJOR"]},
        "open, by due time": {"status": ["RECEIVED", "ACKNOWLEDGED"], "ordering": "due"},
        "no filter (newest)": {},
    }


def _sql_only(qs) -> list:
    """The page's SQL alone, rows fetched as tuples: the database's share of a page."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Command(BaseCommand):
    help = "Benchmark the staff complaint queue (overdue and severity filters) on PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, default=100_000, metavar="N")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--explain", action="store_true", help="Print each query plan.")

    def handle(self, *args, complaints: int, runs: int, warmup: int, explain: bool, **opts):
        database_ensure()
        call_command("migrate", interactive=False, verbosity=0)
        self._complaints_ensure(complaints)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) service_complaint")
        self._run(runs=runs, warmup=warmup, explain=explain)

    def _complaints_ensure(self, count: int) -> None:
        from django.contrib.auth import get_user_model

        from content.models import ProjectPage
        from portal.demo.complaint_rows import complaints_write
        from portal.demo.complaints import complaint_lives
        from portal.demo.load import demo_data_load
        from service.models import Complaint

        if not get_user_model().objects.filter(username="service").exists():
            # The workflow notices of the demo content would flood the console.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                demo_data_load()
        existing = Complaint.objects.count()
        if existing >= count:
            self.stdout.write(f"Database has {existing:,} complaints (wanted {count:,}).")
            return
        started = time.monotonic()
        handler = get_user_model().objects.get(username="service")
        projects = list(ProjectPage.objects.live().order_by("pk"))
        while existing < count:
            size = min(CHUNK, count - existing)
            with transaction.atomic():
                lives = list(
                    complaint_lives(
                        count=size,
                        now=timezone.now(),
                        handler=handler,
                        projects=projects,
                        seed=1000 + existing,
                        groups=0,
                    )
                )
                existing += complaints_write(lives)
            self.stdout.write(f"  {existing:,} complaints ({time.monotonic() - started:.0f} s)")

    def _run(self, *, runs: int, warmup: int, explain: bool) -> None:
        from django.contrib.auth import get_user_model

        from service.models import Complaint
        from service.selectors import ComplaintFilter, complaints_for_staff

        actor = get_user_model().objects.get(username="service")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        self.stdout.write(
            f"\n{Complaint.objects.count():,} complaints, PostgreSQL {version}; {runs} runs "
            f"after {warmup} warm-up runs; times in ms (page = {PAGE} rows with joins).\n"
        )
        self.stdout.write(
            f"{'queue filter':<28}{'rows':>8}{'page p50':>10}{'p95':>8}{'SQL p50':>9}{'p95':>8}"
            f"{'count p50':>11}{'p95':>8}"
        )
        for name, kwargs in queue_cases().items():
            filters = ComplaintFilter(**kwargs)

            def queue(filters=filters):
                return complaints_for_staff(actor=actor, filters=filters)

            rows = queue().count()
            page = measure(name, lambda q=queue: list(q()[:PAGE]), runs=runs, warmup=warmup)
            sql = measure(name, lambda q=queue: _sql_only(q()[:PAGE]), runs=runs, warmup=warmup)
            total = measure(name, lambda q=queue: q().count(), runs=runs, warmup=warmup)
            self.stdout.write(
                f"{name:<28}{rows:>8,}{page.p50 * 1000:>10.1f}{page.p95 * 1000:>8.1f}"
                f"{sql.p50 * 1000:>9.1f}{sql.p95 * 1000:>8.1f}"
                f"{total.p50 * 1000:>11.1f}{total.p95 * 1000:>8.1f}"
            )
            if explain:
                self.stdout.write(queue()[:PAGE].explain(analyze=True) + "\n")
