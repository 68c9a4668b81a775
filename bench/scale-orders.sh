#!/usr/bin/env bash
# Order list latency as the table grows: seeds N orders straight into a fresh PostgreSQL database
# behind a running Release server, then times list pages (first page, a filtered page, and a page
# deep behind a cursor) over HTTP.
#   bench/scale-orders.sh 10000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD=${PGPASSWORD:-postgres}
for n in "$@"; do
  pid=$(bench/run-server.sh postgres 5095)
  psql -h 127.0.0.1 -U postgres -d omniman_bench -q <<SQL
INSERT INTO orders (ref, channel_code, session_key, status, currency, total_q, snapshot, created_at, updated_at)
SELECT 'ORD-SCALE-' || g, CASE WHEN g % 10 = 0 THEN 'shop' ELSE 'pos' END, 'SCALE-' || g,
       CASE WHEN g % 3 = 0 THEN 'confirmed' ELSE 'new' END, 'BRL', 1000 + g % 500, '{"_v":1}'::jsonb,
       now() - (($n - g) || ' seconds')::interval, now()
  FROM generate_series(1, $n) g;
INSERT INTO order_items (order_id, line_id, sku, name, qty, unit_price_q, line_total_q)
SELECT id, 'L-1', 'SKU', 'Item', 1, total_q, total_q FROM orders;
ANALYZE;
SQL
  python3 - "$n" <<'PY'
import json, sys, time, urllib.request
n = sys.argv[1]
api = "http://127.0.0.1:5095/api"
def get(path):
    req = urllib.request.Request(api + path, headers={"Authorization": "Bearer bench-secret"})
    started = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = json.loads(r.read())
    return (time.perf_counter() - started) * 1000, body
def measure(label, path, count=200):
    for _ in range(20): get(path)
    times = sorted(get(path)[0] for _ in range(count))
    print(f"{n:>8} orders  {label:<28} p50 {times[len(times)//2]:6.2f} ms  p99 {times[int(len(times)*0.99)-1]:6.2f} ms")
measure("first page", "/orders?page_size=25")
measure("status filter", "/orders?status=confirmed&page_size=25")
_, page = get("/orders?page_size=100")
cursor = page["next"]
for _ in range(50):
    _, page = get(cursor[cursor.index("/orders"):]); cursor = page["next"]
measure("page 51 behind a cursor", cursor[cursor.index("/orders"):])
PY
  kill "$pid"
done
