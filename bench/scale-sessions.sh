#!/usr/bin/env bash
# Session modify and read latency as the table grows: seeds N sessions (mostly committed or
# abandoned, as a live table is) into a fresh PostgreSQL database behind a running Release
# server, then times modify and GET over HTTP on sessions opened for the run.
#   bench/scale-sessions.sh 10000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD=${PGPASSWORD:-postgres}
for n in "$@"; do
  pid=$(bench/run-server.sh postgres 5097)
  psql -h 127.0.0.1 -U postgres -d omniman_bench -q <<SQL
INSERT INTO sessions (session_key, channel_code, state, pricing_policy, edit_policy, rev, items, data, pricing, total_q, opened_at, updated_at)
SELECT 'SCALE-' || g, CASE WHEN g % 10 = 0 THEN 'shop' ELSE 'pos' END,
       CASE WHEN g % 20 = 0 THEN 'open' WHEN g % 7 = 0 THEN 'abandoned' ELSE 'committed' END, 'internal', 'open', 3,
       '[{"line_id":"L-1","sku":"SKU","qty":1,"unit_price_q":1000,"line_total_q":1000}]'::jsonb, '{}'::jsonb,
       '{"subtotal_q":1000,"discount_q":0,"fees_q":0,"total_q":1000}'::jsonb, 1000,
       now() - (($n - g) || ' seconds')::interval, now() - (($n - g) || ' seconds')::interval
  FROM generate_series(1, $n) g;
VACUUM ANALYZE sessions;
CHECKPOINT;
SQL
  python3 - "$n" <<'PY'
import json, sys, time, urllib.request
n = sys.argv[1]
api = "http://127.0.0.1:5097/api"
def call(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(api + path, data=data, method="GET" if body is None else "POST",
                                 headers={"Authorization": "Bearer bench-secret", "Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        parsed = json.loads(r.read())
    return (time.perf_counter() - started) * 1000, parsed
keys = [call("/sessions", {"channel_code": "pos"})[1]["session_key"] for _ in range(20)]
def measure(label, request, count=500):
    for i in range(100): request(i)
    times = sorted(request(i)[0] for i in range(count))
    print(f"{n:>8} sessions  {label:<10} p50 {times[len(times)//2]:6.2f} ms  p99 {times[int(len(times)*0.99)-1]:6.2f} ms")
measure("modify", lambda i: call(f"/sessions/{keys[i % 20]}/modify",
        {"channel_code": "pos", "ops": [{"op": "set_data", "path": "note", "value": f"n{i}"}]}))
measure("GET", lambda i: call(f"/sessions/{keys[i % 20]}?channel_code=pos"))
PY
  kill "$pid"
done
