#!/usr/bin/env bash
# Everything a fresh clone needs before it can run or test washboard, so that `npm start` and
# `npm test` each work as the first command on a new machine:
#   - software Vulkan (lavapipe) when the machine has no Vulkan driver (Debian bookworm);
#   - the npm packages, when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-vulkan.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
