#!/usr/bin/env bash
# FLM speed benchmark (issue 5) on 2 cores: training on MovieLens latest-small with cached text
# vectors until early stopping, and top-10 for all 610 users from the exported arrays.
# Usage: bench/flm-speed.sh [DATA_DIR] [flm key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DskipTests
DATA="${1:-../shared/data/ml-latest-small}"; shift || true
PIN=(); command -v taskset >/dev/null && PIN=(taskset -c 0,1)
exec "${PIN[@]}" java --enable-native-access=ALL-UNNAMED -Xmx4g -XX:ActiveProcessorCount=2 -Dai.djl.pytorch.num_threads=2 \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.flm.bench.FlmSpeedBench "$DATA" "$@"
