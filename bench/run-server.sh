#!/usr/bin/env bash
# Starts a Release server for a benchmark run on a fresh database and prints its pid.
#   bench/run-server.sh sqlite|postgres [port]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-postgres}
port=${2:-5080}
export Omniman__Auth__BootstrapApiKey=${BENCH_KEY:-bench-secret}
export Logging__LogLevel__Default=Warning
if [ "$provider" = postgres ]; then
  # Loopback: no TLS, for the server as for pg-baseline.sh, so the two are measured alike.
  pg=${OMNIMAN_BENCH_POSTGRES:-Host=127.0.0.1;Username=postgres;Password=postgres;SSL Mode=Disable}
  PGPASSWORD=${PGPASSWORD:-postgres} psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS omniman_bench WITH (FORCE)" -c "CREATE DATABASE omniman_bench" >/dev/null
  export Omniman__Database__Provider=Postgres ConnectionStrings__Omniman="$pg;Database=omniman_bench;Maximum Pool Size=64"
else
  rm -f /tmp/omniman-bench.db*
  export Omniman__Database__Provider=Sqlite ConnectionStrings__Omniman="Data Source=/tmp/omniman-bench.db"
fi
src/Omniman.Server/bin/Release/net10.0/Omniman.Server --urls "http://127.0.0.1:$port" >/tmp/omniman-bench-server.log 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$port/api/health" >/dev/null && break
  sleep 0.5
done
# Statistics as a running database has them, not an empty one's (see keep-analyzed.sh).
if [ "$provider" = postgres ]; then bench/keep-analyzed.sh omniman_bench "$pid" >/dev/null 2>&1 & fi
echo "$pid"
