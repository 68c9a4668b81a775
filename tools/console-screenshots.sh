#!/usr/bin/env bash
# Takes the screenshots of docs/console.md: a fresh server on a fresh SQLite database, a demo
# morning set up through the API, and each console page in the system's Chromium (headless).
# Usage: tools/console-screenshots.sh [OUT_DIR]   (default docs/console)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/console}
port=5097
workdir=$(mktemp -d)
dotnet build src/Omniman.Server -v quiet -nologo >/dev/null
dotnet build tools/Omniman.Screenshots -v quiet -nologo >/dev/null
ConnectionStrings__Omniman="Data Source=$workdir/omniman.db" \
Omniman__Auth__BootstrapApiKey=screenshots-secret \
Omniman__Console__BootstrapUser=ana Omniman__Console__BootstrapPassword='screenshots password' \
  setsid dotnet src/Omniman.Server/bin/Debug/net10.0/Omniman.Server.dll --urls "http://127.0.0.1:$port" >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
dotnet tools/Omniman.Screenshots/bin/Debug/net10.0/Omniman.Screenshots.dll "http://127.0.0.1:$port" screenshots-secret ana 'screenshots password' "$out"
