#!/usr/bin/env bash
# Speed of the CF models on a generated ML-20M-scale matrix (issue 3).
# Usage: bench/cf.sh [threads]   (default 2: the CI machine's cores; 0 = every core)
# Prints: ALS s/iteration (64 factors) and its peak heap under -Xmx4g, BPR s/epoch over 20M
# events, top-10 for all 138k users over 27k items (64 factors).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
threads="${1:-2}"
bench_build
run() { bench_java 4g dev.flm.bench.CfBench "$@"; }
run als "$threads" 3
run bpr "$threads" 2
run topk "$threads" 2
