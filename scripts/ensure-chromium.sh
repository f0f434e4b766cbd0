#!/usr/bin/env bash
# Browser tests use Debian's chromium (tools that download their own browser cannot
# work offline). Install it when missing and we are root; otherwise say what to do.
set -euo pipefail
bin="${CHROME_PATH:-/usr/bin/chromium}"
if [ -x "$bin" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing: installing Debian's chromium package (one time)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  [ -x "$bin" ] && exit 0
fi
cat >&2 <<MSG
Luukku's browser tests need Chromium at $bin.
Install it as root with:
  apt-get update && apt-get install -y chromium
or point CHROME_PATH at an existing Chromium or Chrome binary.
MSG
exit 1
