#!/usr/bin/env bash
# The two-user scenario of deploy/k6/load.js, run here with wrk (k6 is not
# installable on the project's machines). Against a function that serves the
# simulated workspace (./mvnw quarkus:dev -Dsim, or the sim jar) it mints alice's and
# bob's tokens itself; against a deployment pass TOKEN_A/TOKEN_B/EXPECT_A/EXPECT_B.
#
#   deploy/k6/local-two-users.sh [BASE_URL] [DURATION] [THREADS]
# Exits non-zero when any answer failed, lacked the caller's figure or held the other
# user's.
set -euo pipefail
BASE_URL=${1:-http://localhost:8080}
DURATION=${2:-10s}
THREADS=${3:-4}
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  else
    echo "wrk is not installed: sudo apt-get install wrk" >&2
    exit 1
  fi
fi

token() {
  curl -sf -X POST "$BASE_URL/sim/users/$1/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
export TOKEN_A=${TOKEN_A:-$(token alice)}
export TOKEN_B=${TOKEN_B:-$(token bob)}
if [ -z "$TOKEN_A" ] || [ -z "$TOKEN_B" ]; then
  echo "no tokens: set TOKEN_A and TOKEN_B, or point BASE_URL at a function serving the simulated workspace" >&2
  exit 1
fi

# one connection per thread: each response follows its own request
out=$(wrk -t "$THREADS" -c "$THREADS" -d "$DURATION" --latency -s "$here/two-users.lua" "$BASE_URL")
echo "$out"
line=$(echo "$out" | grep '^two-users:')
wrong=$(echo "$line" | sed 's/.*else.s \([0-9]*\),.*/\1/')
unexpected=$(echo "$line" | sed "s/.*caller's figure \([0-9]*\),.*/\1/")
failed=$(echo "$line" | sed 's/.*failed \([0-9]*\);.*/\1/')
own=$(echo "$line" | sed 's/.*own answers \([0-9]*\),.*/\1/')
if [ "$wrong" != 0 ] || [ "$unexpected" != 0 ] || [ "$failed" != 0 ] || [ "$own" = 0 ]; then
  echo "FAILED: $line" >&2
  exit 1
fi
