#!/usr/bin/env bash
# Load benchmark (issue 2): generate a 20-million-row interactions CSV (ML-20M scale) in a temp
# folder, load it into the sparse matrix with a 2 GiB heap, print rows/s and peak heap.
# Usage: bench/load.sh [rows] [threads] [tmpdir]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
bench_java 2g dev.flm.bench.LoadBenchmark "$@"
