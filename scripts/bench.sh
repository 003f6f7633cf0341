#!/usr/bin/env bash
# lla's overhead over libtorch on the bundled BatchNorm LeNet, measured in one process:
#   one Hessian-vector product against one forward + backward pass (goal <= 2.5x),
#   an SLQ run's wall time against the sum of its products (goal <= 1.10x), with full and
#   with partial re-orthogonalization,
#   resident memory before and after 1000 products (goal: flat).
# Run it on a quiet machine: libtorch's OpenMP threads slow down badly when cores are shared.
# Usage: scripts/bench.sh [extra lla bench options, e.g. --device cuda --batch-size 512]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${LLA_BENCH_OUT:-$root/target/bench}"
for mode in eval train; do
  for batch in 128 512; do
    echo "== LeNet-BN, batch $batch, $mode mode"
    "$root/lla" bench --model "$root/testdata/models/lenet-bn-trained.pt" --data "$root/testdata/mnist" \
      --batch-size "$batch" --mode "$mode" --out "$out/$mode-$batch" --quiet "$@"
  done
done
