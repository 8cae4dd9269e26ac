#!/usr/bin/env bash
# FLM quality benchmark (issue 5): NDCG@10 on MovieLens latest-small, mean ± sd over seeds, FLM vs
# the CF models and the zero-shot text model on the warm per-user temporal 80/20 split, and FLM vs
# text on the cold-item split (20 % of items held out, seed 42; candidates = held-out items).
# Usage: bench/flm-quality.sh [DATA_DIR] [warm|cold|both] [seeds=3] [models=a,b] [flm key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DskipTests
DATA="${1:-../shared/data/ml-latest-small}"; shift || true
exec java --enable-native-access=ALL-UNNAMED -Xmx6g -Dai.djl.pytorch.num_threads="${FLM_THREADS:-2}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.flm.bench.FlmQualityBench "$DATA" "$@"
