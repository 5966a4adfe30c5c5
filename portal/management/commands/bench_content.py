"""`manage.py bench_content` (`make bench`): the content API beside stock peers over HTTP.

Run with DJANGO_SETTINGS_MODULE=portal.bench.settings (scripts/bench.sh does), which adds
the peer app. Method and recorded figures: docs/performance.md.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.bench import content as bench
from portal.management.commands.bench_members import database_ensure


class Command(BaseCommand):
    help = "Content API (GraphQL, REST v2) against stock graphene-django and Wagtail REST v2."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--seconds", type=float, default=5.0, help="per round and side")
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, rounds, seconds, connections, port, workers, **options):
        if not apps.is_installed("portal.bench.peer"):
            raise CommandError("Run with DJANGO_SETTINGS_MODULE=portal.bench.settings.")
        database_ensure()
        call_command("migrate", run_syncdb=True, verbosity=0)
        from content.models import ProjectPage

        if not ProjectPage.objects.live().exists():
            call_command("load_demo_data", force=True, verbosity=0)
        count = bench.peer_rows_copy()
        self.stdout.write(f"{count} projects visible to anonymous visitors, copied to the peer")
        server = self._serve(port, workers)
        try:
            self._measure(port, rounds=rounds, seconds=seconds, connections=connections)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    def _serve(self, port: int, workers: int) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.bench.settings",
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
        }
        server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "gunicorn", "portal.bench.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=settings.BASE_DIR,
            env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                bench.body_of(port, bench.Target("ours", "/graphql/?query=%7B__typename%7D"))
                return server
            except (OSError, RuntimeError):
                time.sleep(0.5)
        server.kill()
        raise CommandError("The bench server did not start within 60 s.")

    def _measure(self, port: int, *, rounds: int, seconds: float, connections: int) -> None:
        from portal.bench.peer.models import PeerProject

        slug = PeerProject.objects.values_list("slug", flat=True).first()
        cases = [
            (
                "`{ __typename }`",
                bench.Target.graphql("ours", "/", "{ __typename }"),
                bench.Target.graphql("peer", "/peer/", "{ __typename }"),
            ),
            (
                "GraphQL `projects(first: 20)`",
                bench.Target.graphql("ours", "/", bench.LIST_QUERY),
                bench.Target.graphql("peer", "/peer/", bench.LIST_QUERY),
            ),
            (
                "GraphQL `project(slug:)`",
                bench.Target.graphql("ours", "/", bench.DETAIL_QUERY % slug),
                bench.Target.graphql("peer", "/peer/", bench.DETAIL_QUERY % slug),
            ),
        ]
        rest = f"pages/?type=content.ProjectPage&fields={bench.REST_FIELDS}&limit=20"
        cases.append(
            (
                "REST v2 projects listing",
                bench.Target("ours", f"/api/v2/{rest}"),
                bench.Target("peer", f"/peer/api/v2/{rest}"),
            )
        )
        self._consistency_check(port, cases)
        self.stdout.write(
            f"\n{rounds} alternating rounds of {seconds:g} s per side, {connections} "
            "connections, p50 / p95 latency and throughput\n"
        )
        self.stdout.write("| case (anonymous GET) | peer | ours | ratio p50 |")
        self.stdout.write("|---|---|---|---|")
        for name, ours, peer in cases:
            mine, theirs = bench.compare(
                port, ours, peer, rounds=rounds, seconds=seconds, connections=connections
            )
            if mine.failures or theirs.failures:
                raise CommandError(f"{name}: {mine.failures} / {theirs.failures} failed requests")
            self.stdout.write(bench.table_row(name, mine, theirs))

    def _consistency_check(self, port: int, cases) -> None:
        """Both sides must return the same data before their speed is compared."""
        for name, ours, peer in cases:
            mine, theirs = bench.body_of(port, ours), bench.body_of(port, peer)
            if name.startswith("REST"):
                mine = [item["meta"]["slug"] for item in mine["items"]]
                theirs = [item["meta"]["slug"] for item in theirs["items"]]
            if mine != theirs:
                raise CommandError(f"{name}: the two sides disagree:\n{mine}\n{theirs}")
