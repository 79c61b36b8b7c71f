#!/usr/bin/env bash
# Cold start of genie-obo: time from exec to the port accepting connections, to
# ready (/q/health/ready answers 200) and to the first answered turn, median of N
# starts each: the JVM without any archive, with Quarkus' AppCDS archive, with a
# JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, plus method
# profiles) recorded by a training run of TRAIN_TURNS turns (default 200), and a
# native executable when NATIVE=path/to/genie-obo-runner is given (a native build
# of the simulation build: ./mvnw package -Dnative -Dsim -Dquarkus.profile=sim).
# FN_JVM_OPTS: JVM options of every measured start (and of the training run);
# FN_MALLOC_ARENA_MAX (default 2, as in the JVM image): glibc's MALLOC_ARENA_MAX for them.
#
# Needs the simulation build with the archive:
#   ./mvnw -B package -DskipTests -Dsim -Dquarkus.profile=sim -Dquarkus.package.jar.aot.enabled=true
# then:
#   deploy/bench/cold-start.sh [RUNS]
# The simulated workspace runs as its own process; each measured process is the
# function alone (genie-obo.sim.enabled=false) pointed at it.
set -euo pipefail
RUNS=${1:-5}
APP=${APP:-target/quarkus-app}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
WS_PORT=${WS_PORT:-19090}
FN_PORT=${FN_PORT:-19080}
[ -n "${NATIVE:-}" ] && NATIVE=$(realpath "$NATIVE")
cd "$(dirname "$0")/../.."
[ -f "$APP/quarkus-run.jar" ] || { echo "no $APP/quarkus-run.jar: build the simulation jar first (see the header)" >&2; exit 1; }
cd "$APP"

ws_log=$(mktemp)
"$JAVA" -Dquarkus.http.port="$WS_PORT" -Dquarkus.http.host=127.0.0.1 -jar quarkus-run.jar >"$ws_log" 2>&1 &
ws=$!
trap 'kill $ws 2>/dev/null; rm -f "$ws_log"' EXIT
for _ in $(seq 1 200); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$WS_PORT/sim/users/alice/token" && break
  sleep 0.1
done
token=$(curl -sf -X POST "http://127.0.0.1:$WS_PORT/sim/users/alice/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/') || true
if [ -z "$token" ]; then
  echo "the simulated workspace did not start (Java 21 or later needed; set JAVA_HOME):" >&2; cat "$ws_log" >&2; exit 1
fi
body='{"messages":[{"role":"user","content":"What is the total sales amount?"}]}'

FN_OPTS=(${FN_JVM_OPTS:-})
export MALLOC_ARENA_MAX=${FN_MALLOC_ARENA_MAX:-2} # the function's processes only: the workspace started above
fn_args=(-Dquarkus.http.port="$FN_PORT" -Dquarkus.http.host=127.0.0.1 -Dgenie-obo.sim.enabled=false
  -Ddatabricks.host="http://localhost:$WS_PORT" -Dgenie-obo.genie.poll-interval=20ms -jar quarkus-run.jar)
ask() {
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$FN_PORT/invocations" \
      -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body"
}

# Training run for the AOT cache (JDK 25: -XX:AOTCacheOutput writes it when the process exits)
if "$JAVA" -XX:AOTCacheOutput=/dev/null -version >/dev/null 2>&1; then
  rm -f app.aot
  "$JAVA" "${FN_OPTS[@]}" -XX:AOTCacheOutput=app.aot "${fn_args[@]}" >/dev/null 2>&1 &
  pid=$!
  until ask; do sleep 0.05; done
  for _ in $(seq 1 "${TRAIN_TURNS:-200}"); do ask; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi

since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# $@: the command; prints "port ready turn" (ms after exec). The probes are one after another,
# so each phase is seen at most one probe (a few ms) late.
measure_cmd() {
  local start port ready turn pid
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$FN_PORT/q/health/live"; do sleep 0.002; done
  port=$(since "$start")
  until curl -sf -o /dev/null "http://127.0.0.1:$FN_PORT/q/health/ready"; do sleep 0.002; done
  ready=$(since "$start")
  until ask; do sleep 0.002; done
  turn=$(since "$start")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$port $ready $turn"
}
measure() { measure_cmd "$JAVA" "${FN_OPTS[@]}" "$@" "${fn_args[@]}"; } # $@: extra JVM options

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
# $1: label; stdin: "port ready turn" lines; prints the medians of each phase
report() {
  local runs
  runs=$(cat)
  printf '  %-16s median %s ms  (runs: %s); port open %s ms, ready %s ms\n' "$1:" \
    "$(echo "$runs" | awk '{print $3}' | median)" "$(echo "$runs" | awk '{print $3}' | tr '\n' ' ' | sed 's/ $//')" \
    "$(echo "$runs" | awk '{print $1}' | median)" "$(echo "$runs" | awk '{print $2}' | median)"
}

measure >/dev/null # warm the OS page cache once
plain=(); cds=(); aot=(); native=()
for _ in $(seq 1 "$RUNS"); do
  plain+=("$(measure)")
  if [ -f app-cds.jsa ]; then cds+=("$(measure -XX:SharedArchiveFile=app-cds.jsa -Xshare:auto)"); fi
  if [ -f app.aot ]; then aot+=("$(measure -XX:AOTCache=app.aot)"); fi
  if [ -n "${NATIVE:-}" ]; then native+=("$(measure_cmd "$NATIVE" "${fn_args[@]:0:${#fn_args[@]}-2}")"); fi
done
echo "Start to port open, to ready and to the first answered turn, $RUNS starts, options: ${FN_JVM_OPTS:-none}, $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
printf '%s\n' "${plain[@]}" | report "without archive"
if [ ${#cds[@]} -gt 0 ]; then
  printf '%s\n' "${cds[@]}" | report "with AppCDS"
else
  echo "  with AppCDS:     no app-cds.jsa in $APP (build with -Dquarkus.package.jar.aot.enabled=true)"
fi
if [ ${#aot[@]} -gt 0 ]; then
  printf '%s\n' "${aot[@]}" | report "with AOT cache"
else
  echo "  with AOT cache:  not made (needs JDK 25 or later)"
fi
if [ ${#native[@]} -gt 0 ]; then
  printf '%s\n' "${native[@]}" | report "native"
fi
