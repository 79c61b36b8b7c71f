#!/usr/bin/env bash
# The native executable beside the JVM, in one run: the production build of each,
# pointed at the simulated workspace in its own JVM process.
#
#   NATIVE=path/to/genie-obo-0.1.0-SNAPSHOT-runner deploy/bench/native.sh
#   GRAALVM_HOME=/path/to/graalvm deploy/bench/native.sh     # builds the executable first
#
# Prints, per kind (native; JVM with the image's AOT cache; JVM without): exec -> port
# open -> ready -> first answered turn (median (min-max) of RUNS alternating starts, after
# one uncounted start of each), resident memory after the first turn and after TURNS
# turns, CPU per turn over COST_TURNS turns after those, and the executable's size.
# Writes the table to target/bench-native.md. Takes about 3 minutes with NATIVE given,
# about 10 with the native build.
#
# The workspace answers at once (no added latency; Genie's first answer terminal:
# GENIE_IMMEDIATE=1, the default), so that what is measured is the function; with
# GENIE_IMMEDIATE=0 every question needs one poll (POLL, default 20ms).
# The builds: the simulation jar (the workspace), the production JVM package (kept in
# target/bench-jvm-app with its AOT cache, made by src/main/docker/train-aot.sh with the
# image's options), and unless NATIVE is given the native executable (./mvnw package
# -Dnative, which needs GRAALVM_HOME; docs/native.md). SKIP_BUILD=1 reuses them.
set -euo pipefail
[ -n "${NATIVE:-}" ] && NATIVE=$(realpath "$NATIVE")
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-10}
export TURNS=${TURNS:-1000} COST_TURNS=${COST_TURNS:-2000}
WS_PORT=${WS_PORT:-19290}
export FN_PORT=${FN_PORT:-19280}
POLL=${POLL:-20ms}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
# the JVM image's options (src/main/docker/Dockerfile.jvm) with the heap its 256 MiB container gives
read -r -a JOPTS <<<"${FN_JVM_OPTS:-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -XX:TrimNativeHeapInterval=5000"}"
SIM_APP=$PWD/target/bench-sim-app
JVM_APP=$PWD/target/bench-jvm-app # absolute: the AOT cache is used only with the class path it was made with
OUT=target/bench-native.md

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q package -DskipTests -Dsim -Dquarkus.profile=sim
  rm -rf "$SIM_APP" && cp -a target/quarkus-app "$SIM_APP"
  ./mvnw -B -q package -DskipTests
  rm -rf "$JVM_APP" && cp -a target/quarkus-app "$JVM_APP"
  PATH=$JAVA_HOME/bin:$PATH AOT_TRAIN_OPTS="${JOPTS[*]}" bash src/main/docker/train-aot.sh "$JVM_APP" >/dev/null
  if [ -z "${NATIVE:-}" ]; then
    [ -n "${GRAALVM_HOME:-}" ] || { echo "set NATIVE=path/to/runner or GRAALVM_HOME to build it" >&2; exit 1; }
    ./mvnw -B -q package -DskipTests -Dnative
  fi
fi
NATIVE=${NATIVE:-$(ls target/*-runner 2>/dev/null | head -1)}
[ -x "$NATIVE" ] || { echo "no native executable (NATIVE=$NATIVE)" >&2; exit 1; }
[ -f "$SIM_APP/quarkus-run.jar" ] && [ -f "$JVM_APP/app.aot" ] || { echo "no $SIM_APP or $JVM_APP/app.aot: run without SKIP_BUILD" >&2; exit 1; }

ws_log=$(mktemp)
"$JAVA" -Dquarkus.http.port="$WS_PORT" -Dquarkus.http.host=127.0.0.1 -jar "$SIM_APP/quarkus-run.jar" >"$ws_log" 2>&1 &
ws=$!
trap 'kill $ws 2>/dev/null; rm -f "$ws_log"' EXIT
WS=http://127.0.0.1:$WS_PORT
for _ in $(seq 1 300); do curl -sf -o /dev/null -X POST "$WS/sim/users/alice/token" && break; sleep 0.1; done
TOKEN=$(curl -sf -X POST "$WS/sim/users/alice/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/') || true
[ -n "$TOKEN" ] || { echo "the simulated workspace did not start:" >&2; cat "$ws_log" >&2; exit 1; }
export TOKEN EXPECT=2000
if [ "${GENIE_IMMEDIATE:-1}" = 1 ]; then
  curl -sf -o /dev/null -X POST "$WS/sim/knobs" -H 'Content-Type: application/json' -d '{"genieImmediate":true}'
fi

# The production function's settings, as a deployment sets them (README "Running against a
# real workspace"), for the simulated workspace's demo service principal, space and LLM.
export DATABRICKS_HOST="http://localhost:$WS_PORT"
export DATABRICKS_CLIENT_ID=genie-obo-sim-sp DATABRICKS_CLIENT_SECRET=sim-secret-not-for-production
export GENIE_OBO_GENIE_SPACE_IDS=01f0c0ffee5a1e5000000000000000a1 GENIE_OBO_LLM_ENDPOINT=databricks-claude-sonnet-4-5
export GENIE_OBO_GENIE_POLL_INTERVAL=$POLL QUARKUS_HTTP_PORT=$FN_PORT QUARKUS_HTTP_HOST=127.0.0.1
export MALLOC_ARENA_MAX=2 # as the JVM image; for every function process, native too

jvm="$JAVA ${JOPTS[*]} -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
table=$(python3 deploy/bench/starts.py "$RUNS" \
  "native=$NATIVE" \
  "JVM, AOT cache=$jvm -XX:AOTCache=$JVM_APP/app.aot -jar $JVM_APP/quarkus-run.jar" \
  "JVM, no cache=$jvm -jar $JVM_APP/quarkus-run.jar")
{
  echo "# genie-obo native and JVM, $(date -u +%Y-%m-%d), $(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "Native executable: $(stat -c %s "$NATIVE") bytes ($((($(stat -c %s "$NATIVE") + 524288) / 1048576)) MiB); JVM: \
$("$JAVA" -version 2>&1 | head -1 | tr -d '"'), \`${JOPTS[*]}\`, MALLOC_ARENA_MAX=2 for both."
  echo "Workspace: the simulated one in its own JVM, $([ "${GENIE_IMMEDIATE:-1}" = 1 ] && echo "Genie answering at once" \
    || echo "Genie answering on the first poll ($POLL)"), no added latency."
  echo
  echo "$table"
  echo
  echo "Targets (issue 23): native first answered turn <= 50 ms after exec, <= 64 MiB resident after 1,000 turns."
} | tee "$OUT"
