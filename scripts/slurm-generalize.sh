#!/usr/bin/env bash
# One generalization study (lla generalize) split across a Slurm job array, then joined by a dependent merge job.
#
#   sbatch scripts/slurm-generalize.sh           # submits the 8 shard tasks; task 0 submits the merge
#
# The job's pieces, its checkpoint x dataset cells in checkpoint-major order, are dealt out: cell k
# belongs to task k mod 8 (SLURM_ARRAY_TASK_ID, 0-based). Each
# task writes $OUT/generalize.shard-<i>-of-8.json; a finished piece is journaled in
# $OUT/generalize.shard-<i>-of-8.partial.json, so a requeued task resumes with --resume. The merge job
# runs when every task succeeded (afterok), checks that the shards are one job (options, inputs and
# seed), each piece once, and writes $OUT/merged/generalize.json, generalize.md and the PNGs, the results of one
# unsharded run bit for bit. It reruns the job on the shards' pieces, so it needs the model and data
# and must run in the directory the tasks ran in (Slurm's default: the submit directory).
# --series lla-out/train is a checkpoint series written by lla train. Edit the #SBATCH lines and LLA_ARGS for your cluster and model.
#SBATCH --job-name=lla-generalize
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=lla-generalize-%A_%a.log
set -euo pipefail

SHARDS=8
LLA="${LLA:-./lla}"
OUT="${OUT:-lla-out/generalize-sharded}"
LLA_ARGS=(--series lla-out/train --data testdata/mnist --data-name mnist --target testdata/digits8x8
          --target-resize 28x28 --target-name digits --batch-size 128 --batches 4 --nhes 10 --iterations 100
          --seed 0)
# GENERALIZE_ARGS="..." replaces them (split on spaces), e.g. for a small trial run by hand.
if [ -n "${GENERALIZE_ARGS:-}" ]; then
  read -r -a LLA_ARGS <<< "$GENERALIZE_ARGS"
fi
LLA_ARGS+=(--out "$OUT")

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "run with sbatch: this script is a Slurm job array (--array=0-$((SHARDS - 1)))" >&2
  exit 2
fi

"$LLA" generalize "${LLA_ARGS[@]}" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --resume --quiet

# The first task submits the merge, to start once every task of this array has succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = 0 ] && [ -n "${SLURM_ARRAY_JOB_ID:-}" ]; then
  sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=lla-generalize-merge \
         --output=lla-generalize-merge-%j.log \
         --wrap="$LLA merge --out $OUT/merged $OUT"
fi
