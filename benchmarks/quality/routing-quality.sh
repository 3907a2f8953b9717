#!/usr/bin/env bash
# Routing-quality report: runs `tierwise eval` on RouterBench-train (5-fold, all 11 models as tiers, and the
# Mistral-7B / Mixtral-8x7B / GPT-4 cut) and on RouteLLM's MMLU, GSM8K and MT-Bench, each trained WITHOUT the
# benchmark's own prompts (train on the other two plus Arena-Bench, test on the held-out one), then renders
# benchmarks/results/routing-quality.md from the JSON next to RouteLLM's published matrix-factorisation figures.
# About 10-15 minutes on 2 busy cores (most of it embedding MMLU's 14k prompts once; later runs hit the cache).
#
#   benchmarks/quality/routing-quality.sh [--only routerbench|routellm] [--reuse] [--shared ../shared] [--work DIR]
#
# JSON per run is kept in --work (default /tmp/tierwise-routing-quality); the renderer reads every JSON present
# there, so `--only routerbench` followed by `--only routellm` gives the same report as one full run. --reuse skips
# a run whose JSON is already in --work (to finish an interrupted run).
# The embedding cache is $TIERWISE_CACHE_DIR (default /tmp/cache-quality), never the shared ~/.cache one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export TIERWISE_CACHE_DIR="${TIERWISE_CACHE_DIR:-/tmp/cache-quality}"
SHARED=../shared
WORK=/tmp/tierwise-routing-quality
ONLY=all
REUSE=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) ONLY="$2"; shift 2 ;;
    --reuse) REUSE=true; shift ;;
    --shared) SHARED="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    *) echo "routing-quality.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$ONLY" in all|routerbench|routellm) ;; *) echo "routing-quality.sh: --only takes routerbench or routellm, got: $ONLY" >&2; exit 2 ;; esac
DATA="$SHARED/data"
[[ -d "$DATA/routerbench-train" ]] || { echo "routing-quality.sh: no RouterBench data at $DATA/routerbench-train" >&2; exit 2; }
mkdir -p "$WORK"

# run NAME ARGS...: one eval, JSON to $WORK/NAME.json (written atomically so a failed run leaves no half file).
run() {
  local name="$1"; shift
  if [[ "$REUSE" == true && -s "$WORK/$name.json" ]]; then echo "== $name: reusing $WORK/$name.json" >&2; return; fi
  echo "== $name: tierwise eval $* (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  local start=$SECONDS
  ./tierwise eval "$@" --json > "$WORK/$name.json.tmp"
  mv "$WORK/$name.json.tmp" "$WORK/$name.json"
  echo "{\"seconds\": $((SECONDS - start)), \"loadavg\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" > "$WORK/$name.run.json"
}

RB="$DATA/routerbench-train"
RL="$DATA/routellm-evals"
# RouteLLM records no costs: its two tiers are priced by list prices.
TIERS2=benchmarks/quality/routellm-tiers.yaml
if [[ "$ONLY" != routellm ]]; then
  run routerbench-11 --train "$RB" --folds 5
  run routerbench-3 --train "$RB" --folds 5 --tiers mistral-7b-instruct,mixtral-8x7b-instruct,gpt-4-1106-preview
  run routerbench-2 --train "$RB" --folds 5 --tiers mixtral-8x7b-instruct,gpt-4-1106-preview
fi
if [[ "$ONLY" != routerbench ]]; then
  run routellm-mmlu --train "$RL/gsm8k" "$RL/mt_bench" "$DATA/arena-bench-v1" --test "$RL/mmlu" --tiers "$TIERS2"
  run routellm-gsm8k --train "$RL/mmlu" "$RL/mt_bench" "$DATA/arena-bench-v1" --test "$RL/gsm8k" --tiers "$TIERS2"
  run routellm-mt_bench --train "$RL/mmlu" "$RL/gsm8k" "$DATA/arena-bench-v1" --test "$RL/mt_bench" --tiers "$TIERS2"
fi
python3 benchmarks/quality/render_report.py "$WORK" benchmarks/results/routing-quality.md
echo "wrote benchmarks/results/routing-quality.md" >&2
