#!/usr/bin/env bash
# Make this checkout ready to run: the development `.env`, the database migrated, and the
# demo data with a realistic member base loaded once. `make run` calls this first.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
VAR="${VAR_DIR:-var}"
# A couple of thousand generated members in the club's segment shares (with consents,
# preferences, referrals, intents and purchases), so marketing's first queries show a
# real picture; takes seconds.
DEMO_MEMBERS="${DEMO_MEMBERS:-2000}"

./scripts/dev-env.sh
$PY manage.py migrate --no-input -v0
if [ ! -f "$VAR/.demo-loaded-with-members" ]; then
    echo "Loading demo data (first run only)..."
    $PY manage.py load_demo_data --members "$DEMO_MEMBERS"
    touch "$VAR/.demo-loaded-with-members"
fi
