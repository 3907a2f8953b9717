#!/usr/bin/env bash
# Load test of POST /v1/route: starts the server on a free loopback port, waits for /health/ready, runs wrk at
# several connection counts, writes req/s and latency percentiles to benchmarks/results/route-load.md, and stops
# the server. Traffic goes to 127.0.0.1 only; every run is bounded in time.
#
#   benchmarks/load/route-load.sh                 # serves with `./tierwise serve` (the trained router)
#   benchmarks/load/route-load.sh --fake-router   # serves with the deterministic test router (no model needed)
#
# Environment (all optional):
#   LOAD_DURATION=20          seconds per connection level        LOAD_CONNECTIONS="16 64 256"
#   LOAD_THREADS=2            wrk threads                         LOAD_WARMUP=60 (seconds, unrecorded)
#   LOAD_READY_TIMEOUT=300    seconds to wait for /health/ready   LOAD_OUTPUT=benchmarks/results/route-load.md
#   LOAD_ACCESS_LOG=false     server access log during the run (off: measure routing, not log I/O)
#   LOAD_MAX_WORDS=0          cut every prompt to its first N words (e.g. 22 for ~30-token prompts); 0 keeps them
#   TIERWISE_LOAD_PROMPTS     JSONL of prompts ({"turns": ["..."]} or {"prompt": "..."}); default: Arena-Bench
#                             questions from ../shared when present, else the built-in mix in route.lua
#   TIERWISE_SERVE_COMMAND    command that starts the server (default: ./tierwise serve); it must honour
#                             TIERWISE_SERVER_PORT / TIERWISE_SERVER_HOST, as TierwiseSettings does
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

DURATION="${LOAD_DURATION:-20}"
CONNECTIONS="${LOAD_CONNECTIONS:-16 64 256}"
THREADS="${LOAD_THREADS:-2}"
# The JIT keeps compiling the route path for about a minute of load; a shorter warm-up measures the compiler
# (10 s of warm-up left C2 using ~10% of a core in the first measured level, and p99 40 ms instead of 24 ms).
WARMUP="${LOAD_WARMUP:-60}"
READY_TIMEOUT="${LOAD_READY_TIMEOUT:-300}"
OUTPUT="${LOAD_OUTPUT:-$ROOT/benchmarks/results/route-load.md}"
ACCESS_LOG="${LOAD_ACCESS_LOG:-false}"
# LOAD_RATE=R paces every level to about R requests/s in total (think time = connections / R, less
# 10% for the answer's own latency) instead of saturating the server: the SLO view.
RATE="${LOAD_RATE:-}"
FAKE_ROUTER=false
[[ "${1:-}" == "--fake-router" ]] && FAKE_ROUTER=true

log() { echo "route-load: $*" >&2; }
die() { log "$*"; exit 1; }

