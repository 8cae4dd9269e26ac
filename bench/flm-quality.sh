#!/usr/bin/env bash
# FLM quality benchmark (issue 5): NDCG@10 on MovieLens latest-small, mean ± sd over seeds, FLM vs
# the CF models and the zero-shot text model on the warm per-user temporal 80/20 split, and FLM vs
# text on the cold-item split (20 % of items held out, seed 42; candidates = held-out items).
# Usage: bench/flm-quality.sh [DATA_DIR] [warm|cold|both] [seeds=3] [models=a,b] [flm key=value ...]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
DATA="${1:-../shared/data/ml-latest-small}"; shift || true
bench_java 6g -Dai.djl.pytorch.num_threads="${FLM_THREADS:-2}" dev.flm.bench.FlmQualityBench "$DATA" "$@"
