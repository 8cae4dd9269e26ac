#!/usr/bin/env bash
# Fine-tuning benchmarks (issue 6) on MovieLens latest-small, 2 PyTorch threads.
#   bench/fine-tune.sh speed   [flm params key=value ...]   one epoch of top-2 fine-tuning
#   bench/fine-tune.sh quality [seeds=3] [flm params ...]   frozen vs top-2 on cold and warm splits
# DATA defaults to ../shared/data/ml-latest-small. Pin to two cores with `taskset -c 0,1`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${DATA:-../shared/data/ml-latest-small}"
what="${1:-speed}"
shift || true
./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl bench -am install >/dev/null
cp="$(./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
run() {
  java -Xmx6g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
    -Dai.djl.pytorch.num_interop_threads=1 -cp "bench/target/classes:$cp" "$@"
}
case "$what" in
  speed)
    run dev.flm.bench.FineTuneSpeedBench "$data" "$@"
    ;;
  quality)
    # Same split, seeds and FLM settings; only the encoder mode differs.
    for mode in none top-2; do
      echo "== fine-tune=$mode"
      run dev.flm.bench.FlmQualityBench "$data" both models=mostpop loss=sampled-softmax negatives=256 \
        fine-tune="$mode" "$@"
    done
    ;;
  *)
    echo "usage: bench/fine-tune.sh speed|quality [params]" >&2
    exit 2
    ;;
esac
