#!/usr/bin/env bash
# Submits a sharded washboard run to SLURM: an array of SHARDS GPU tasks, then a merge job that
# starts only when all of them have succeeded (afterok).
#
#   examples/slurm/submit.sh SHARDS [washboard rate options...]
#   examples/slurm/submit.sh 16 --barrier-kT 8 --Q 10 --trajectories 100000000 --seed 17
#   WASHBOARD_COMMAND="sweep switching" examples/slurm/submit.sh 16 --over theta=0.002:0.02:16:log --Q 10 --trajectories 100000
#       (a sweep: one grid point per task here; merged.json holds its rows as washboard.sweep JSON, merged.txt as CSV)
#
# Shard files, logs and the merged report go to $WASHBOARD_OUT (default ./washboard-shards).
# Extra sbatch options (partition, account, ...) can be given in SBATCH_ARGS.
set -euo pipefail
if [[ $# -lt 1 || ! "$1" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 SHARDS [washboard rate options...]" >&2
  exit 2
fi
shards=$1
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${WASHBOARD_OUT:-washboard-shards}
mkdir -p "$out"
export WASHBOARD_SLURM_DIR=$here WASHBOARD_ARGS="$*" WASHBOARD_OUT=$out
read -r -a extra <<< "${SBATCH_ARGS:-}"

array_job=$(sbatch --parsable "${extra[@]}" --array="0-$((shards - 1))" --output="$out/%x-%A_%a.log" --export=ALL "$here/washboard-array.sbatch")
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable "${extra[@]}" --dependency="afterok:$array_job" --output="$out/%x-%j.log" --export=ALL "$here/washboard-merge.sbatch")
merge_job=${merge_job%%;*}
echo "shards: job array $array_job ($shards tasks); merge: job $merge_job (after all succeed)"
echo "result: $out/merged.txt and $out/merged.json"
