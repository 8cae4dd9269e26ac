#!/usr/bin/env bash
# Load benchmark (issue 2): generate a 20-million-row interactions CSV (ML-20M scale) in a temp
# folder, load it into the sparse matrix with a 2 GiB heap, print rows/s and peak heap.
# Usage: bench/load.sh [rows] [threads] [tmpdir]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -pl bench -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DskipTests
exec java --enable-native-access=ALL-UNNAMED -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.flm.bench.LoadBenchmark "$@"
