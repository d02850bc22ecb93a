#!/usr/bin/env bash
# Runs every benchmark peer available on this machine, in one session, at the same parameters,
# then prints a table of trajectory-steps/s with ratios to washboard (or to NumPy when washboard
# is absent) and writes the combined JSON to --out.
#
#   bash bench/peers/run_peers.sh --out peers.json [--trajectories N] [--steps S] [--gamma G]
#        [--Q Q0] [--barrier-kT B] [--dt DT] [--seed K] [--peers LIST] [--timeout SEC]
#
# LIST (comma-separated, default numpy,cupy,cuda,cuda-fastsin,washboard; also numpy64):
#   numpy         numpy_gjf.py, float32                       (always available where numpy is)
#   numpy64       numpy_gjf.py --dtype float64
#   cupy          cupy_gjf.py, float32                        (needs CuPy and a CUDA device)
#   cuda          gjf_escape.cu built with nvcc, sinf         (needs nvcc and a CUDA device)
#   cuda-fastsin  the same binary with --fast-sin (__sinf)
#   washboard     node dist/cli.js bench --json               (only if `bench --help` exits 0)
#
# Environment: NODE (node command, may hold words: NODE="bash .gpu/enter.sh node"; default node),
# PYTHON (default python3), NVCC (default nvcc), NVCC_ARCH (default sm_90).
# A peer that is absent or fails is listed with the reason and never given a number.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
PYTHON=${PYTHON:-python3}
NODE=${NODE:-node}
NVCC=${NVCC:-nvcc}
NVCC_ARCH=${NVCC_ARCH:-sm_90}

out=""
traj=262144
steps=2000
gamma=0.9
Q=10
barrier=6
dt=0.05
seed=1
peers="numpy,cupy,cuda,cuda-fastsin,washboard"
tmo=1800

while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --trajectories) traj=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --gamma) gamma=$2; shift 2 ;;
    --Q) Q=$2; shift 2 ;;
    --barrier-kT) barrier=$2; shift 2 ;;
    --dt) dt=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --peers) peers=$2; shift 2 ;;
    --timeout) tmo=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run_peers.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -n "$out" ]; then
  case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
fi

run=$(mktemp -d "${TMPDIR:-/tmp}/run_peers.XXXXXX")
trap 'rm -rf "$run"' EXIT
: > "$run/order.txt"
: > "$run/notes.txt"
common=(--gamma "$gamma" --Q "$Q" --barrier-kT "$barrier" --dt "$dt" --trajectories "$traj" --steps "$steps" --seed "$seed")

