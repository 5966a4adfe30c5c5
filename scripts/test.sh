#!/usr/bin/env bash
# Run every test. pytest's exit code 5 ("no tests collected") is a failure here: a suite
# that ran nothing proves nothing.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pytest "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: treating as a failure" >&2
    exit 1
fi
exit "$rc"