as_root() { if [[ "$(id -u)" -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

install_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing ${missing[*]} with apt-get"
  as_root apt-get update -qq >&2 && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 \
    || die "cannot install ${missing[*]}: run as root or install them yourself"
}

free_port() { # a port nothing listens on, from the ephemeral range
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free loopback port found"
}

WORK="$(mktemp -d -t tierwise-load.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

prepare_bodies() { # writes one JSON request body per line; prints the prompt source
  local source="${TIERWISE_LOAD_PROMPTS:-$ROOT/../shared/data/arena-bench-v1/question.jsonl}"
  if [[ -f "$source" ]] && command -v jq >/dev/null; then
    # Every fifth prompt goes as a chat with a system message, as gateway traffic would.
    jq -c --argjson words "${LOAD_MAX_WORDS:-0}" 'if has("turns") then .turns[0] else .prompt end
          | select(type == "string" and length > 0)
          | if $words > 0 then (split(" ") | .[0:$words] | join(" ")) else . end' "$source" \
      | jq -cs 'to_entries[] | if .key % 5 == 4
          then {messages: [{role: "system", content: "You are a helpful assistant."}, {role: "user", content: .value}]}
          else {prompt: .value} end' > "$WORK/bodies.jsonl"
    echo "$(wc -l < "$WORK/bodies.jsonl") prompts from $(basename "$(dirname "$source")")/$(basename "$source")$( [[ "${LOAD_MAX_WORDS:-0}" -gt 0 ]] && echo ", each cut to its first ${LOAD_MAX_WORDS} words")"
  else
    : > "$WORK/bodies.jsonl"
    echo "the 16 built-in prompts of route.lua"
  fi
}

java_21() { # a java binary of version 21 or newer, as ./tierwise finds one
  local home major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-*-jdk-* /usr/lib/jvm/*; do
    [[ -n "$home" && -x "$home/bin/java" ]] || continue
    major="$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [[ -n "$major" && "$major" -ge 21 ]]; then echo "$home/bin/java"; return 0; fi
  done
  die "no JDK 21 or newer found; set JAVA_HOME"
}

serve_command() {
  if [[ "$FAKE_ROUTER" == true ]]; then
    log "building the test classpath for the fake router"
    "$ROOT/tierwise" mvn -B -q -o -pl router-service -am test-compile dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath.txt" > "$WORK/build.log" 2>&1 \
      || { cat "$WORK/build.log" >&2; die "building the test classes failed"; }
    echo "-cp $ROOT/router-service/target/test-classes:$ROOT/router-service/target/classes:$(cat "$WORK/classpath.txt")" \
      > "$WORK/java.args"
    echo "$(java_21) -XX:+UseParallelGC @$WORK/java.args io.tierwise.http.FakeRouterServer"
  else
    echo "${TIERWISE_SERVE_COMMAND:-$ROOT/tierwise serve}"
  fi
}

field() { # a value from the TIERWISE_RESULT line in $result
  echo "$result" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

cpu_ticks() { # user + system CPU clock ticks the server has used so far
  awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null || echo 0
}

ms() { # a microsecond field of $result in milliseconds
  awk -v us="$(field "$1")" 'BEGIN {printf "%.2f", us / 1000}'
}

metric() { # value of one Prometheus sample line, or empty
  # awk reads to the end: exiting early would fail curl with SIGPIPE under pipefail.
  curl -fsS "http://127.0.0.1:$PORT/metrics" 2>/dev/null | awk -v name="$1" '$1 == name && !found {print $2; found = 1}' || true
}

install_tools
LOAD_AVERAGE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
PROMPT_SOURCE="$(prepare_bodies)"
SERVE="$(serve_command)"
PORT="$(free_port)"

log "starting: $SERVE (port $PORT)"
TIERWISE_SERVER_HOST=127.0.0.1 TIERWISE_SERVER_PORT="$PORT" TIERWISE_SERVER_ACCESS_LOG="$ACCESS_LOG" \
  setsid bash -c "exec $SERVE" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!

log "waiting up to ${READY_TIMEOUT}s for /health/ready"
deadline=$(( SECONDS + READY_TIMEOUT ))
until READY="$(curl -fsS "http://127.0.0.1:$PORT/health/ready" 2>/dev/null)"; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tail -n 30 "$WORK/server.log" >&2
    die "the server exited before it was ready"
  fi
  (( SECONDS < deadline )) || { tail -n 30 "$WORK/server.log" >&2; die "not ready after ${READY_TIMEOUT}s"; }
  sleep 0.5
done
ROUTER_VERSION="$(echo "$READY" | sed -n 's/.*"routerVersion":"\([^"]*\)".*/\1/p')"
log "ready: $READY"

export TIERWISE_LOAD_BODIES="$WORK/bodies.jsonl"
URL="http://127.0.0.1:$PORT/v1/route"
LUA="$ROOT/benchmarks/load/route.lua"

log "warming up for ${WARMUP}s"
wrk -t"$THREADS" -c16 -d"${WARMUP}s" -s "$LUA" "$URL" > /dev/null

ROWS=""
for c in $CONNECTIONS; do
  (( c >= THREADS )) || die "connections ($c) must be >= threads ($THREADS)"
  before_sum="$(metric tierwise_route_batch_size_sum)"; before_count="$(metric tierwise_route_batch_size_count)"
  before_cpu="$(cpu_ticks)"
  pace_ms=0
  if [[ -n "$RATE" ]]; then
    pace_ms="$(awk -v c="$c" -v r="$RATE" 'BEGIN {printf "%d", 900 * c / r}')"
  fi
  log "running ${DURATION}s at $c connections$([[ -n "$RATE" ]] && echo ", ${pace_ms} ms think time per connection")"
  probes=0
  [[ -n "$RATE" ]] && probes=$(( (c + THREADS - 1) / THREADS ))
  TIERWISE_LOAD_DELAY_MS="$pace_ms" TIERWISE_LOAD_PROBES_PER_THREAD="$probes" wrk -t"$THREADS" -c"$c" -d"${DURATION}s" --timeout 10s -s "$LUA" "$URL" > "$WORK/wrk-$c.txt"
  after_sum="$(metric tierwise_route_batch_size_sum)"; after_count="$(metric tierwise_route_batch_size_count)"
  after_cpu="$(cpu_ticks)"
  result="$(grep '^TIERWISE_RESULT' "$WORK/wrk-$c.txt")" || { cat "$WORK/wrk-$c.txt" >&2; die "wrk printed no result"; }
  rps="$(awk -v n="$(field requests)" -v us="$(field duration_us)" 'BEGIN {printf "%.0f", n / (us / 1e6)}')"
  errors=$(( $(field connect) + $(field read) + $(field write) + $(field timeout) ))
  batch="n/a"
  if [[ -n "$before_count" && -n "$after_count" ]]; then
    batch="$(awk -v s0="$before_sum" -v s1="$after_sum" -v c0="$before_count" -v c1="$after_count" \
      'BEGIN {if (c1 > c0) printf "%.1f", (s1 - s0) / (c1 - c0); else print "n/a"}')"
  fi
  cpu="$(awk -v t="$(( after_cpu - before_cpu ))" -v hz="$(getconf CLK_TCK)" -v n="$(field requests)" \
    'BEGIN {if (n > 0 && t > 0) printf "%.2f", 1000 * t / hz / n; else print "n/a"}')"
  ROWS+="| $c | $rps | $(ms p50_us) | $(ms p90_us) | $(ms p99_us) | $(ms p999_us) | $(ms max_us) | $batch | $cpu | $(field status) | $errors |"$'\n'
  log "$c connections: $rps req/s, p50 $(ms p50_us) ms, p99 $(ms p99_us) ms, mean batch $batch, server CPU $cpu ms/request"
done

mkdir -p "$(dirname "$OUTPUT")"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
SERVER_LABEL="./tierwise serve"
[[ "$FAKE_ROUTER" == true ]] && SERVER_LABEL="FakeRouterServer (test router: picks a tier by prompt length, no embedding)"
[[ -n "${TIERWISE_SERVE_COMMAND:-}" && "$FAKE_ROUTER" != true ]] && SERVER_LABEL="$TIERWISE_SERVE_COMMAND"
SETTINGS="$(env | grep -E '^TIERWISE_(BATCHING|EMBEDDER|SERVER)_' | sort | tr '\n' ' ' | sed 's/ $//' || true)"
cat > "$OUTPUT" <<MD
# POST /v1/route under load

Measured $(date -u +%Y-%m-%dT%H:%MZ) at commit \`$COMMIT\` by \`benchmarks/load/route-load.sh$([[ "$FAKE_ROUTER" == true ]] && echo " --fake-router")\`.

- Server: $SERVER_LABEL, router version \`${ROUTER_VERSION:-unknown}\`, access log $([[ "$ACCESS_LOG" == true ]] && echo on || echo off).
- Settings from the environment: ${SETTINGS:-none (application.yaml defaults)}.
- Load: wrk, $THREADS threads, ${DURATION} s per level after a ${WARMUP} s warm-up, keep-alive connections, prompts:
  $PROMPT_SOURCE (round robin).
- Offered load: $([[ -n "$RATE" ]] && echo "paced to about $RATE req/s in total: each connection waits 0.9 × connections ÷ $RATE s after an answer before its next request; its first request is a GET /health probe followed by a uniform random wait, so connections start spread out instead of in one burst, and the probes are left out of every number" || echo "unpaced: every connection sends its next request as soon as its answer arrives (saturation)").
- Machine: $(nproc) cores${CPU:+ ($CPU)}, load average $LOAD_AVERAGE before the run; wrk and the server share
  the cores, so these are lower bounds.

| connections | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | mean batch | server CPU ms/req | non-2xx | socket errors |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$ROWS
"mean batch" is the average number of prompts per \`Router.routeAll\` call that micro-batching formed during the
level (from \`tierwise_route_batch_size\` on /metrics); "server CPU" is the server process's user + system CPU time
over the level divided by the requests answered. wrk is closed-loop: each connection waits for its answer
before sending the next request, so latency under overload shows as lower throughput rather than as queueing
delay (coordinated omission); compare p99 across levels, not against an open-loop SLO. In paced mode
(\`LOAD_RATE\`) the think time is much longer than an answer, so the server sees a near-constant arrival rate
and the percentiles are the latency at that rate.
MD
log "wrote $OUTPUT"
cat "$OUTPUT"
