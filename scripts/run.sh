#!/usr/bin/env bash
# Start the club site on the embedded default: prepare (scripts/prepare.sh), then run the
# web server and the task worker together. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/prepare.sh  # .env (DEBUG=1, a key), migrations, demo data once
PORT="${PORT:-8000}"
# Links the site writes (referrals, sitemap, API html_url, admin preview) point at the port
# it really runs on.
export SITE_BASE_URL="${SITE_BASE_URL:-http://127.0.0.1:${PORT}}"
PY=.venv/bin/python

$PY manage.py db_worker --queue-name '*' --no-reload &
WORKER=$!
# Scheduled publications and licences taking effect: enqueued every minute, run by the worker.
$PY manage.py content_scheduler &
SCHEDULER=$!
# The service clock: severity time rules, monthly statistics and the public summary's draft.
$PY manage.py service_scheduler &
SERVICE_CLOCK=$!
# Held seats expiring, waiting-list seats to pay for, missed Stripe webhooks: every minute.
$PY manage.py payments_scheduler &
PAYMENTS=$!
# No Stripe key configured: a local, offline Stripe (localstripe) on loopback, delivering
# signed webhooks to this site. With STRIPE_SECRET_KEY set (README), real Stripe is used.
STRIPE_LOCAL=
if [ -z "${STRIPE_SECRET_KEY:-}" ] && ! grep -qs '^STRIPE_SECRET_KEY=.' "${ENV_FILE:-.env}"; then
    $PY manage.py localstripe &
    STRIPE_LOCAL=$!
fi
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
WEB=$!

stop() {
    kill "$WEB" "$WORKER" "$SCHEDULER" "$SERVICE_CLOCK" "$PAYMENTS" $STRIPE_LOCAL 2>/dev/null || true
    wait "$WEB" "$WORKER" "$SCHEDULER" "$SERVICE_CLOCK" "$PAYMENTS" $STRIPE_LOCAL 2>/dev/null || true
}
trap stop INT TERM EXIT

cat <<MSG

  万客会 is running on http://127.0.0.1:${PORT}/
    admin:   http://127.0.0.1:${PORT}/admin/
    GraphQL: http://127.0.0.1:${PORT}/graphql/
  Demo logins (password club-demo-2026):
    staff:  admin, editor, reviewer, legal, service, marketing, sales
    member: 13800138000 or member@example.com
  Press Ctrl-C to stop.

MSG
wait -n "$WEB" "$WORKER" "$SCHEDULER" "$SERVICE_CLOCK" "$PAYMENTS"
