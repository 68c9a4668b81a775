#!/usr/bin/env bash
# A lunch rush from iFood: the simulator places ORDERS new orders at PER_SECOND, each announced by its
# signed PLC webhook, and times every answer; then the script waits for every order to be imported and
# reports orders imported per second, counted in the database from the first webhook to the last order.
# The server polls iFood every 30 s as well, so polling and webhooks deliver the same events at once.
#   bench/ifood-burst.sh sqlite|postgres [ORDERS] [PER_SECOND]
set -euo pipefail
cd "$(dirname "$0")/.."
provider=${1:-postgres} orders=${2:-4000} rate=${3:-200}
port=5098 sim_port=5097
export BENCH_KEY=${BENCH_KEY:-bench-secret} PGPASSWORD=${PGPASSWORD:-postgres}

dotnet build -c Release src/Omniman.Server -v quiet -nologo >/dev/null
dotnet build -c Release tools/Omniman.Simulator -v quiet -nologo >/dev/null

pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
tools/Omniman.Simulator/bin/Release/net10.0/Omniman.Simulator ifood --port "$sim_port" \
  --webhook "http://127.0.0.1:$port/api/webhooks/ifood" >/tmp/omniman-burst-sim.log 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$sim_port/_simulator/ifood/state" >/dev/null && break; sleep 0.5; done
export Omniman__Marketplaces__IFood__ClientId=simulator-client \
  Omniman__Marketplaces__IFood__ClientSecret=simulator-secret-0123456789 \
  Omniman__Marketplaces__IFood__BaseUrl="http://127.0.0.1:$sim_port"
pids+=("$(bench/run-server.sh "$provider" "$port")")

# Counts the demo ifood channel's orders created since $1, and the seconds from $1 to the last of them.
imported() {
  if [ "$provider" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -d omniman_bench -tAF' ' -c "select count(*), coalesce(extract(epoch from max(created_at) - '$1'::timestamptz), 0)
      from orders where channel_code = 'ifood' and created_at >= '$1'::timestamptz"
  else
    sqlite3 -separator ' ' /tmp/omniman-bench.db "select count(*), coalesce((julianday(max(created_at)) - julianday('$1')) * 86400, 0)
      from orders where channel_code = 'ifood' and julianday(created_at) >= julianday('$1')"
  fi
}

# Sends a burst and waits until each of its orders is imported (at most 10 minutes).
burst() {
  local n=$1 per_second=$2 answer started
  answer=$(curl -sf --max-time 900 -H 'Content-Type: application/json' "http://127.0.0.1:$sim_port/_simulator/ifood/burst" \
    -d "{\"orders\": $n, \"per_second\": $per_second}")
  started=$(jq -r .started_at <<<"$answer")
  for _ in $(seq 1 1200); do
    read -r count _ < <(imported "$started")
    [ "$count" -ge "$n" ] && break
    sleep 0.5
  done
  read -r count seconds < <(imported "$started")
  jq -c --argjson imported "$count" --argjson seconds "$seconds" \
    '. + {imported: $imported, import_seconds: ($seconds | . * 10 | round / 10), imported_per_second: (if $seconds > 0 then ($imported / $seconds | . * 10 | round / 10) else 0 end)}' <<<"$answer"
}

echo "== warm-up: 200 orders at 50/s ($provider)"
burst 200 50 >/dev/null
echo "== burst: $orders orders at $rate/s ($provider)"
burst "$orders" "$rate"
