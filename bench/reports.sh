#!/usr/bin/env bash
# Regenerates the committed evaluation reports under docs/reports/ with the real CLI (./flm).
#
#   bench/reports.sh [cf|warm|cold|finetune|all] [DATA_DIR]
#
#   cf        issue 3: CF models, per-user temporal 80/20, K=10, full ranking
#             -> docs/reports/cf-ml-latest-small/
#   warm      issue 5: FLM vs CF vs zero-shot text, per-user temporal 80/20, seeds 1,2,3
#             -> docs/reports/flm-warm/seed-N/ and summary.md
#   cold      issue 5: FLM vs text (and CF, which cannot score unseen items), cold-item:0.2:42,
#             candidates = held-out items, seeds 1,2,3 -> docs/reports/flm-cold/
#   finetune  issue 6: FLM frozen vs the default two-stage top-2 fine-tuning, cold-item and warm,
#             seeds 1,2,3 -> docs/reports/flm-finetune-{cold,warm}/ (bench/fine-tune.sh report,
#             about 5 min per pair on 2 idle cores); FINETUNE_PARAMS adds evaluate options.
#   all       cf, warm, cold (default; finetune only when asked for)
#
# Seeds: `flm evaluate` takes one --seed; this script runs it once per seed and
# bench/reports-summary.py writes the mean and spread per model (summary.md). Models that ignore the
# seed (mostpop, itemknn, ease, text) run with the first seed only. Environment: SEEDS (default
# "1 2 3"), FLM_JAVA_OPTS (passed to ./flm).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
DATA="${2:-../shared/data/ml-latest-small}"
SEEDS="${SEEDS:-1 2 3}"
FINETUNE_PARAMS="${FINETUNE_PARAMS:-}"
METRICS=ndcg@10,recall@10,hr@10
WARM=(--data "$DATA" --protocol user-temporal:0.2 --metrics "$METRICS")
COLD=(--data "$DATA" --protocol cold-item:0.2:42 --metrics "$METRICS")

run() { # run OUT_DIR ARGS... : one evaluate, printed before it runs
  echo "+ ./flm -q evaluate $* " >&2
  local out="$1"; shift
  local notes=""
  if [[ -f "$out/README.md" ]]; then # a hand-written page beside the report survives the rerun
    notes=$(mktemp); cp "$out/README.md" "$notes"
  fi
  rm -rf "$out"
  ./flm -q evaluate "$@" --out "$out"
  if [[ -n "$notes" ]]; then mv "$notes" "$out/README.md"; fi
}

seeded() { # seeded DIR TITLE FIRST_SEED_MODELS OTHER_SEED_MODELS ARGS...
  local dir="$1" title="$2" first="$3" others="$4"; shift 4
  local n=0
  for s in $SEEDS; do
    local models="$others"; [[ $n == 0 ]] && models="$first"
    run "$dir/seed-$s" "$@" --models "$models" --seed "$s"
    n=$((n + 1))
  done
  python3 bench/reports-summary.py "$dir" "$title" ndcg@10 recall@10 hit@10
}

case "$what" in
  cf|all)
    run docs/reports/cf-ml-latest-small "${WARM[@]}" --models mostpop,itemknn,bpr,als,ease
    ;;&
  warm|all)
    seeded docs/reports/flm-warm "FLM vs CF vs zero-shot text, warm (user-temporal:0.2)" \
      mostpop,itemknn,bpr,als,ease,text,flm bpr,als,flm "${WARM[@]}"
    ;;&
  cold|all)
    seeded docs/reports/flm-cold "FLM vs zero-shot text, cold items (cold-item:0.2:42)" \
      mostpop,als,text,flm flm "${COLD[@]}"
    ;;&
  finetune)
    for p in cold warm; do
      for s in $SEEDS; do
        rm -rf "docs/reports/flm-finetune-$p/seed-$s"
        # shellcheck disable=SC2086
        DATA="$DATA" bash bench/fine-tune.sh report "$p" "$s" $FINETUNE_PARAMS
      done
    done
    ;;
  cf|warm|cold|all) ;;
  *) echo "usage: bench/reports.sh [cf|warm|cold|finetune|all] [DATA_DIR]" >&2; exit 2 ;;
esac
