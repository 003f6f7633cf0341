#!/usr/bin/env bash
# One Hessian spectrum (lla hesd) split across a Slurm job array, then joined by a dependent merge job.
#
#   sbatch scripts/slurm-hesd.sh                 # submits the 8 shard tasks; task 0 submits the merge
#
# The job's pieces (each SLQ run, the extreme-eigenvalue search and the trace of every Hessian, in
# run order) are dealt out: piece k belongs to task k mod 8 (SLURM_ARRAY_TASK_ID, 0-based). Each
# task writes $OUT/hesd.shard-<i>-of-8.json; a finished piece is journaled in
# $OUT/hesd.shard-<i>-of-8.partial.json, so a requeued task resumes with --resume. The merge job
# runs when every task succeeded (afterok), checks that the shards are one job (options, inputs and
# seed), each piece once, and writes $OUT/merged/hesd.json and hesd.png, the results of one
# unsharded run bit for bit. It reruns the job on the shards' pieces, so it needs the model and data
# and must run in the directory the tasks ran in (Slurm's default: the submit directory).
# Edit the #SBATCH lines and LLA_ARGS for your cluster and model.
#SBATCH --job-name=lla-hesd
#SBATCH --array=0-7
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=02:00:00
#SBATCH --output=lla-hesd-%A_%a.log
set -euo pipefail

SHARDS=8
LLA="${LLA:-./lla}"
OUT="${OUT:-lla-out/hesd-sharded}"
LLA_ARGS=(--model testdata/models/lenet-bn-trained.pt --data testdata/mnist --batch-size 128
          --batches 4 --nhes 10 --iterations 100 --seed 0)
# HESD_ARGS="..." replaces them (split on spaces), e.g. for a small trial run by hand.
if [ -n "${HESD_ARGS:-}" ]; then
  read -r -a LLA_ARGS <<< "$HESD_ARGS"
fi
LLA_ARGS+=(--out "$OUT")

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "run with sbatch: this script is a Slurm job array (--array=0-$((SHARDS - 1)))" >&2
  exit 2
fi

"$LLA" hesd "${LLA_ARGS[@]}" --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" --resume --quiet

# The first task submits the merge, to start once every task of this array has succeeded.
if [ "$SLURM_ARRAY_TASK_ID" = 0 ] && [ -n "${SLURM_ARRAY_JOB_ID:-}" ]; then
  sbatch --dependency="afterok:$SLURM_ARRAY_JOB_ID" --job-name=lla-hesd-merge \
         --output=lla-hesd-merge-%j.log \
         --wrap="$LLA merge --out $OUT/merged $OUT"
fi
