#!/usr/bin/env bash
# Fault drills on the local cluster (bench/cluster.sh): checkout load through HAProxy, in phases,
# while workers are killed with SIGKILL, an API process restarts and the replica stops and starts;
# then the database is checked for what must hold whatever happened.
#
#   bench/drill.sh [PHASE_SECONDS]        (default 30; KEEP=1 leaves the cluster up)
#
# Prints a table per phase (throughput, errors by status) and the invariants; exits non-zero if
# an invariant does not hold.
set -euo pipefail
cd "$(dirname "$0")/.."

PHASE=${1:-30}
DIR=${OMNIMAN_CLUSTER_DIR:-/tmp/omniman-cluster}
KEY=${CLUSTER_KEY:-cluster-secret}
LB=http://127.0.0.1:5300
STOCK=150        # units of each SKU: some baskets run short, and the commits are refused
SKUS=20
CLIENTS=16
LOAD=bench/Omniman.Load/bin/Release/net10.0/Omniman.Load.dll
OUT=$DIR/drill
sql() { psql -h 127.0.0.1 -p 55432 -U postgres -d omniman -tAc "$1"; }

bench/cluster.sh up
[ "${KEEP:-0}" = 1 ] || trap 'bench/cluster.sh down >/dev/null' EXIT
dotnet build -c Release bench/Omniman.Load -v quiet -nologo >/dev/null
mkdir -p "$OUT"

# One phase: checkout load on SKUs of its own (PREFIX), with FAULTS running beside it.
phase() { # NAME PREFIX FAULTS...
  local name=$1 prefix=$2
  shift 2
  echo "== phase $name ($PHASE s)"
  dotnet "$LOAD" --url "$LB" --key "$KEY" --flow checkout --clients $CLIENTS --warmup 0 --duration "$PHASE" \
    --skus $SKUS --stock $STOCK --sku-prefix "$prefix" --json "$OUT/$prefix.json" >"$OUT/$prefix.txt" 2>&1 &
  local load=$!
  "$@" &
  local faults=$!
  wait $load || true   # refused commits (stock ran out) count as errors there; judged below
  wait $faults || true
}

no_faults() { :; }

kill_workers() { # a worker killed every 5 s, in turn, started again a second later
  local n=1
  for _ in $(seq 1 $(( PHASE / 5 ))); do
    sleep 4
    bench/cluster.sh kill-worker $n
    sleep 1
    bench/cluster.sh start-worker $n
    n=$(( 3 - n ))
  done
}

restart_api() { sleep 5; bench/cluster.sh restart-api 1 >/dev/null; }

replica_down_and_up() { # lists read by a second client meanwhile
  dotnet "$LOAD" --url "$LB" --key "$KEY" --flow reads --reads list order --clients 4 --warmup 0 --duration $(( PHASE - 2 )) \
    --json "$OUT/reads.json" >"$OUT/reads.txt" 2>&1 &
  local reads=$!
  sleep 5; bench/cluster.sh replica-stop
  sleep $(( PHASE / 3 )); bench/cluster.sh replica-start
  wait $reads || true
}

phase steady DRILLA no_faults
phase workers-killed DRILLB kill_workers
phase api-restart DRILLC restart_api
phase replica-stopped DRILLD replica_down_and_up

echo "== letting the workers finish"
for _ in $(seq 1 240); do
  left=$(sql "SELECT count(*) FROM directives WHERE status IN ('queued','running')")
  [ "$left" = 0 ] && break
  sleep 0.5
done

echo
# check_landed is the generator's own figure, not a request: a check not landed within the
# 10 s wait is counted there as 504. The other endpoints' errors are the server's answers.
SUMMARY='.[0] as $r
  | ($r.endpoints | to_entries | map(select(.key != "check_landed") | .value)) as $answers
  | [$answers[] | .errors | to_entries[]] as $e
  | "| \($name) | \($r.orders_per_second // "") | \($r.committed // "") | \([$answers[] | .count] | add)"
    + " | \([$e[] | select(.key | startswith("5")) | .value] | add // 0)"
    + " | \([$e[] | select(.key | startswith("5") | not) | "\(if .key == "0" then "no answer" else .key end)×\(.value)"] | join(", "))"
    + " | \($r.endpoints.check_landed.errors["504"] // "") |"'
echo "| phase | orders/s | commits | requests | 5xx | other errors | checks later than 10 s |"
echo "|---|---|---|---|---|---|---|"
for p in steady:DRILLA workers-killed:DRILLB api-restart:DRILLC replica-stopped:DRILLD; do
  jq -r --arg name "${p%%:*}" "$SUMMARY" "$OUT/${p##*:}.json"
done
jq -r --arg name "lists and orders read meanwhile" "$SUMMARY" "$OUT/reads.json"

echo
failed=0
check() { # WHAT SQL (counts what is wrong; 0 holds)
  local n
  n=$(sql "$2")
  if [ "$n" = 0 ]; then echo "- holds: $1"; else echo "- BROKEN ($n): $1"; failed=1; fi
}
# The orders of channels with the stock check (the load generator's plain channel commits without it).
CHECKED="SELECT o.* FROM orders o JOIN channels c ON c.code = o.channel_code WHERE c.config -> 'required_checks_on_commit' ? 'stock'"
COMMITTED="SELECT i.sku, sum(i.qty) AS qty FROM order_items i JOIN ($CHECKED) o ON o.id = i.order_id GROUP BY i.sku"
check "no session has two orders" \
  "SELECT count(*) FROM (SELECT channel_code, session_key FROM orders GROUP BY 1, 2 HAVING count(*) > 1) d"
check "no SKU committed beyond its stock ($STOCK each)" \
  "SELECT count(*) FROM ($COMMITTED) c WHERE c.sku LIKE 'DRILL%' AND c.qty > $STOCK"
check "on hand = initial stock - units committed, for every SKU (each stock.commit applied once)" \
  "SELECT count(*) FROM stock_levels l LEFT JOIN ($COMMITTED) c ON c.sku = l.sku WHERE l.sku LIKE 'DRILL%' AND l.on_hand <> $STOCK - coalesce(c.qty, 0)"
check "no directive left running beyond its lease" \
  "SELECT count(*) FROM directives WHERE status = 'running' AND lease_expires_at < now()"
check "every order's holds fulfilled, none left active" \
  "SELECT count(*) FROM stock_holds h JOIN ($CHECKED) o ON o.channel_code = h.channel_code AND o.session_key = h.session_key WHERE h.status = 'active'"
check "units fulfilled per order and SKU = units ordered" \
  "SELECT count(*) FROM (SELECT o.ref, i.sku, sum(i.qty) AS ordered FROM ($CHECKED) o JOIN order_items i ON i.order_id = o.id GROUP BY o.ref, i.sku) x
     LEFT JOIN (SELECT order_ref, sku, sum(qty) AS fulfilled FROM stock_holds WHERE status = 'fulfilled' GROUP BY order_ref, sku) f
       ON f.order_ref = x.ref AND f.sku = x.sku
     WHERE coalesce(f.fulfilled, 0) <> x.ordered"
echo "- directives failed for good: $(sql "SELECT count(*) FROM directives WHERE status = 'failed'")"
echo "- orders: $(sql "SELECT count(*) FROM orders"); worker kills: $(( PHASE / 5 )); API restarts: 1; replica stops: 1"
exit $failed
