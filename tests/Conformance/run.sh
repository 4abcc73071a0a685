#!/usr/bin/env bash
# MCP's official conformance suite (@modelcontextprotocol/conformance, pinned in package.json/package-lock.json) against
# the published cao-ops-http serve --http, on a free loopback port, with baseline.yml naming the expected failures.
# Needs ./publish.sh first. Installs the suite (and Node 22 from the npm package node@22) with `npm ci` when
# node_modules is missing. Ends with one line "conformance: N passed, N failed" (N = 1 run of the whole suite).
set -uo pipefail
cd "$(dirname "$0")"
root="$(cd ../.. && pwd)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;; Linux-aarch64) rid=linux-arm64 ;;
  Darwin-arm64) rid=osx-arm64 ;; Darwin-x86_64) rid=osx-x64 ;;
  *) echo "conformance: unsupported host"; echo "conformance: 0 passed, 1 failed"; exit 1 ;;
esac
bin="$root/dist/$rid/cao-ops-http"
[ -x "$bin" ] || { echo "conformance: $bin is missing: run ./publish.sh first"; echo "conformance: 0 passed, 1 failed"; exit 1; }
if [ ! -d node_modules/@modelcontextprotocol/conformance ]; then
  npm ci --no-audit --no-fund || { echo "conformance: npm ci failed"; echo "conformance: 0 passed, 1 failed"; exit 1; }
fi
node=node_modules/node/bin/node
[ -x "$node" ] || node=node

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log=$(mktemp)
# No cao-server is needed: the scenarios list and ping; resources/list falls back to cao://sessions alone.
CAO_API_URL=http://127.0.0.1:1 CAO_OPS_LOG=warn "$bin" serve --http "127.0.0.1:$port" 2>"$log" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
deadline=$((SECONDS + 60))
until grep -q "listening on" "$log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
    cat "$log"; echo "conformance: cao-ops-http did not start"; echo "conformance: 0 passed, 1 failed"; exit 1
  fi
  sleep 0.1
done

timeout 600 "$node" node_modules/@modelcontextprotocol/conformance/dist/index.js server \
  --url "http://127.0.0.1:$port/mcp" --expected-failures baseline.yml
rc=$?
if [ "$rc" -eq 0 ]; then echo "conformance: 1 passed, 0 failed"; else echo "conformance: 0 passed, 1 failed"; fi
exit "$rc"
