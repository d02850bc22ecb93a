#!/usr/bin/env bash
# Puts Debian's Chromium in place for the web page's browser test (test/web/page.e2e.test.ts), which
# drives it headless through playwright-core. No browser is downloaded: playwright-core only talks to
# the distribution's /usr/bin/chromium. Idempotent: does nothing where Chromium is installed.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi

if [ -x /usr/bin/chromium ]; then
  echo "setup-chromium: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
  exit 0
fi
if [ ! -f /etc/debian_version ]; then
  echo "setup-chromium: not a Debian system; install Chromium by your platform's means and set WASHBOARD_CHROMIUM to its path" >&2
  exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
echo "setup-chromium: done ($(/usr/bin/chromium --version 2>/dev/null | tail -n 1))"
