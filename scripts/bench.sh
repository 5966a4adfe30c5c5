#!/usr/bin/env bash
# `make bench`, in this order (BENCH_ONLY=content|complaints|members|newsletter runs one):
# - content: the public content API beside stock graphene-django and Wagtail REST v2 over
#   HTTP (`manage.py bench_content`, about 3 minutes);
# - complaints: the staff complaint queue (overdue and severity filters) over
#   BENCH_COMPLAINTS complaints (default 100,000; about 3 minutes to load once);
# - members: marketing's member queries, GraphQL beside the plain ORM, on BENCH_MEMBERS
#   (default 1,000,000) bulk demo members — about 3.5 minutes per million on 2 cores, once;
# - newsletter: queue and render a send at BENCH_NEWSLETTER_RECIPIENTS (10,000 and 100,000),
#   so time per recipient and flat memory read side by side.
# Method and figures: docs/performance.md.
#
# Database: BENCH_DATABASE_URL, else DATABASE_URL when it is PostgreSQL, else the local
# postgres://club:club@127.0.0.1:5432/club_bench, created and migrated if needed; later runs
# reuse the rows. Extra arguments go to `manage.py bench_members` (--runs, --warmup,
# --members, --profile).
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

want() { [ -z "${BENCH_ONLY:-}" ] || [ "$BENCH_ONLY" = "$1" ]; }

if want content; then
    DJANGO_SETTINGS_MODULE=portal.bench.settings .venv/bin/python manage.py bench_content
fi
if want complaints; then
    .venv/bin/python manage.py bench_complaints --complaints "${BENCH_COMPLAINTS:-100000}"
fi
if want members; then
    .venv/bin/python manage.py bench_members --members "${BENCH_MEMBERS:-1000000}" "$@"
fi
if want newsletter; then
    for n in ${BENCH_NEWSLETTER_RECIPIENTS:-10000 100000}; do
        .venv/bin/python manage.py bench_newsletter --recipients "$n" --seed-only
        .venv/bin/python manage.py bench_newsletter --recipients "$n"
    done
fi
