#!/usr/bin/env bash
# The digits generalization experiment of issue #4, both ways: a LeNet-BN trained on the MNIST
# slice and measured on the 8×8 UCI digits, and one trained on the digits and measured on MNIST.
# The digits are upsampled to 20×20 and padded by 4 to 28×28: MNIST's own framing (each digit
# fitted in a 20×20 box centred in 28×28). Every checkpoint: accuracy, loss, KH05, KH1, re on A and B, the
# changes B − A and their correlations (lla generalize).
#
# Usage: scripts/generalize-digits.sh [OUT]   (default experiments/digits)
# Settings through the environment: EPOCHS (20), EVERY (2: a checkpoint every 2 epochs), NHES (10), ITERATIONS (100), BATCHES (4),
# BATCH_SIZE (64: the digits' test split holds 297 samples), SEED (0).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-experiments/digits}
EPOCHS=${EPOCHS:-20}
EVERY=${EVERY:-2}
DIGITS=(--resize 20x20 --pad 4)
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}  # libtorch's rounding depends on its thread count
SEED=${SEED:-0}
INIT=testdata/models/lenet-bn-init.pt
SLQ=(--nhes "${NHES:-10}" --iterations "${ITERATIONS:-100}" --batches "${BATCHES:-4}"
     --batch-size "${BATCH_SIZE:-64}" --seed "$SEED")

# A = MNIST, B = digits
./lla train --model "$INIT" --data testdata/mnist --split train --eval-data testdata/mnist \
    --epochs "$EPOCHS" --checkpoint-every "$EVERY" --seed "$SEED" --out "$OUT/train-mnist"
./lla generalize --series "$OUT/train-mnist" --data testdata/mnist --split test --data-name mnist \
    --target testdata/digits8x8 --target-split test --target-resize 20x20 --target-pad 4 --target-name digits \
    "${SLQ[@]}" --out "$OUT/mnist-to-digits"

# A = digits (upsampled), B = MNIST
./lla train --model "$INIT" --data testdata/digits8x8 --split train "${DIGITS[@]}" \
    --eval-data testdata/digits8x8 --epochs "$EPOCHS" --checkpoint-every "$EVERY" --seed "$SEED" \
    --out "$OUT/train-digits"
./lla generalize --series "$OUT/train-digits" --data testdata/digits8x8 --split test "${DIGITS[@]}" \
    --data-name digits --target testdata/mnist --target-split test --target-name mnist \
    "${SLQ[@]}" --out "$OUT/digits-to-mnist"

# The same correlations without the untrained checkpoint (both datasets at chance there)
for run in mnist-to-digits digits-to-mnist; do
    /usr/bin/python3 scripts/generalize_correlations.py "$OUT/$run/generalize.json" --from-epoch 1 || true
done
