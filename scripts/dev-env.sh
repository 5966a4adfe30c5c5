#!/usr/bin/env bash
# Write the development `.env` once: DEBUG=1 and a freshly generated SECRET_KEY. Settings
# read it beneath the real environment (portal/env.py), so every `manage.py` command works
# on this machine as written. It is git-ignored and never used in production, which sets
# the real environment instead. ENV_FILE names another file.
set -euo pipefail
cd "$(dirname "$0")/.."
file="${ENV_FILE:-.env}"
[ -f "$file" ] && exit 0
key=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
umask 077
cat >"$file" <<ENV
# Development settings written by \`make run\` (git-ignored); delete to regenerate.
DEBUG=1
SECRET_KEY=${key}
ENV
echo "Wrote ${file} (DEBUG=1 and a generated SECRET_KEY) for local development."