"$PYTHON" - "$run/params.json" "$traj" "$steps" "$gamma" "$Q" "$barrier" "$dt" "$seed" <<'EOF'
import json, platform, os, sys, datetime
f, traj, steps, gamma, Q, barrier, dt, seed = sys.argv[1:]
json.dump({"trajectories": int(traj), "steps": int(steps), "gamma": float(gamma), "Q": float(Q),
           "barrierKT": float(barrier), "dt": float(dt), "seed": int(seed), "mode": "throughput",
           "host": platform.node(), "cpus": os.cpu_count(),
           "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}, open(f, "w"))
EOF

want() { case ",$peers," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
note_skip() { printf '%s\t%s\n' "$1" "$2" >> "$run/notes.txt"; echo "run_peers: skip $1: $2" >&2; }
tmo_cmd=()
command -v timeout >/dev/null 2>&1 && tmo_cmd=(timeout "$tmo")

# run_peer NAME COMMAND... : stdout -> NAME.out, stderr -> NAME.err (echoed afterwards), status -> NAME.rc
run_peer() {
  local name=$1; shift
  echo "run_peers: running $name: $*" >&2
  echo "$name" >> "$run/order.txt"
  "${tmo_cmd[@]}" "$@" > "$run/$name.out" 2> "$run/$name.err"
  echo $? > "$run/$name.rc"
  cat "$run/$name.err" >&2
}

# ---- NumPy -------------------------------------------------------------------------------------
if want numpy; then
  run_peer numpy "$PYTHON" "$here/numpy_gjf.py" "${common[@]}" --json
fi
if want numpy64; then
  run_peer numpy64 "$PYTHON" "$here/numpy_gjf.py" "${common[@]}" --dtype float64 --json
fi

# ---- CuPy (the peer itself exits 3 with a reason when CuPy or a device is missing) ------------
if want cupy; then
  run_peer cupy "$PYTHON" "$here/cupy_gjf.py" "${common[@]}" --json
fi

# ---- hand-written CUDA --------------------------------------------------------------------------
if want cuda || want cuda-fastsin; then
  if ! command -v "$NVCC" >/dev/null 2>&1; then
    want cuda && note_skip cuda "nvcc not found"
    want cuda-fastsin && note_skip cuda-fastsin "nvcc not found"
  elif command -v nvidia-smi >/dev/null 2>&1 && ! nvidia-smi -L >/dev/null 2>&1; then
    want cuda && note_skip cuda "nvidia-smi finds no GPU"
    want cuda-fastsin && note_skip cuda-fastsin "nvidia-smi finds no GPU"
  else
    bin="$run/gjf_escape"
    echo "run_peers: $NVCC -O3 -arch=$NVCC_ARCH -o $bin gjf_escape.cu" >&2
    if ! "$NVCC" -O3 -arch="$NVCC_ARCH" -o "$bin" "$here/gjf_escape.cu" 2> "$run/nvcc.err"; then
      reason="nvcc failed: $(tail -c 300 "$run/nvcc.err" | tr '\n\t' '  ')"
      want cuda && note_skip cuda "$reason"
      want cuda-fastsin && note_skip cuda-fastsin "$reason"
    else
      "$bin" --selftest > "$run/selftest.out" 2>&1
      st=$?
      cat "$run/selftest.out" >&2
      if [ $st -eq 3 ] || grep -q 'KAT (device): skipped' "$run/selftest.out"; then
        reason="no usable CUDA device: $(grep 'device' "$run/selftest.out" | head -1)"
        want cuda && note_skip cuda "$reason"
        want cuda-fastsin && note_skip cuda-fastsin "$reason"
      elif [ $st -ne 0 ]; then
        want cuda && note_skip cuda "gjf_escape --selftest failed (Philox KAT or invariance check)"
        want cuda-fastsin && note_skip cuda-fastsin "gjf_escape --selftest failed"
      else
        want cuda && run_peer cuda "$bin" "${common[@]}" --json
        want cuda-fastsin && run_peer cuda-fastsin "$bin" "${common[@]}" --fast-sin --json
      fi
    fi
  fi
fi

# ---- washboard itself ---------------------------------------------------------------------------
if want washboard; then
  read -r -a node_cmd <<< "$NODE"
  if [ ! -f "$root/dist/cli.js" ]; then
    note_skip washboard "no dist/cli.js under $root (build washboard first)"
  else
    help=$(cd "$root" && "${node_cmd[@]}" dist/cli.js bench --help 2>&1)
    hrc=$?
    if [ $hrc -ne 0 ]; then
      note_skip washboard "'$NODE dist/cli.js bench --help' exited $hrc (no bench command yet?): $(printf '%s' "$help" | tail -c 200 | tr '\n\t' '  ')"
    else
      # pass only the parameters that washboard's bench help mentions (unknown flags are errors there)
      wb_args=()
      passed=()
      set -- --gamma "$gamma" --Q "$Q" --barrier-kT "$barrier" --dt "$dt" --trajectories "$traj" --steps "$steps" --seed "$seed"
      while [ $# -gt 0 ]; do
        if printf '%s\n' "$help" | grep -q -e "$1\([^A-Za-z0-9-]\|\$\)"; then
          wb_args+=("$1" "$2"); passed+=("$1")
        fi
        shift 2
      done
      echo "washboard got: ${passed[*]:-(no parameters: its bench --help lists none of ours)}" > "$run/washboard.note"
      (cd "$root" && run_peer washboard "${node_cmd[@]}" dist/cli.js bench --json "${wb_args[@]}")
    fi
  fi
fi

combine=("$PYTHON" "$here/combine_peers.py" "$run")
[ -n "$out" ] && combine+=(--out "$out")
"${combine[@]}"
