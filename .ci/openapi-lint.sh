#!/usr/bin/env bash
# Lints the OpenAPI document the server answers at /openapi/v1.json with Redocly CLI's recommended
# rules: a fresh server on a fresh SQLite database, the document fetched as a client would, and any
# error fails (warnings are printed). Redocly CLI 1.34.20 runs on Debian's Node.js 18 as well as on
# newer ones; the 2.x line needs Node.js 20.19 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

port=5098
workdir=$(mktemp -d)
dotnet build src/Omniman.Server -v quiet -nologo >/dev/null
ConnectionStrings__Omniman="Data Source=$workdir/omniman.db" setsid dotnet src/Omniman.Server/bin/Debug/net10.0/Omniman.Server.dll \
  --urls "http://127.0.0.1:$port" >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
  sleep 1
done
if ! curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o "$workdir/openapi.json"; then
  echo "OpenAPI lint: the server did not answer the document" >&2
  cat "$workdir/server.log" >&2
  exit 1
fi
npm exec --yes --package=@redocly/cli@1.34.20 -- redocly lint "$workdir/openapi.json"
