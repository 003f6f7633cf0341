#!/usr/bin/env bash
# The CUDA route, end to end: build a CUDA flavour, then run README's first command, a small
# landscape and `lla bench` on the GPU and the same seeds on the CPU, and compare.
#
#   scripts/gpu-check.sh                    # CUDA build, GPU against CPU
#   LLA_GPU=cpu scripts/gpu-check.sh        # a dry run of the script itself on a machine without GPU
#
# The build: with PYTORCH_LIBRARY_PATH set (your own CUDA libtorch 2.7.1, README "GPU", route 2)
# the default build; otherwise LLA_MAVEN_ARGS (default -Pcuda124, route 1). Either way one jar
# serves both devices, so the CPU numbers come from the same build. Afterwards, delete cli/target
# to go back to the CPU build.
# Extra models for `lla bench` (e.g. the ResNet18 fixture of scripts/make_scale_fixtures.py):
#   LLA_GPU_BENCH_MODELS="target/fixtures/resnet18.pt" (3x32x32 inputs; data: LLA_GPU_BENCH_DATA).
# Prints a table; exits 1 if a comparison fails, 2 if --device auto does not pick the GPU.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
gpu="${LLA_GPU:-cuda}"
out="${LLA_GPU_CHECK_OUT:-$root/target/gpu-check}"
rm -rf "$out" && mkdir -p "$out"
py="${PYTHON:-python3}"

# 1. The build.
if [ "$gpu" != cpu ]; then
  if [ -z "${PYTORCH_LIBRARY_PATH:-}" ]; then
    export LLA_MAVEN_ARGS="${LLA_MAVEN_ARGS:--Pcuda124}"
  fi
  echo "== build (${LLA_MAVEN_ARGS:-default flavour, libtorch from ${PYTORCH_LIBRARY_PATH:-the jar}})" >&2
  rm -rf cli/target
fi
./lla --version >&2
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader >&2

lenet=(--model testdata/models/lenet-bn-trained.pt --data testdata/mnist)
time_of() { # time_of NAME CMD... : runs CMD, records its wall nanoseconds in $out/NAME.time
  local name=$1; shift
  local start
  start=$(date +%s%N)
  "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || { echo "FAILED: $*" >&2; tail -n 5 "$out/$name.stderr" >&2; exit 1; }
  echo $(( $(date +%s%N) - start )) >"$out/$name.time"
}

# 2. README's first command, on each device, same seed.
for dev in "$gpu" cpu; do
  echo "== hesd on $dev" >&2
  time_of "hesd-$dev" ./lla hesd "${lenet[@]}" --device "$dev" --out "$out/hesd-$dev" --quiet
done
# 3. A small landscape, on each device.
for dev in "$gpu" cpu; do
  echo "== landscape on $dev" >&2
  time_of "landscape-$dev" ./lla landscape "${lenet[@]}" --steps 10 --dist 1 --device "$dev" \
    --out "$out/landscape-$dev" --quiet
done
# 4. --device auto must pick the GPU when there is one.
echo "== hesd --device auto" >&2
time_of hesd-auto ./lla hesd "${lenet[@]}" --nhes 1 --iterations 5 --top-k 1 --trace-samples 0 \
  --out "$out/hesd-auto" --quiet
# 5. lla bench on the GPU: LeNet, and the scale fixtures if given.
echo "== bench on $gpu" >&2
time_of bench-lenet ./lla bench "${lenet[@]}" --device "$gpu" --batch-size 512 --out "$out/bench-lenet" --quiet
for model in ${LLA_GPU_BENCH_MODELS:-}; do
  name=$(basename "$model" .pt)
  time_of "bench-$name" ./lla bench --model "$model" --data "${LLA_GPU_BENCH_DATA:-testdata/cifar10}" \
    --device "$gpu" --batch-size 64 --out "$out/bench-$name" --quiet
done

# 6. The comparison and the table.
"$py" - "$out" "$gpu" <<'PY'
import json, os, sys
out, gpu = sys.argv[1], sys.argv[2]
def load(name, file):
    with open(os.path.join(out, name, file)) as f:
        return json.load(f)
def secs(name):
    with open(os.path.join(out, name + ".time")) as f:
        return int(f.read()) / 1e9
def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-12)
failures = []
g, c = load("hesd-" + gpu, "hesd.json"), load("hesd-cpu", "hesd.json")
rows = []
for name, a, b, tol in [
        ("λ1", g["results"]["topEigenvalues"][0], c["results"]["topEigenvalues"][0], 1e-3),
        ("λ2", g["results"]["topEigenvalues"][1], c["results"]["topEigenvalues"][1], 1e-3),
        ("λmin", g["results"]["minEigenvalue"], c["results"]["minEigenvalue"], 1e-2),
        ("trace", g["results"]["trace"]["mean"], c["results"]["trace"]["mean"], 1e-3),
        ("loss batch 0", g["results"]["batches"][0]["loss"], c["results"]["batches"][0]["loss"], 1e-4)]:
    ok = rel(a, b) <= tol
    rows.append((name, a, b, rel(a, b), tol, ok))
    if not ok:
        failures.append(name)
lg, lc = load("landscape-" + gpu, "landscape.json"), load("landscape-cpu", "landscape.json")
def losses(doc):
    values = doc["results"]["loss"]
    flat = []
    def walk(v):
        if isinstance(v, list):
            for x in v:
                walk(x)
        elif v is not None:
            flat.append(v)
    walk(values)
    return flat
worst = max(rel(a, b) for a, b in zip(losses(lg), losses(lc)))
rows.append(("landscape losses (worst)", float("nan"), float("nan"), worst, 1e-4, worst <= 1e-4))
if worst > 1e-4:
    failures.append("landscape")
print(f"{'quantity':26} {gpu:>14} {'cpu':>14} {'rel. diff':>10} {'tol':>7}  ok")
for name, a, b, r, tol, ok in rows:
    print(f"{name:26} {a:14.6g} {b:14.6g} {r:10.2e} {tol:7.0e}  {'yes' if ok else 'NO'}")
print()
print(f"{'wall seconds':26} {gpu:>14} {'cpu':>14}")
for cmd in ["hesd", "landscape"]:
    print(f"{cmd:26} {secs(cmd + '-' + gpu):14.1f} {secs(cmd + '-cpu'):14.1f}")
for cmd in ["hesd", "landscape"]:
    for dev in [gpu, "cpu"]:
        cost = load(cmd + "-" + dev, cmd + ".json").get("cost", {})
        print(f"{cmd} on {dev}: cost {json.dumps(cost)[:200]}")
auto = load("hesd-auto", "hesd.json")["provenance"]["device"]
print(f"\n--device auto ran on: {auto}")
for entry in sorted(os.listdir(out)):
    if entry.startswith("bench-") and os.path.isdir(os.path.join(out, entry)):
        with open(os.path.join(out, entry + ".stdout")) as f:
            print(f"\n== {entry} on {gpu}\n" + f.read().strip())
if failures:
    print("\nFAILED: " + ", ".join(failures))
    sys.exit(1)
if gpu != "cpu" and not ("gpu" in auto or "cuda" in auto):
    print("\nFAILED: --device auto did not pick the GPU")
    sys.exit(2)
PY
