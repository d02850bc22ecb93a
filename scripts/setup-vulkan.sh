#!/usr/bin/env bash
# Puts software Vulkan (Mesa's lavapipe) in place on Debian bookworm so Dawn can run WebGPU
# without a GPU. Bookworm's own Mesa is too old for Dawn, so lavapipe comes from bookworm-backports.
# Idempotent: does nothing where a Vulkan loader and a driver (a GPU's or lavapipe) are installed.
set -euo pipefail

have_vulkan() {
  # A GPU driver's ICD, or lavapipe's, next to the Vulkan loader.
  ldconfig -p | grep -q 'libvulkan.so.1' || return 1
  compgen -G '/usr/share/vulkan/icd.d/*.json' >/dev/null || compgen -G '/etc/vulkan/icd.d/*.json' >/dev/null
}

if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi

have_vulkan && { echo "setup-vulkan: a Vulkan loader and driver are installed"; exit 0; }

if [ ! -f /etc/debian_version ]; then
  echo "setup-vulkan: not a Debian system; install a Vulkan driver (or use a GPU) by your platform's means" >&2
  exit 1
fi

src=/etc/apt/sources.list.d/debian.sources
if [ -f "$src" ] && ! grep -q 'bookworm-backports' "$src"; then
  # Add backports to the first Suites: line only, keeping the mirror URI that is already configured.
  $SUDO sed -i '0,/^Suites:/{s/^Suites:\(.*\)$/Suites:\1 bookworm-backports/}' "$src"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
echo "setup-vulkan: done ($(ls /usr/share/vulkan/icd.d/ | tr '\n' ' '))"
