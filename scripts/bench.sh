#!/usr/bin/env bash
# lla's overhead over libtorch, measured in one process by `lla bench` (see docs/benchmarks.md):
#   one Hessian-vector product against one forward + backward pass (goal <= 2.5x),
#   an SLQ run's wall time against the sum of its products (goal <= 1.10x), full and partial
#   re-orthogonalization, a landscape grid point against a forward (goal <= 1.15x),
#   page faults per product / SLQ step / grid point and memory across many products (goal: flat).
# Models: the bundled BatchNorm LeNet (batches 128 and 512, eval and train mode), then the scale
# fixtures of scripts/make_scale_fixtures.py (ResNet18 and a small ViT at batch 64 on 32x32 data),
# skipped with a message when they have not been generated. Ends with a table from the bench.json
# files (peak RSS from /usr/bin/time when it is installed).
# Run it on a quiet machine: libtorch's OpenMP threads slow down badly when cores are shared.
# Usage: scripts/bench.sh [extra lla bench options, e.g. --device cuda]
#   LLA_SCALE_ARGS  options for the scale models (default: short runs that fit in ~3 minutes each)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${LLA_BENCH_OUT:-$root/target/bench}"
scale="${LLA_SCALE_DIR:-$root/target/scale}"
mkdir -p "$out"
timed() {  # timed NAME lla-args...: runs lla bench, keeps peak RSS in $out/NAME/maxrss-kib
  local name="$1"; shift
  mkdir -p "$out/$name"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$out/$name/maxrss-kib" "$root/lla" bench --out "$out/$name" --quiet "$@"
  else
    "$root/lla" bench --out "$out/$name" --quiet "$@"
  fi
}
for mode in eval train; do
  for batch in 128 512; do
    echo "== LeNet-BN, batch $batch, $mode mode"
    timed "lenet-$mode-$batch" --model "$root/testdata/models/lenet-bn-trained.pt" --data "$root/testdata/mnist" \
      --batch-size "$batch" --mode "$mode" "$@"
  done
done
# shellcheck disable=SC2206
scale_args=(${LLA_SCALE_ARGS:---batch-size 64 --repeats 3 --iterations 20 --memory-products 30 --landscape-steps 4})
for m in resnet18 vit-small; do
  if [ ! -f "$scale/$m.pt" ] || [ ! -d "$scale/cifar" ]; then
    echo "== $m: skipped, $scale/$m.pt or $scale/cifar missing (run /usr/bin/python3 scripts/make_scale_fixtures.py)"
    continue
  fi
  echo "== $m, 32x32 synthetic CIFAR-format data, ${scale_args[*]}"
  timed "$m" --model "$scale/$m.pt" --data "$scale/cifar" --split test "${scale_args[@]}" "$@"
done
python3 - "$out" <<'PY'
import glob, json, os, sys
print("\n| run | P | batch | forward | fwd+bwd | HVP (full / graph) | HVP/fwd+bwd | SLQ/products | landscape/forward | faults per product / SLQ step / point | native heap growth | peak RSS |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*", "bench.json"))):
    d = json.load(open(f)); r = d["results"]; m = r["measurements"]; ls = r.get("landscape") or {}
    rss = os.path.join(os.path.dirname(f), "maxrss-kib")
    peak = f"{int(open(rss).read().split()[-1]) / 1024:.0f} MiB" if os.path.exists(rss) else "-"
    land = f"{r['landscapePointOverForward']:.2f}" if "landscapePointOverForward" in r else "-"
    fpp = f"{ls['faultsPerPoint']:.1f}" if "faultsPerPoint" in ls else "-"
    print(f"| {os.path.basename(os.path.dirname(f))} | {m['parameters']:,} | {m['batchSize']} | {m['forwardMillis']:.1f} ms"
          f" | {m['forwardBackwardMillis']:.1f} ms | {m['fullHvpMillis']:.1f} / {m['graphHvpMillis']:.1f} ms"
          f" | {r['hvpOverForwardBackward']:.2f} | {r['slqOverHvps']:.3f} ({m['slqIterations']} steps) | {land}"
          f" | {m.get('faultsPerProduct', float('nan')):.1f} / {m.get('faultsPerSlqStep', float('nan')):.1f} / {fpp}"
          f" | {r['nativeGrowthMib']:+.1f} MiB over {m['memoryProducts']} | {peak} |")
PY
