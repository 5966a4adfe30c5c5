#!/usr/bin/env bash
# `make bench`: the public content API beside stock graphene-django and Wagtail REST v2
# over HTTP (`manage.py bench_content`, about 3 minutes), then marketing's member queries,
# GraphQL beside the plain ORM, on a million members in PostgreSQL. BENCH_ONLY=content or
# BENCH_ONLY=members runs one of them. Method and figures: docs/performance.md.
#
# Database: BENCH_DATABASE_URL, else DATABASE_URL when it is PostgreSQL, else the local
# postgres://club:club@127.0.0.1:5432/club_bench. The database is created and migrated if
# needed, and topped up to BENCH_MEMBERS (default 1,000,000) bulk demo members — about
# 3.5 minutes per million on 2 cores, once; later runs reuse them.
# Extra arguments go to `manage.py bench_members` (--runs, --warmup, --members, --profile).
set -euo pipefail
cd "$(dirname "$0")/.."

url="${BENCH_DATABASE_URL:-}"
if [ -z "$url" ]; then
    case "${DATABASE_URL:-}" in
        postgres://* | postgresql://*) url="$DATABASE_URL" ;;
        *) url="postgres://club:club@127.0.0.1:5432/club_bench" ;;
    esac
fi
export DATABASE_URL="$url"
# Production behaviour (no SQL logging, no debug toolbar); the key only signs this run's
# nothing-at-all sessions, so a throwaway one will do when none is set.
export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"

# The staff complaint queue (overdue and severity filters) over BENCH_COMPLAINTS complaints
# (default 100,000; about 3 minutes to load once).
.venv/bin/python manage.py bench_complaints --complaints "${BENCH_COMPLAINTS:-100000}"

if [ "${BENCH_ONLY:-}" != members ]; then
    DJANGO_SETTINGS_MODULE=portal.bench.settings .venv/bin/python manage.py bench_content
fi
[ "${BENCH_ONLY:-}" = content ] && exit 0
exec .venv/bin/python manage.py bench_members --members "${BENCH_MEMBERS:-1000000}" "$@"
