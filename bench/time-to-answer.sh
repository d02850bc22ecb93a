#!/usr/bin/env bash
# Wall time to a rate with a target statistical error (default 1%) at γ = 0.9, Q₀ = 10, ΔU/k_BT = 10:
# the number a physicist cares about. Every tool runs the same ensemble size N and the same horizon
# T = 3/Γ_MM (≈ 95% of trajectories escape), so each reaches N_esc ≈ 1/ε² and relative error ≈ ε.
#   bash bench/time-to-answer.sh [--error 0.01] [--barrier-kT 10] [--out FILE]
# NODE may name the node command (on the GPU machine: NODE="bash .gpu/enter.sh node").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
error=0.01; barrier=10; out=""; gamma=0.9; Q=10; dt=0.05
while [ $# -gt 0 ]; do
  case "$1" in
    --error) error=$2; shift 2 ;;
    --barrier-kT) barrier=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "time-to-answer: unknown option $1" >&2; exit 2 ;;
  esac
done
read -r -a node_cmd <<< "${NODE:-node}"
# N and T from the theory library, so every tool gets identical numbers.
read -r N T < <("${node_cmd[@]}" --input-type=module -e "
  const { melnikovMeshkovRate } = await import('$root/dist/physics/rates.js');
  const { thetaFromBarrier } = await import('$root/dist/physics/potential.js');
  const theta = thetaFromBarrier($gamma, $barrier);
  const T = 3 / melnikovMeshkovRate({ gamma: $gamma, Q0: $Q, theta });
  console.log(Math.ceil(1 / ($error * $error * (1 - Math.exp(-3)))), T);
" 2>/dev/null | tail -1)
echo "time-to-answer: ε = $error, N = $N trajectories, horizon T = $T/ω_p0, γ = $gamma, Q₀ = $Q, ΔU/k_BT = $barrier, Δτ = $dt" >&2
tmp=$(mktemp -d)
timed() { local name=$1; shift; local t0; t0=$(date +%s.%N); if "$@" > "$tmp/$name.json" 2> "$tmp/$name.err"; then echo "$name $(echo "$(date +%s.%N) - $t0" | bc)" >> "$tmp/times"; else echo "$name skipped: $(tail -c 200 "$tmp/$name.err" | tr '\n' ' ')" >&2; fi; }
common=(--gamma $gamma --Q $Q --barrier-kT $barrier --dt $dt --trajectories $N --max-time $T)
timed washboard "${node_cmd[@]}" dist/cli.js rate "${common[@]}" --json --quiet
python3 -c 'import numpy' 2>/dev/null && timed numpy python3 bench/peers/numpy_gjf.py "${common[@]}" --json --quiet
python3 -c 'import cupy; cupy.cuda.runtime.getDeviceCount()' 2>/dev/null && timed cupy python3 bench/peers/cupy_gjf.py "${common[@]}" --json --quiet
if command -v nvcc >/dev/null && nvidia-smi >/dev/null 2>&1; then
  nvcc -O3 -arch="${NVCC_ARCH:-sm_90}" -o "$tmp/gjf_escape" bench/peers/gjf_escape.cu && timed cuda "$tmp/gjf_escape" "${common[@]}" --json
fi
python3 - "$tmp" "$out" <<'PY'
import json, sys, os
tmp, out = sys.argv[1], sys.argv[2]
rows = []
for line in open(os.path.join(tmp, "times")):
    name, seconds = line.split()
    text = open(os.path.join(tmp, name + ".json")).read()
    r = json.loads(text[text.index("{"):])
    if name == "washboard":
        m = r["measured"]; rate, esc, rel = m["rate"], m["escaped"], m["relativeError"]
    else:
        rate, esc = r["rate"], r["escaped"]; rel = 1 / esc ** 0.5
    rows.append({"tool": name, "wallSeconds": float(seconds), "rate": rate, "escaped": esc, "relativeError": rel})
base = next((r for r in rows if r["tool"] == "washboard"), None)
print(f"{'tool':10} {'wall s':>9} {'Γ/ω_p0':>11} {'N_esc':>7} {'rel.err':>8} {'time/washboard':>15}")
for r in rows:
    ratio = r["wallSeconds"] / base["wallSeconds"] if base else float("nan")
    print(f"{r['tool']:10} {r['wallSeconds']:9.1f} {r['rate']:11.4e} {r['escaped']:7d} {100*r['relativeError']:7.2f}% {ratio:15.2f}")
if out:
    json.dump({"benchmark": "time to answer", "rows": rows}, open(out, "w"), indent=2)
PY
rm -rf "$tmp"
