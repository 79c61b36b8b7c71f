#!/usr/bin/env bash
# Makes the JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, method
# profiles) that the JVM image starts with: runs the application once with the
# image's own JVM options and -XX:AOTCacheOutput, sends it what every instance
# answers before it meets a workspace (readiness, refused tokens, the metadata and
# /mcp), stops it, and the JVM writes the cache as it exits. No workspace is
# contacted: the host is a closed local port, and no token is fetched (warm-up off).
# Needs bash and java only (curl may be missing from a runtime image): requests go over /dev/tcp.
#   train-aot.sh [application directory, default /deployments]
# AOT_TRAIN_OPTS: the JVM options, which must be the image's (the GC above all). The
# application is started as <directory>/quarkus-run.jar, the path the image runs it by
# (a cache is only used with the class path it was made with).
set -euo pipefail
dir=$(cd "${1:-/deployments}" && pwd)
cd "$dir"
read -r -a opts <<<"${AOT_TRAIN_OPTS:-"-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:TrimNativeHeapInterval=5000"}"
port=${AOT_TRAIN_PORT:-18089}

http() { # $1 method, $2 path, $3 body (may be empty), $4 extra header line (may be empty); prints the status line
  local body=${3:-} extra=${4:-}
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\n\r\n%s' \
    "$1" "$2" "${extra:+$extra$'\r\n'}" "${#body}" "$body" >&3
  local status
  IFS= read -r status <&3 || true
  cat <&3 >/dev/null || true
  exec 3<&- 3>&-
  echo "$status"
}

rm -f app.aot
java "${opts[@]}" -XX:AOTCacheOutput=app.aot -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Ddatabricks.host=http://127.0.0.1:9 \
  -Ddatabricks.token=aot-training -Dgenie-obo.genie.space-ids=aot-training-space \
  -Dgenie-obo.llm.endpoint=aot-training-llm -Dgenie-obo.system.warm-up=false \
  -jar "$dir/quarkus-run.jar" >aot-training.log 2>&1 &
pid=$!
for tries in $(seq 1 600); do
  http GET /q/health/live >/dev/null 2>&1 && break
  if [ "$tries" = 600 ] || ! kill -0 "$pid" 2>/dev/null; then
    cat aot-training.log >&2; exit 1
  fi
  sleep 0.05
done
question='{"messages":[{"role":"user","content":"total"}]}'
for _ in $(seq 1 10); do
  http GET /q/health/ready >/dev/null
  http POST /invocations "$question" >/dev/null
  http POST /invocations "$question" "Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJzdWIiOiJ4In0.c2ln" >/dev/null
  http POST /responses '{"input":"total"}' >/dev/null
  http GET /.well-known/oauth-protected-resource >/dev/null
  http POST /mcp '{}' >/dev/null
  http GET /auth-policy >/dev/null
done
kill "$pid"
wait "$pid" 2>/dev/null || true
[ -s app.aot ] || { echo "no AOT cache was written" >&2; cat aot-training.log >&2; exit 1; }
rm -f aot-training.log
