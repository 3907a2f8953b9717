#!/usr/bin/env bash
# Feedback replay benchmark: a router trained without MMLU serves a seeded MMLU sample as live traffic, learns from
# the outcomes revealed for its own decisions (plus a 5% shadow sample of the top tier) and is retrained after every
# window; writes benchmarks/results/feedback-replay.md and feedback-replay.svg. About 10 minutes on 2 busy cores.
#
#   benchmarks/feedback-replay.sh [--stream 6000] [--window 750] [--test 2000] [--shadow 0.05] [--holdout 250]
#                                 [--seed 20261203] [--shared ../shared] [--work /tmp/tierwise-feedback-replay]
#
# The embedding cache is $TIERWISE_CACHE_DIR (default /tmp/cache-retrain), never the shared ~/.cache one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TIERWISE_CACHE_DIR="${TIERWISE_CACHE_DIR:-/tmp/cache-retrain}"

./tierwise mvn -B -q -o -DskipTests -Dspotless.check.skip=true package -pl benchmarks -am >&2
JAVA_HOME="$(./tierwise mvn -v 2>/dev/null | sed -n 's/^Java version.*runtime: //p' | head -1)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Dai.djl.offline=true -DOPT_OUT_TRACKING=true --enable-native-access=ALL-UNNAMED \
  --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g \
  -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.tierwise.bench.FeedbackReplay "$@"
