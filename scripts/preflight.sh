#!/usr/bin/env bash
# Before `make test` spends minutes: the system packages the browser tests need.
# Installs them when it can (root with apt, as .ci/run does); otherwise stops at once
# with the one command to run. CHROMIUM_PATH points at another Chromium.
set -euo pipefail

missing=()
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if ! [ -x "$chromium" ] && ! command -v "$chromium" >/dev/null 2>&1; then
    missing+=(chromium)
fi
# Chinese text in the browser tests' pages (and screenshots) needs a CJK font.
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -qi "noto.*cjk"; }; then
    missing+=(fonts-noto-cjk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing ${missing[*]} for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
fi
echo "make test needs ${missing[*]} for the browser tests. Install, then run make test again:" >&2
if command -v apt-get >/dev/null 2>&1; then
    echo "    sudo $command" >&2
else
    echo "    (Debian/Ubuntu) sudo $command — or set CHROMIUM_PATH to a Chromium binary" >&2
fi
exit 1
