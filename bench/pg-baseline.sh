#!/usr/bin/env bash
# What PostgreSQL alone does on this machine for the transactions behind a modify and a commit,
# so the load generator's figures can be read as a ratio. Runs pgbench against a scratch database
# with tables shaped like Omniman's (jsonb documents, the same indexes on the hot paths).
#   bench/pg-baseline.sh [clients] [seconds]
set -euo pipefail
clients=${1:-32}
seconds=${2:-10}
export PGPASSWORD=${PGPASSWORD:-postgres}
export PGSSLMODE=${PGSSLMODE:-disable}   # loopback, as bench/run-server.sh
pgbench=/usr/lib/postgresql/15/bin/pgbench
db=omniman_baseline
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
psql -h 127.0.0.1 -U postgres -d $db -q <<'SQL'
CREATE TABLE sessions (id bigserial PRIMARY KEY, channel_code varchar(64), session_key varchar(64), rev int, data jsonb, items jsonb,
  pricing jsonb, total_q bigint, state varchar(16), updated_at timestamptz);
CREATE UNIQUE INDEX ON sessions (channel_code, session_key);
CREATE TABLE directives (id bigserial PRIMARY KEY, topic varchar(64), status varchar(16), payload jsonb, attempts int,
  available_at timestamptz, created_at timestamptz, updated_at timestamptz);
CREATE INDEX ON directives (status, available_at);
CREATE TABLE orders (id bigserial PRIMARY KEY, ref varchar(64) UNIQUE, channel_code varchar(64), session_key varchar(64), status varchar(32),
  total_q bigint, snapshot jsonb, created_at timestamptz);
CREATE UNIQUE INDEX ON orders (channel_code, session_key);
CREATE TABLE order_items (id bigserial PRIMARY KEY, order_id bigint REFERENCES orders(id), sku varchar(64), qty numeric(28,10), unit_price_q bigint, line_total_q bigint);
CREATE TABLE order_events (id bigserial PRIMARY KEY, order_id bigint REFERENCES orders(id), type varchar(64), payload jsonb, created_at timestamptz);
INSERT INTO sessions (channel_code, session_key, rev, data, items, pricing, total_q, state, updated_at)
  SELECT 'bench', 'S' || g, 0, '{}', '[]', '{}', 0, 'open', now() FROM generate_series(1, 100000) g;
SQL
cat > /tmp/omniman-modify.sql <<'SQL'
\set k random(1, 100000)
BEGIN;
SELECT * FROM sessions WHERE channel_code = 'bench' AND session_key = 'S' || :k FOR UPDATE;
UPDATE sessions SET rev = rev + 1, data = jsonb_set(data, '{note}', to_jsonb(:k)), items = '[{"line_id":"L-1","sku":"A","qty":1,"unit_price_q":1250,"line_total_q":1250}]', total_q = 1250, updated_at = now()
  WHERE channel_code = 'bench' AND session_key = 'S' || :k;
INSERT INTO directives (topic, status, payload, attempts, available_at, created_at, updated_at)
  VALUES ('stock.hold', 'queued', jsonb_build_object('session_key', 'S' || :k, 'rev', 1), 0, now(), now(), now());
COMMIT;
SQL
cat > /tmp/omniman-commit.sql <<'SQL'
BEGIN;
INSERT INTO sessions (channel_code, session_key, rev, data, items, pricing, total_q, state, updated_at)
  VALUES ('commit', md5(random()::text), 1, '{}', '[]', '{}', 3750, 'open', now()) RETURNING id \gset s_
SELECT * FROM sessions WHERE id = :s_id FOR UPDATE;
INSERT INTO orders (ref, channel_code, session_key, status, total_q, snapshot, created_at)
  VALUES (md5(random()::text), 'commit', md5(random()::text), 'new', 3750, '{"_v":1}', now()) RETURNING id \gset o_
INSERT INTO order_items (order_id, sku, qty, unit_price_q, line_total_q) VALUES (:o_id, 'A', 1, 1250, 1250), (:o_id, 'B', 1, 1250, 1250), (:o_id, 'C', 1, 1250, 1250);
INSERT INTO order_events (order_id, type, payload, created_at) VALUES (:o_id, 'created', '{}', now());
UPDATE sessions SET state = 'committed', updated_at = now() WHERE id = :s_id;
INSERT INTO directives (topic, status, payload, attempts, available_at, created_at, updated_at)
  VALUES ('stock.commit', 'queued', '{}', 0, now(), now(), now());
COMMIT;
SQL
for script in modify commit; do
  tps=$($pgbench -h 127.0.0.1 -U postgres -n -c "$clients" -j 2 -T "$seconds" -f /tmp/omniman-$script.sql $db 2>/dev/null \
    | awk '/^tps/ {print $3; exit}')
  echo "raw $script transactions: $tps per second ($clients clients, $seconds s)"
done
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
