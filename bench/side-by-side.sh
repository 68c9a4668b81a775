#!/usr/bin/env bash
# Runs two server builds at once on the same PostgreSQL, each with its own database and half the
# clients, so both see the same machine at the same moment; the build that needs less CPU per
# request gets more done. Compare builds this way when run-to-run noise is larger than the change.
#   bench/side-by-side.sh BUILD_A BUILD_B [flow] [clients each] [warm-up s] [duration s]
# BUILD_A and BUILD_B are folders holding an Omniman.Server (a Release bin/…/net10.0 copied aside).
set -euo pipefail
cd "$(dirname "$0")/.."
a=$1 b=$2 flow=${3:-reads} clients=${4:-16} warmup=${5:-40} duration=${6:-20}
export Omniman__Auth__BootstrapApiKey=${BENCH_KEY:-bench-secret} Logging__LogLevel__Default=Warning Omniman__Database__Provider=Postgres
export PGPASSWORD=${PGPASSWORD:-postgres}
pg=${OMNIMAN_BENCH_POSTGRES:-Host=127.0.0.1;Username=postgres;Password=postgres;SSL Mode=Disable}
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for i in 0 1; do
  build=$a; [ "$i" = 1 ] && build=$b
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS omniman_side_$i WITH (FORCE)" -c "CREATE DATABASE omniman_side_$i" >/dev/null
  ConnectionStrings__Omniman="$pg;Database=omniman_side_$i;Maximum Pool Size=64" \
    "$build/Omniman.Server" --urls "http://127.0.0.1:$((5191 + i))" >"/tmp/omniman-side-$i.log" 2>&1 &
  pids+=($!)
done
for i in 0 1; do
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$((5191 + i))/api/health" >/dev/null && break; sleep 0.5; done
  bench/keep-analyzed.sh "omniman_side_$i" "${pids[$i]}" >/dev/null 2>&1 &
done
load=bench/Omniman.Load/bin/Release/net10.0/Omniman.Load.dll
for i in 0 1; do
  dotnet "$load" --url "http://127.0.0.1:$((5191 + i))" --key "$Omniman__Auth__BootstrapApiKey" --clients "$clients" \
    --duration "$duration" --warmup "$warmup" --flow "$flow" --server-pid "${pids[$i]}" >"/tmp/omniman-side-$i.txt" 2>&1 &
  loads+=($!)
done
wait "${loads[@]}"
echo "== A: $a"; cat /tmp/omniman-side-0.txt
echo "== B: $b"; cat /tmp/omniman-side-1.txt
