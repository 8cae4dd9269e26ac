#!/usr/bin/env bash
# Fine-tuning benchmarks (issue 6) on MovieLens latest-small, 2 PyTorch threads.
#   bench/fine-tune.sh speed   [flm params key=value ...]   one epoch of top-2 fine-tuning
#   bench/fine-tune.sh quality [seeds=3] [flm params ...]   frozen vs top-2 on cold and warm splits
#   bench/fine-tune.sh report cold|warm SEED [evaluate options ...]
#       one `flm evaluate` of frozen FLM vs top-2 fine-tuned FLM into
#       docs/reports/flm-finetune-{cold,warm}/seed-SEED, then the summary over the seeds run so far
#   bench/fine-tune.sh control SEED [evaluate options ...]
#       the same cold-item comparison on the synthetic positive control (bench/fine-tune-control.py,
#       written to target/fine-tune-control) into docs/reports/flm-finetune-control/seed-SEED
# DATA defaults to ../shared/data/ml-latest-small. Pin to two cores with `taskset -c 0,1`.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
data="${DATA:-../shared/data/ml-latest-small}"
what="${1:-speed}"
shift || true
run() { bench_java 6g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 "$@"; }
# compare DATA PROTOCOL OUT SEED TITLE [evaluate options ...]: one `flm evaluate` into OUT/seed-SEED
# (NDCG, recall and hit rate at 10), then the summary over the seeds in OUT.
compare() {
  local data="$1" protocol="$2" out="$3" seed="$4" title="$5"
  shift 5
  FLM_JAVA_OPTS="${FLM_JAVA_OPTS:--Xmx6g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1}" \
    ./flm -q evaluate --data "$data" --protocol "$protocol" --metrics ndcg@10,recall@10,hr@10 \
    --seed "$seed" --out "$out/seed-$seed" "$@"
  python3 bench/reports-summary.py "$out" "$title" ndcg@10 recall@10 hit@10
}
case "$what" in
  speed)
    bench_build
    run dev.flm.bench.FineTuneSpeedBench "$data" "$@"
    ;;
  quality)
    bench_build
    # Same split, seeds and FLM settings; only the encoder mode differs.
    for mode in none top-2; do
      echo "== fine-tune=$mode"
      run dev.flm.bench.FlmQualityBench "$data" both models=mostpop loss=sampled-softmax negatives=256 \
        fine-tune="$mode" "$@"
    done
    ;;
  report)
    split="${1:?cold or warm}"
    seed="${2:?seed}"
    shift 2
    case "$split" in
      cold) protocol=cold-item:0.2:42 ;;
      warm) protocol=user-temporal ;;
      *) echo "report: cold or warm, not $split" >&2; exit 2 ;;
    esac
    compare "$data" "$protocol" "docs/reports/flm-finetune-$split" "$seed" \
      "FLM frozen vs top-2 fine-tuned encoder, $split ($protocol)" \
      --models frozen=flm,top2=flm -p top2.fine-tune=top-2 "$@"
    ;;
  control)
    seed="${1:?seed}"
    shift
    ctl=target/fine-tune-control
    if [[ ! -f "$ctl/ratings.tsv" ]]; then # deterministic: written once, then shared by every seed
      python3 bench/fine-tune-control.py "$ctl.tmp.$$" 7
      mv -T "$ctl.tmp.$$" "$ctl" 2>/dev/null || rm -rf "$ctl.tmp.$$"
    fi
    compare "$ctl" cold-item:0.2:42 docs/reports/flm-finetune-control "$seed" \
      "Positive control (bench/fine-tune-control.py): FLM frozen vs top-2 fine-tuned, cold-item(0.2, 42)" \
      --models mostpop,frozen=flm,top2=flm -p top2.fine-tune=top-2 "$@"
    ;;
  *)
    echo "usage: bench/fine-tune.sh speed|quality|report|control [params]" >&2
    exit 2
    ;;
esac
