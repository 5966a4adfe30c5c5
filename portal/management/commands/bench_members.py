"""`manage.py bench_members` (`make bench`): marketing reads over a million members.

Prints p50/p95 of the GraphQL `members` and `memberStats` queries beside the same data
read with the plain ORM, and their ratio. Method and recorded figures: docs/performance.md.
"""

from __future__ import annotations

import gc
import time

import psycopg
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.test.utils import override_settings
from psycopg import sql

from portal.bench.members import (
    FILTERS,
    FLOOR_QUERY,
    MEMBERS_QUERY,
    SUGGESTED_INDEXES,
    GraphQLCaller,
    bench_cases,
    consistency_check,
    measure,
    profile_text,
)

VACUUMED_TABLES = (
    "core_user",
    "club_member",
    "club_preferences",
    "club_preferences_interested_projects",
    "club_consent",
)


def database_ensure() -> None:
    """Create the (PostgreSQL) database named by the settings if it does not exist yet."""
    if connection.vendor != "postgresql":
        raise CommandError(
            "The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL or DATABASE_URL to "
            "postgres://... (see docs/performance.md)."
        )
    try:
        connection.ensure_connection()
        return
    except OperationalError as exc:
        if "does not exist" not in str(exc):
            raise
    db = connection.settings_dict
    params = {
        "host": db["HOST"],
        "port": db["PORT"],
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


class Command(BaseCommand):
    help = (
        "Benchmark marketing's member queries (GraphQL vs plain ORM) on PostgreSQL, loading "
        "bulk demo members first if the database has fewer than --members."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1_000_000, metavar="N")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument(
            "--profile", action="store_true", help="Also print a cProfile of the GraphQL call."
        )
        parser.add_argument(
            "--suggested-indexes",
            action="store_true",
            help="Create the indexes proposed in docs/performance.md first (dropped otherwise).",
        )
        parser.add_argument(
            "--no-gc-freeze",
            action="store_true",
            help="Leave everything loaded at start-up to the cyclic garbage collector.",
        )

    def handle(
        self, *args, members, runs, warmup, profile, suggested_indexes, no_gc_freeze, **opts
    ):
        database_ensure()
        db = connection.settings_dict
        self.stdout.write(f"Database {db['NAME']} on {db['HOST'] or 'localhost'}:{db['PORT']}.")
        call_command("migrate", interactive=False, verbosity=0)
        self._members_ensure(members)
        self._indexes(create=suggested_indexes)
        self._vacuum()
        if not no_gc_freeze:
            # As a server should after start-up: the modules, schema and settings loaded so
            # far are never garbage, yet each full collection would walk them all (~100 ms
            # pauses that land in p95). Both sides of every comparison run frozen.
            gc.collect()
            gc.freeze()
        # The per-token allowance (120 a minute by default) would stop the benchmark itself.
        with override_settings(API_TOKEN_RATE_LIMIT_PER_MINUTE=10**9):
            self._run(runs=runs, warmup=warmup, profile=profile)

    def _members_ensure(self, count: int) -> None:
        from portal.demo.load import demo_data_load
        from portal.demo.members import bulk_member_count, demo_members_generate

        existing = bulk_member_count()
        if existing >= count:
            self.stdout.write(f"Database has {existing:,} bulk members (wanted {count:,}).")
            return
        self.stdout.write(
            f"Loading demo data and {count - existing:,} bulk members "
            "(about 3.5 minutes per million on 2 cores)..."
        )
        started = time.monotonic()
        demo_data_load()
        demo_members_generate(count=count)
        self.stdout.write(f"Loaded in {time.monotonic() - started:.0f} s.")

    def _indexes(self, *, create: bool) -> None:
        with connection.cursor() as cursor:
            for name, create_sql in SUGGESTED_INDEXES.items():
                if create:
                    started = time.monotonic()
                    cursor.execute(create_sql)
                    took = time.monotonic() - started
                    self.stdout.write(f"Suggested index {name} present ({took:.1f} s).")
                else:
                    cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")

    def _vacuum(self) -> None:
        """VACUUM ANALYZE: fresh statistics and a current visibility map, so that plans and
        index-only scans are those of a database autovacuum has caught up with."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            for table in VACUUMED_TABLES:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        self.stdout.write(f"VACUUM ANALYZE in {time.monotonic() - started:.1f} s.")

    def _run(self, *, runs: int, warmup: int, profile: bool) -> None:
        from django.contrib.auth import get_user_model

        from club.models import ApiToken, Member
        from club.services import api_token_create, api_token_revoke

        user = get_user_model().objects.get(username="marketing")
        token, raw = api_token_create(
            user=user, scopes=[ApiToken.SCOPE_MEMBERS], name="bench", expires_in_days=1
        )
        try:
            graphql = GraphQLCaller(raw)
            consistency_check(graphql)
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0]
            total = Member.objects.count()
            consenting = Member.objects.filter(has_marketing_consent=True).count()
            self.stdout.write(
                f"\n{total:,} members ({consenting:,} consenting to marketing), PostgreSQL "
                f"{version}; {runs} runs after {warmup} warm-up runs; times in ms.\n"
            )
            floor = measure("floor", lambda: graphql(FLOOR_QUERY), runs=runs, warmup=warmup)
            self.stdout.write(
                f"Floor of a bearer GraphQL request ({FLOOR_QUERY}): p50 {floor.p50 * 1000:.1f}, "
                f"p95 {floor.p95 * 1000:.1f}\n"
            )
            header = (
                f"{'case':<28}{'GraphQL p50':>12}{'p95':>8}{'ORM p50':>10}{'p95':>8}{'ratio':>8}"
            )
            self.stdout.write(header)
            for name, api_call, orm_call in bench_cases(graphql):
                api = measure(name, api_call, runs=runs, warmup=warmup)
                orm = measure(name, orm_call, runs=runs, warmup=warmup)
                self.stdout.write(
                    f"{name:<28}{api.p50 * 1000:>12.1f}{api.p95 * 1000:>8.1f}"
                    f"{orm.p50 * 1000:>10.1f}{orm.p95 * 1000:>8.1f}{api.p50 / orm.p50:>8.2f}"
                )
            self.stdout.write(
                "\nTargets: ratio (GraphQL p50 / ORM p50) <= 2 for members; "
                "memberStats < 1000 ms over a million members."
            )
            if profile:
                self.stdout.write("\ncProfile of 10 GraphQL members calls (broad filter):")
                self.stdout.write(
                    profile_text(lambda: graphql(MEMBERS_QUERY, {"filter": FILTERS["broad"]}))
                )
        finally:
            api_token_revoke(token=token)
