#!/usr/bin/env bash
# Puts software Vulkan (Mesa's lavapipe) in place on Debian bookworm so Dawn can run WebGPU
# without a GPU. Bookworm's own Mesa is too old for Dawn, so lavapipe comes from bookworm-backports.
# Idempotent; does nothing where a Vulkan loader and the lavapipe ICD are already installed.
# Also installs Chromium (for the browser tests) when called with --chromium.
set -euo pipefail

want_chromium=0
[ "${1:-}" = "--chromium" ] && want_chromium=1

have_lavapipe() {
  ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1 && ldconfig -p | grep -q 'libvulkan.so.1'
}

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi

need_apt=0
have_lavapipe || need_apt=1
if [ $want_chromium = 1 ] && [ ! -x /usr/bin/chromium ]; then need_apt=1; fi
[ $need_apt = 1 ] || { echo "setup-vulkan: software Vulkan already installed"; exit 0; }

if [ ! -f /etc/debian_version ]; then
  echo "setup-vulkan: not a Debian system; install a Vulkan driver (or use a GPU) by your platform's means" >&2
  exit 1
fi

src=/etc/apt/sources.list.d/debian.sources
if ! have_lavapipe; then
  if [ -f "$src" ] && ! grep -q 'bookworm-backports' "$src"; then
    # Add backports to the first Suites: line only, keeping the mirror URI that is already configured.
    $SUDO sed -i '0,/^Suites:/{s/^Suites:\(.*\)$/Suites:\1 bookworm-backports/}' "$src"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
fi
if [ $want_chromium = 1 ] && [ ! -x /usr/bin/chromium ]; then
  [ -n "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ] || $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
echo "setup-vulkan: done ($(ls /usr/share/vulkan/icd.d/ | tr '\n' ' '))"
