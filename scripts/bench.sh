#!/usr/bin/env bash
# `make bench`: marketing's member queries, GraphQL beside the plain ORM, on a million
# members in PostgreSQL; then the newsletter send pipeline at 10,000 and 100,000
# recipients. Method and figures: docs/performance.md.
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

.venv/bin/python manage.py bench_members --members "${BENCH_MEMBERS:-1000000}" "$@"

# The newsletter pipeline (newsletters/): queue and render a send at two sizes, so that
# time per recipient and flat memory can be read side by side (docs/performance.md).
for n in ${BENCH_NEWSLETTER_RECIPIENTS:-10000 100000}; do
    .venv/bin/python manage.py bench_newsletter --recipients "$n" --seed-only
    .venv/bin/python manage.py bench_newsletter --recipients "$n"
done
