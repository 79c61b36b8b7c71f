#!/bin/sh
# Run by ./mvnw at the start of every build that runs the tests (pom.xml, execution
# test-prerequisites, phase validate; skipped with -DskipTests): names what the tests need
# and is missing before anything is compiled, instead of letting a test fail in the middle
# of the run, then installs the reference MCP peers from npm on a fresh clone.
#   Node.js 20+ and npm: the interoperability tests run the reference MCP peers from npm
#                        (src/test/node, pinned by its package-lock.json).
#   Chromium at /usr/bin/chromium: the watch page's end-to-end test drives it headless.
# Dev mode (quarkus:dev) runs the same phase but runs no test until asked, so it does not
# need them: the check is left out when the Maven command line asks for quarkus:dev.
case " ${MAVEN_CMD_LINE_ARGS:-} " in
  *quarkus:dev*) exit 0 ;;
esac
cd "$(dirname "$0")" || exit 1
missing=""
if command -v node >/dev/null 2>&1; then
  major=$(node --version 2>/dev/null | sed -n 's/^v\([0-9][0-9]*\).*/\1/p')
  if [ -z "$major" ] || [ "$major" -lt 20 ]; then
    missing="$missing
  - Node.js 20 or newer (found $(node --version 2>/dev/null))"
  fi
else
  missing="$missing
  - Node.js 20 or newer (node)"
fi
if ! command -v npm >/dev/null 2>&1; then
  missing="$missing
  - npm"
fi
if [ ! -x /usr/bin/chromium ]; then
  missing="$missing
  - Chromium at /usr/bin/chromium"
fi
if [ -n "$missing" ]; then
  cat >&2 <<MSG

The tests need programs that this machine does not have:$missing
On Debian or Ubuntu: sudo apt-get install nodejs npm chromium
(.ci/run installs them the same way). To build without running the tests, add -DskipTests.

MSG
  exit 1
fi
if [ ! -d node/node_modules ]; then
  echo "installing the reference MCP peers (npm ci in src/test/node)"
  (cd node && npm ci --no-audit --no-fund) || {
    echo "npm ci in src/test/node failed; the interoperability tests need its packages" >&2
    exit 1
  }
fi
