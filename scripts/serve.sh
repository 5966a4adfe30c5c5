#!/usr/bin/env bash
# Production-like start (`make serve`): gunicorn serving the site (static files through
# WhiteNoise, hashed and compressed) an RQ worker and the content scheduler, with DEBUG off, on PostgreSQL and
# Redis. Needs DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY and ALLOWED_HOSTS (or
# the .env that `make run` wrote, for the key); behind a TLS proxy also TRUSTED_PROXY_COUNT.
# Ctrl-C (or SIGTERM) stops both. BIND (default 127.0.0.1:$PORT) and WEB_CONCURRENCY
# (default 2 workers) tune gunicorn.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBUG=0 TASK_BACKEND=rq
: "${DATABASE_URL:?set DATABASE_URL=postgres://user:pass@host:5432/club}"
: "${REDIS_URL:?set REDIS_URL=redis://host:6379/0}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0

# -v0: the worker logs warnings and failed jobs, not a line per job. --with-scheduler runs
# delayed jobs (retries of texts and e-mails that a gateway refused).
$PY manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler -v0 default &
WORKER=$!
# Scheduled publications and licences taking effect: enqueued every minute (run exactly one).
$PY manage.py content_scheduler &
SCHEDULER=$!
# The service clock: severity time rules, monthly statistics and the public summary's draft.
$PY manage.py service_scheduler &
SERVICE_CLOCK=$!
# Payment holds, waiting-list seats to pay for, missed Stripe webhooks (run exactly one).
$PY manage.py payments_scheduler &
PAYMENTS=$!
.venv/bin/gunicorn portal.wsgi \
    --bind "${BIND:-127.0.0.1:${PORT}}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --access-logfile - &
WEB=$!

stop() {
    kill "$WEB" "$WORKER" "$SCHEDULER" "$SERVICE_CLOCK" "$PAYMENTS" 2>/dev/null || true
    wait "$WEB" "$WORKER" "$SCHEDULER" "$SERVICE_CLOCK" "$PAYMENTS" 2>/dev/null || true
}
trap stop INT TERM EXIT
wait -n "$WEB" "$WORKER" "$SCHEDULER" "$SERVICE_CLOCK" "$PAYMENTS"
