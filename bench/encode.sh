#!/usr/bin/env bash
# Encoding benchmark (issue 4): every ml-latest-small movie text with all-minilm-l6-v2 fp32 and
# int8 on 2 threads, tuned vs a naive fixed-batch loop, against ONNX Runtime's MatMul rate.
#   bench/encode.sh [--threads 2] [--data DIR] [--limit N]
# Pin to two cores with e.g. `taskset -c 0,1 bench/encode.sh` on a bigger machine.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
bench_java 2g dev.flm.bench.EncodeBench "$@"
