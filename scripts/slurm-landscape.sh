#!/usr/bin/env bash
# One loss landscape split across a Slurm job array, then joined by a dependent merge job.
#
#   sbatch scripts/slurm-landscape.sh            # submits the 8 shard tasks and the merge
#
# Each array task computes the grid rows r with r mod 8 = SLURM_ARRAY_TASK_ID (0-based) and writes
# $OUT/landscape.shard-<i>-of-8.json; a finished row is journaled, so a requeued task resumes with
# --resume. The merge job runs when every task succeeded (afterok) and writes $OUT/landscape.json and
# the PNGs, exactly what one unsharded run writes. All tasks must see the same model, data, options
# and seed, on the same kind of machine (lla merge checks fingerprints, direction digests and the
# origin loss). Edit the #SBATCH lines and LLA_ARGS for your cluster and model.
#SBATCH --job-name=lla-landscape
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=lla-landscape-%A_%a.log
set -euo pipefail

SHARDS=8
LLA="${LLA:-./lla}"
OUT="${OUT:-lla-out/landscape-41}"
LLA_ARGS=(--model testdata/models/lenet-bn-trained.pt --data testdata/mnist --batch-size 2048
          --steps 40 --dist 1 --seed 0 --out "$OUT")

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "run with sbatch: this script is a Slurm job array (--array=0-$((SHARDS - 1)))" >&2
  exit 2
fi

"$LLA" landscape "${LLA_ARGS[@]}" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --resume --quiet

# The first task submits the merge, to start once every task of this array has succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = 0 ]; then
  shards=()
  for ((i = 0; i < SHARDS; i++)); do
    shards+=("$OUT/landscape.shard-$i-of-$SHARDS.json")
  done
  sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=lla-landscape-merge \
         --output=lla-landscape-merge-%j.log \
         --wrap="$LLA landscape merge --out $OUT ${shards[*]}"
fi
