#!/usr/bin/env bash
# Directive claim latency as the table grows: seeds N done directives and 1,000 due ones into a
# fresh, migrated PostgreSQL database, then runs the worker's claim statement (20 rows, SKIP
# LOCKED) with pgbench, rolled back each time so the queue stays as seeded.
#   bench/scale-directives.sh 10000 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
export PGPASSWORD=${PGPASSWORD:-postgres}
pgbench=/usr/lib/postgresql/15/bin/pgbench
cat > /tmp/omniman-claim.sql <<'SQL'
BEGIN;
WITH lapsed AS (
       SELECT id FROM directives
        WHERE status = 'running' AND lease_expires_at <= now() AND attempts < 5 AND topic = ANY('{bench.claim}')
        ORDER BY lease_expires_at
        LIMIT 20
          FOR UPDATE SKIP LOCKED),
     due AS (
       SELECT id FROM directives
        WHERE status = 'queued' AND available_at <= now() AND topic = ANY('{bench.claim}')
        ORDER BY available_at, id
        LIMIT 20
          FOR UPDATE SKIP LOCKED)
UPDATE directives AS d
   SET status = 'running', attempts = d.attempts + 1, started_at = now(), updated_at = now(), lease_expires_at = now() + interval '60 seconds'
 WHERE d.id IN (SELECT id FROM lapsed UNION ALL SELECT id FROM due LIMIT 20)
RETURNING d.*;
ROLLBACK;
SQL
for n in "$@"; do
  # The server creates and migrates the database; its worker serves no bench.claim handler.
  pid=$(bench/run-server.sh postgres 5096)
  psql -h 127.0.0.1 -U postgres -d omniman_bench -q <<SQL
INSERT INTO directives (topic, status, payload, attempts, available_at, created_at, started_at, updated_at)
SELECT 'bench.claim', 'done', '{}'::jsonb, 1, now() - (($n - g) || ' seconds')::interval,
       now() - (($n - g) || ' seconds')::interval, now() - (($n - g) || ' seconds')::interval, now()
  FROM generate_series(1, $n) g;
INSERT INTO directives (topic, status, payload, attempts, available_at, created_at, updated_at)
SELECT 'bench.claim', 'queued', '{}'::jsonb, 0, now() - (g || ' milliseconds')::interval, now(), now()
  FROM generate_series(1, 1000) g;
VACUUM ANALYZE directives;
CHECKPOINT;
SQL
  for clients in 1 8; do
    out=$($pgbench -h 127.0.0.1 -U postgres -n -c $clients -j 2 -T 10 -r -f /tmp/omniman-claim.sql omniman_bench 2>/dev/null)
    latency=$(echo "$out" | awk '/WITH lapsed/ {print $1; exit}')
    tps=$(echo "$out" | awk '/^tps/ {print $3; exit}')
    printf "%9d done directives  %d claimer(s)  claim statement %6s ms  %8.0f claims/s\n" "$n" "$clients" "$latency" "$tps"
  done
  kill "$pid"
done
