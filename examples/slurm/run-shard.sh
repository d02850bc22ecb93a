#!/usr/bin/env bash
# One shard of a sharded washboard run. washboard-array.sbatch runs it in every SLURM array task;
# a Kubernetes Indexed Job can run it as is (docs/long-runs.md); test/cli/long-runs-cli.test.ts
# runs it serially on one machine and checks the merge against the unsharded run.
#
#   run-shard.sh [washboard rate options...]      e.g. run-shard.sh --barrier-kT 8 --trajectories 1e8 --seed 17
#   WASHBOARD_COMMAND="sweep switching" run-shard.sh --over T=20mK:200mK:16 --Ic 2uA ...
#                                                 a sweep: shard i of N runs grid points k ≡ i−1 (mod N),
#                                                 so N = grid points gives one point a task
#
# Which shard, from the environment:
#   SLURM:       SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN (default 0), SLURM_ARRAY_TASK_COUNT
#                (the array must be a plain range such as --array=0-15, no step)
#   Kubernetes:  JOB_COMPLETION_INDEX (0-based) and WASHBOARD_SHARDS (the Job's completions)
# Optional:
#   WASHBOARD_OUT               directory of the shard files          [washboard-shards]
#   WASHBOARD                   the washboard command                  [washboard]
#   WASHBOARD_CHECKPOINT_EVERY  seconds between checkpoints            [60]
#   WASHBOARD_COMMAND           rate, switching, "sweep rate" or "sweep switching"  [rate]
#
# The shard file is also the shard's checkpoint: when the task runs again (requeued after
# pre-emption or a time limit) washboard continues it, bit-identically; a finished shard is only
# reported again. SIGTERM/SIGINT are passed on, so washboard writes a last checkpoint (exit 143/130).
set -euo pipefail

if [[ -n "${SLURM_ARRAY_TASK_ID:-}" ]]; then
  index=$(( SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0} + 1 ))
  count=${SLURM_ARRAY_TASK_COUNT:?SLURM_ARRAY_TASK_COUNT is not set}
elif [[ -n "${JOB_COMPLETION_INDEX:-}" ]]; then
  index=$(( JOB_COMPLETION_INDEX + 1 ))
  count=${WASHBOARD_SHARDS:?set WASHBOARD_SHARDS to the number of shards (the Job completions)}
else
  echo "run-shard.sh: no shard index: set SLURM_ARRAY_TASK_ID (SLURM array) or JOB_COMPLETION_INDEX (Kubernetes Indexed Job)" >&2
  exit 2
fi

out=${WASHBOARD_OUT:-washboard-shards}
mkdir -p "$out"
file="$out/shard-$index-of-$count.json"
read -r -a washboard <<< "${WASHBOARD:-washboard}"
read -r -a command <<< "${WASHBOARD_COMMAND:-rate}"

"${washboard[@]}" "${command[@]}" "$@" --shard "$index/$count" --checkpoint "$file" \
  --checkpoint-every "${WASHBOARD_CHECKPOINT_EVERY:-60}" --quiet > "$out/shard-$index-of-$count.txt" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
trap 'kill -INT "$child" 2>/dev/null || true' INT
rc=0
wait "$child" || rc=$?
# A trapped signal interrupts `wait`; wait again for washboard to write its checkpoint and exit.
while kill -0 "$child" 2>/dev/null; do
  rc=0
  wait "$child" || rc=$?
done
exit "$rc"
