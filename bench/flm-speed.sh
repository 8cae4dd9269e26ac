#!/usr/bin/env bash
# FLM speed benchmark (issue 5) on 2 cores: training on MovieLens latest-small with cached text
# vectors until early stopping, and top-10 for all 610 users from the exported arrays.
# Usage: bench/flm-speed.sh [DATA_DIR] [flm key=value ...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
DATA="${1:-../shared/data/ml-latest-small}"; shift || true
if command -v taskset >/dev/null; then BENCH_PIN=(taskset -c 0,1); fi
bench_java 4g -XX:ActiveProcessorCount=2 -Dai.djl.pytorch.num_threads=2 dev.flm.bench.FlmSpeedBench "$DATA" "$@"
