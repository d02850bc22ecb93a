#!/usr/bin/env bash
# One command for a whole benchmark session on this machine: washboard bench (tunables, sizes,
# scaling), every available peer side by side (bench/peers/run_peers.sh), and the time to a 1%
# answer (bench/time-to-answer.sh). Results go to bench/results/<label>-*.json.
#   bash bench/run-all.sh [--label NAME] [--quick]
# On the lent GPU machine, after `npm ci && npm run build && bash ../shared/gpu/pack.sh` here:
#   run(carry [".gpu"]): NODE="bash .gpu/enter.sh node" bash bench/run-all.sh --label h100
# --quick shrinks every run (for checking the scripts on lavapipe; its numbers mean little).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
label=$(hostname); quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --label) label=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "run-all: unknown option $1" >&2; exit 2 ;;
  esac
done
export NODE=${NODE:-node}
read -r -a node_cmd <<< "$NODE"
out=${OUT_DIR:-bench/results}
mkdir -p "$out"
if [ $quick = 1 ]; then
  bench_args=(--max-trajectories 16384 --repeats 1 --workgroup-sizes 64 --steps 400 --scaling --scaling-steps 8)
  peer_args=(--trajectories 16384 --steps 400)
  answer_args=(--error 0.1 --barrier-kT 6)
else
  bench_args=(--scaling)
  peer_args=()
  answer_args=(--error 0.01 --barrier-kT 10)
fi
echo "== washboard bench" >&2
"${node_cmd[@]}" dist/cli.js bench "${bench_args[@]}" --out "$out/$label-bench.json"
echo "== peers, side by side" >&2
bash bench/peers/run_peers.sh "${peer_args[@]}" --out "$out/$label-peers.json"
echo "== time to answer" >&2
bash bench/time-to-answer.sh "${answer_args[@]}" --out "$out/$label-time-to-answer.json"
echo "results: $out/$label-{bench,peers,time-to-answer}.json" >&2
