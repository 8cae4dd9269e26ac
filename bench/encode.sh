#!/usr/bin/env bash
# Encoding benchmark (issue 4): every ml-latest-small movie text with all-minilm-l6-v2 fp32 and
# int8 on 2 threads, tuned vs a naive fixed-batch loop, against ONNX Runtime's MatMul rate.
#   bench/encode.sh [--threads 2] [--data DIR] [--limit N]
# Pin to two cores with e.g. `taskset -c 0,1 bench/encode.sh` on a bigger machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cpfile="$(mktemp "${TMPDIR:-/tmp}/flm-bench-cp.XXXXXX")"
trap 'rm -f "$cpfile"' EXIT
./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am package \
  dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=runtime >/dev/null
java --enable-native-access=ALL-UNNAMED -Xmx2g -cp "bench/target/classes:$(cat "$cpfile")" dev.flm.bench.EncodeBench "$@"
