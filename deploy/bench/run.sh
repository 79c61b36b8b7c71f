#!/usr/bin/env bash
# The genie-obo benchmark: one command, from a clean clone.
#
#   deploy/bench/run.sh            # builds the simulation jar (with AppCDS), then measures
#   SKIP_BUILD=1 deploy/bench/run.sh
#
# The simulated workspace runs as its own process with latency knobs; the
# function runs as another process pointed at it; load comes from hey (Debian,
# installed when missing). Prints a table and writes it to target/bench-results.md.
#
# Measured:
#  - start: exec to port open, to ready and to the first answered turn, median of RUNS, JVM
#    without an archive, with Quarkus' AppCDS archive and with a JDK 25 AOT cache from a
#    training run (deploy/bench/cold-start.sh), with the JVM image's options (FN_JVM_OPTS: C1
#    only) and with the full tiered JIT (FULL_JIT_JVM_OPTS, the image built with
#    --build-arg JIT_OPTS=); a native executable of the simulation build too when
#    NATIVE=path/to/runner is set
#  - then the function is warmed with WARM_TURNS turns (default 60000) at zero latency, the
#    steady state of an instance that has served for a while (under the full JIT, C2 compiles
#    for tens of thousands of turns), which also warms the simulated workspace
#  - added latency: LLM latency L and Genie latency G (default 20 ms each), Genie answering
#    without polling, one-tool turns at concurrency 1 (p50) and 10 (p50/p99) against the
#    minimum 2L+G and against the time the simulator itself takes for the critical requests,
#    and upstream requests per turn on the critical path (from the workspace's record of
#    when each request arrived and was answered) against the minimum 3
#  - cost: zero upstream latency, concurrency 50: turns/s, CPU ms per turn of the function
#    process (/proc/<pid>/stat), resident memory idle and (peak) under load; once more under
#    the full tiered JIT, with its own AOT cache, after WARM_TURNS turns of its own
#  - streamed (deploy/bench/streamed.py): STREAM_TURNS streamed one-tool turns one after another,
#    Genie answering in STREAM_GENIE_MS with polling, the LLM sending a piece of text every
#    STREAM_TOKEN_MS: time to the first byte, the first Genie status, the first piece of the
#    answer and the end (p50), and how long after the simulated LLM sent that first piece it
#    reached the caller (p50/p99)
#  - realistic (deploy/bench/realistic.py): Genie answering in REAL_ANSWER_MS plus up to
#    REAL_JITTER_MS with polling, accepting REAL_QPM questions per minute, REAL_C callers asking
#    one question after another for REAL_SECONDS (waiting out a 429's Retry-After), a turn
#    deadline of REAL_DEADLINE; once with the function's own question limiter off, once at
#    REAL_QPM. Prints turns answered, 429s, other statuses, answer time p50/p99, the most
#    questions Genie accepted in a minute and refused, and the time from Genie having its
#    answer to the caller having the function's (the LLM answers at once here, so that is
#    the poll lag and the function's own time).
#  - the workspace's Genie (genie-obo.genie.server=workspace), last: the function restarted in
#    that mode and warmed with WS_WARM_TURNS turns, then the added latency, critical path and
#    cost as above (its turn has one request more: genie_get_query_result fetches the rows)
# The whole run takes 8-11 minutes here, the build included.
#
# The function runs with FN_JVM_OPTS (default: the options of src/main/docker/Dockerfile.jvm
# with the heap its 256 MiB container would give), glibc's MALLOC_ARENA_MAX=FN_MALLOC_ARENA_MAX
# (default 2, as in the image), and for latency and cost with the AOT cache its own
# cold-start training made.
set -euo pipefail
[ -n "${NATIVE:-}" ] && export NATIVE=$(realpath "$NATIVE") # given from where run.sh was called
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
L=${L:-20}
G=${G:-20}
LAT_TURNS=${LAT_TURNS:-1000}
COST_TURNS=${COST_TURNS:-6000}
WARM_TURNS=${WARM_TURNS:-60000}
WS_WARM_TURNS=${WS_WARM_TURNS:-30000}
export FN_JVM_OPTS=${FN_JVM_OPTS:-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -XX:TrimNativeHeapInterval=5000"}
FULL_JIT_JVM_OPTS=${FULL_JIT_JVM_OPTS:-"-XX:+UseSerialGC -Xmx64m -XX:TrimNativeHeapInterval=5000"}
export FN_MALLOC_ARENA_MAX=${FN_MALLOC_ARENA_MAX:-2}
STREAM_TURNS=${STREAM_TURNS:-30}
STREAM_GENIE_MS=${STREAM_GENIE_MS:-1000}
STREAM_TOKEN_MS=${STREAM_TOKEN_MS:-5}
REAL_C=${REAL_C:-20}
REAL_SECONDS=${REAL_SECONDS:-60}
REAL_QPM=${REAL_QPM:-30}
REAL_ANSWER_MS=${REAL_ANSWER_MS:-2000}
REAL_JITTER_MS=${REAL_JITTER_MS:-2000}
REAL_DEADLINE=${REAL_DEADLINE:-60s}
WS_PORT=${WS_PORT:-19190}
FN_PORT=${FN_PORT:-19180}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
APP=target/quarkus-app
OUT=target/bench-results.md

if ! command -v hey >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hey; else
    echo "hey is not installed: sudo apt-get install hey" >&2; exit 1; fi
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q package -DskipTests -Dsim -Dquarkus.profile=sim -Dquarkus.package.jar.aot.enabled=true
fi

cold_start() { # $1: JVM options; the last run leaves its AOT cache in $APP
  FN_JVM_OPTS="$1" APP=$APP WS_PORT=$((WS_PORT + 2)) FN_PORT=$((FN_PORT + 2)) deploy/bench/cold-start.sh "$RUNS"
}
phases() { # $1: cold-start.sh's output, $2: its label; prints "port open / ready / first turn" in ms
  echo "$1" | sed -n "s|.*$2: *median \([0-9]*\) ms.*port open \([0-9]*\) ms, ready \([0-9]*\) ms.*|\2 / \3 / \1 ms|p"
}
rm -f "$APP/app-full-jit.aot" # a cache an earlier run left (SKIP_BUILD=1) is not this run's
cold_full=$(NATIVE="" cold_start "$FULL_JIT_JVM_OPTS")
full_plain=$(phases "$cold_full" "without archive")
full_aot=$(phases "$cold_full" "with AOT cache")
[ -f "$APP/app.aot" ] && mv "$APP/app.aot" "$APP/app-full-jit.aot"
cold=$(cold_start "$FN_JVM_OPTS")
start_plain=$(phases "$cold" "without archive")
start_aot=$(phases "$cold" "with AOT cache")
start_native=$(phases "$cold" "native")
cold_cds=$(echo "$cold" | sed -n 's/.*with AppCDS: *median \([0-9]*\) ms.*/\1/p')

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
( cd "$APP" && exec "$JAVA" -Dquarkus.http.port="$WS_PORT" -Dquarkus.http.host=127.0.0.1 -jar quarkus-run.jar ) >/dev/null 2>&1 &
pids+=($!)
WS=http://127.0.0.1:$WS_PORT
for _ in $(seq 1 300); do curl -sf -o /dev/null -X POST "$WS/sim/users/alice/token" && break; sleep 0.1; done
archive=(-XX:SharedArchiveFile=app-cds.jsa -Xshare:auto)
[ -f "$APP/app.aot" ] && archive=(-XX:AOTCache=app.aot)
FN=http://127.0.0.1:$FN_PORT
token=$(curl -sf -X POST "$WS/sim/users/alice/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
body='{"messages":[{"role":"user","content":"What is the total sales amount?"}]}'
ask() { curl -sf -o /dev/null -X POST "$FN/invocations" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body"; }
start_fn() { # $@: JVM options; sets fn
  [ -n "${fn:-}" ] && { kill "$fn" 2>/dev/null || true; wait "$fn" 2>/dev/null || true; }
  ( cd "$APP" && MALLOC_ARENA_MAX=$FN_MALLOC_ARENA_MAX exec "$JAVA" "$@" "${archive[@]}" -Dquarkus.http.port="$FN_PORT" \
      -Dquarkus.http.host=127.0.0.1 -Dgenie-obo.sim.enabled=false -Ddatabricks.host="http://localhost:$WS_PORT" -jar quarkus-run.jar ) >/dev/null 2>&1 &
  fn=$!; pids+=($fn)
  for _ in $(seq 1 300); do ask && break; sleep 0.1; done
}
# shellcheck disable=SC2086
start_fn $FN_JVM_OPTS
load() { # $1 turns, $2 concurrency
  hey -n "$1" -c "$2" -m POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$FN/invocations"
}
pct() { echo "$1" | awk -v p="$2%" '$1==p {printf "%.1f", $3*1000}'; }
knobs() { curl -sf -o /dev/null -X POST "$WS/sim/knobs" -H 'Content-Type: application/json' -d "$1"; }

# --- warm-up: the JIT compiles the turn's code, in the function and in the workspace ---
warm_up() { # $1: turns, at zero latency from the workspace's default knobs
  curl -sf -o /dev/null -X DELETE "$WS/sim/knobs"
  knobs '{"llmLatencyMs":0,"genieLatencyMs":0,"genieImmediate":true}'
  load "$1" 50 >/dev/null
  # the workspace keeps a record of up to 200k requests; drop the warm-up's (with them kept, one
  # run's p99 was 154 ms against 93 ms in the next run without them)
  curl -sf -o /dev/null -X DELETE "$WS/sim/calls"
}
warm_up "$WARM_TURNS"

# --- added latency -----------------------------------------------------------
knobs "{\"llmLatencyMs\":$L,\"genieLatencyMs\":$G,\"genieImmediate\":true}"
load 200 10 >/dev/null
# Requests per turn, and how many of them are on the critical path: the longest chain of
# requests of one turn each of which started after the one before was answered (the
# workspace records when each request arrived and when it was answered).
critical_path() { # prints: requests per turn, most requests on the critical path, the simulator's own ms for them
  local records
  records=$(mktemp)
  for _ in $(seq 1 20); do
    curl -sf -o /dev/null -X DELETE "$WS/sim/calls"; ask; curl -sf "$WS/sim/calls" >>"$records"; echo >>"$records"
  done
  python3 - "$records" <<'PY'
import json, sys
total = chain_max = turns = 0
spent = []  # per turn: time the simulator itself took for the requests of the chain (its floor)
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    calls = [c for c in json.loads(line) if c["kind"] in ("genie", "llm")]
    turns += 1
    total += len(calls)
    chain, end, inside = 0, -1, 0
    for c in sorted(calls, key=lambda c: c["answeredMicros"]):
        if c["arrivedMicros"] >= end:
            chain, end = chain + 1, c["answeredMicros"]
            inside += c["answeredMicros"] - c["arrivedMicros"]
    chain_max = max(chain_max, chain)
    spent.append(inside / 1000)
spent.sort()
print(round(total / turns, 1), chain_max, round(spent[len(spent) // 2], 1))
PY
  rm -f "$records"
}
read -r per_turn critical sim_ms < <(critical_path)
single=$(load 200 1)
p50_1=$(pct "$single" 50)
lat=$(load "$LAT_TURNS" 10)
p50=$(pct "$lat" 50); p99=$(pct "$lat" 99)
minimum=$((2 * L + G))

# --- a streamed turn, as a chat UI sees it ----------------------------------------
knobs "{\"llmLatencyMs\":$L,\"genieLatencyMs\":$G,\"genieAnswerMs\":$STREAM_GENIE_MS,\"llmTokenLatencyMs\":$STREAM_TOKEN_MS}"
curl -sf -o /dev/null -X DELETE "$WS/sim/calls"
streamed=$(python3 deploy/bench/streamed.py "$FN" "$WS" "$token" "$STREAM_TURNS")
curl -sf -o /dev/null -X DELETE "$WS/sim/knobs"

# --- cost ----------------------------------------------------------------------
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$fn/status"; }
cpu() { awk '{print $14 + $15}' "/proc/$fn/stat"; }
hz=$(getconf CLK_TCK)
cost() { # prints: turns/s answered cpu-ms-per-turn rss-idle rss-under-load
  knobs '{"llmLatencyMs":0,"genieLatencyMs":0,"genieImmediate":true}'
  load 2000 50 >/dev/null
  sleep 6 # the native heap is trimmed every 5 s
  local idle c0 c1 loader peak=0 r out
  idle=$(rss); c0=$(cpu)
  out=$(mktemp)
  load "$COST_TURNS" 50 >"$out" &
  loader=$!
  while kill -0 "$loader" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.2; done
  c1=$(cpu)
  echo "$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$out") $(awk '/\[200\]/ {print $2}' "$out") \
$(python3 -c "print(round(($c1 - $c0) * 1000 / $hz / $COST_TURNS, 2))") $idle $peak"
  rm -f "$out"
}
read -r rps ok cpu_ms rss_idle rss_load < <(cost)

# --- realistic: slow Genie, a limit on questions per minute, people asking for a minute ---
realistic() { # $@: extra options of the function; prints realistic.py's key=value line
  # shellcheck disable=SC2086
  start_fn $FN_JVM_OPTS -Dgenie-obo.agent.timeout="$REAL_DEADLINE" "$@"
  curl -sf -o /dev/null -X DELETE "$WS/sim/knobs"
  knobs "{\"genieAnswerMs\":$REAL_ANSWER_MS,\"genieAnswerJitterMs\":$REAL_JITTER_MS,\"genieQuestionsPerMinute\":$REAL_QPM}"
  curl -sf -o /dev/null -X DELETE "$WS/sim/calls"
  python3 deploy/bench/realistic.py "$FN" "$WS" "$token" "$REAL_C" "$REAL_SECONDS"
}
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
real_row() { # $1: label, $2: figures line
  echo "| $1 | $(field "$2" ok) of $(field "$2" turns) answered, $(field "$2" r429) answered 429, other: $(field "$2" statuses); \
answer p50/p99 $(field "$2" answer_p50)/$(field "$2" answer_p99) ms; Genie accepted at most $(field "$2" genie_qpm_max) questions \
in a minute and refused $(field "$2" genie_refused); Genie's answer to the caller's: p50/p99 $(field "$2" lag_p50)/$(field "$2" lag_p99) ms \
| at most $REAL_QPM a minute; p50 <= 100 ms from Genie's answer |"
}
# not in $( ): start_fn must replace the function of this shell, not of a subshell
real_out=$(mktemp)
realistic >"$real_out"
real_off=$(cat "$real_out")
realistic -Dgenie-obo.genie.max-questions-per-minute="$REAL_QPM" >"$real_out"
real_on=$(cat "$real_out")
rm -f "$real_out"

# --- the workspace's Genie (genie-obo.genie.server=workspace): latency, critical path, cost ---
# Genie answering without polling: genie_ask, then genie_get_query_result for the rows, so
# the critical path is LLM, ask, result, LLM (minimum 2L+2G).
# shellcheck disable=SC2086
start_fn $FN_JVM_OPTS -Dgenie-obo.genie.server=workspace
warm_up "$WS_WARM_TURNS"
knobs "{\"llmLatencyMs\":$L,\"genieLatencyMs\":$G,\"genieImmediate\":true}"
load 200 10 >/dev/null
read -r ws_per_turn ws_critical ws_sim_ms < <(critical_path)
ws_single=$(load 200 1)
ws_p50_1=$(pct "$ws_single" 50)
ws_lat=$(load "$LAT_TURNS" 10)
ws_p50=$(pct "$ws_lat" 50); ws_p99=$(pct "$ws_lat" 99)
ws_minimum=$((2 * L + 2 * G))
read -r ws_rps ws_ok ws_cpu_ms ws_rss_idle ws_rss_load < <(cost)

# --- cost under the full tiered JIT (the image built with --build-arg JIT_OPTS=), with the AOT
# cache its own cold-start training made, after as many warm-up turns ---
image_archive="${archive[*]}"
if [ -f "$APP/app-full-jit.aot" ]; then archive=(-XX:AOTCache=app-full-jit.aot); else archive=(); fi # never the C1 cache
full_archive="${archive[*]}"
# shellcheck disable=SC2086
start_fn $FULL_JIT_JVM_OPTS
warm_up "$WARM_TURNS"
read -r full_rps full_ok full_cpu_ms full_rss_idle full_rss_load < <(cost)

{
  echo "# genie-obo benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $($JAVA -version 2>&1 | head -1)"
  echo
  echo "Function JVM options (the image's): \`$FN_JVM_OPTS\` plus \`$image_archive\`, MALLOC_ARENA_MAX=$FN_MALLOC_ARENA_MAX;"
  echo "full tiered JIT: \`$FULL_JIT_JVM_OPTS\` plus \`$full_archive\`; latency and cost after $WARM_TURNS warm-up turns"
  echo
  echo "| measure | figure | target |"
  echo "|---|---|---|"
  echo "| start, JVM without archive: port open / ready / first answered turn (median of $RUNS) | ${start_plain} | first turn <= 1600 ms |"
  echo "| cold start, JVM with AppCDS (median of $RUNS) | ${cold_cds} ms | |"
  echo "| start, JVM with the AOT cache: port open / ready / first answered turn (median of $RUNS) | ${start_aot:-not made} | first turn <= 800 ms |"
  echo "| start, full tiered JIT: port open / ready / first answered turn (median of $RUNS) | without archive ${full_plain}; with its AOT cache ${full_aot:-not made} | |"
  echo "| start, native: port open / ready / first answered turn (median of $RUNS) | ${start_native:-not given (NATIVE=path/to/runner)} | first turn <= 50 ms |"
  echo "| one-tool turn p50, L=G=${L} ms, concurrency 1 | ${p50_1} ms (minimum 2L+G = ${minimum} ms; the simulator itself takes ${sim_ms} ms for the 3 requests) | |"
  echo "| one-tool turn p50, L=G=${L} ms, concurrency 10 | ${p50} ms (minimum 2L+G = ${minimum} ms) | <= minimum + 5 ms |"
  echo "| one-tool turn p99, L=G=${L} ms, concurrency 10 | ${p99} ms | <= minimum + 20 ms |"
  echo "| upstream requests per one-tool turn: on the critical path (most of 20 turns) / in all | ${critical} / ${per_turn} | 3 on the critical path |"
  echo "| turns/s, zero latency, concurrency 50 | ${rps} (${ok:-0} of ${COST_TURNS} answered 200) | |"
  echo "| CPU per turn (function process) | ${cpu_ms} ms | <= 1 ms |"
  echo "| resident memory idle / under load (peak) | ${rss_idle} MiB / ${rss_load} MiB | <= 256 MiB |"
  echo "| streamed one-tool turn (Genie ${STREAM_GENIE_MS} ms, L=G=${L} ms, an LLM piece every ${STREAM_TOKEN_MS} ms), p50: first byte / first Genie status / first piece of the answer / end | \
$(field "$streamed" ttfb_p50) / $(field "$streamed" status_p50) / $(field "$streamed" token_p50) / $(field "$streamed" end_p50) ms; \
the first piece reached the caller $(field "$streamed" relay_p50) ms (p50) / $(field "$streamed" relay_p99) ms (p99) after the simulated LLM sent it | <= 5 ms after the LLM |"
  real_row "realistic: Genie $((REAL_ANSWER_MS / 1000))-$(((REAL_ANSWER_MS + REAL_JITTER_MS) / 1000)) s, $REAL_QPM questions/min, $REAL_C callers for ${REAL_SECONDS} s, deadline $REAL_DEADLINE, no limiter of ours" "$real_off"
  real_row "the same with genie-obo.genie.max-questions-per-minute=$REAL_QPM" "$real_on"
  echo "| workspace's Genie: one-tool turn p50, L=G=${L} ms, concurrency 1 | ${ws_p50_1} ms (minimum 2L+2G = ${ws_minimum} ms; the simulator itself takes ${ws_sim_ms} ms for the 4 requests) | |"
  echo "| workspace's Genie: one-tool turn p50 / p99, concurrency 10 | ${ws_p50} / ${ws_p99} ms | <= minimum + 5 / + 20 ms |"
  echo "| workspace's Genie: upstream requests per turn, on the critical path / in all | ${ws_critical} / ${ws_per_turn} | 4 on the critical path |"
  echo "| workspace's Genie: turns/s at concurrency 50 / CPU per turn / memory idle and peak | ${ws_rps} (${ws_ok:-0} of ${COST_TURNS} answered 200) / ${ws_cpu_ms} ms / ${ws_rss_idle} and ${ws_rss_load} MiB | <= 1 ms, <= 256 MiB |"
  echo "| full tiered JIT: turns/s at concurrency 50 / CPU per turn / memory idle and peak | ${full_rps} (${full_ok:-0} of ${COST_TURNS} answered 200) / ${full_cpu_ms} ms / ${full_rss_idle} and ${full_rss_load} MiB | <= 1 ms, <= 256 MiB |"
} | tee "$OUT"
