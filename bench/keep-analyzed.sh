#!/usr/bin/env bash
# Runs ANALYZE on a benchmark database every few seconds for as long as its server lives.
#   bench/keep-analyzed.sh DATABASE SERVER_PID [seconds]
# A run starts from an empty database, and PostgreSQL analyzes a table at most once per
# autovacuum_naptime (a minute by default). Until then a prepared statement keeps the plan it got
# while its table was empty: in a checkout run, the stock check's and stock.commit's lookups of
# holds by id were sequential scans of a stock_holds growing to tens of thousands of rows, for
# however much of the run came before the first autoanalyze. A production database has its
# statistics; this keeps the benchmark's as fresh, so a run measures that state and not the
# autovacuum launcher's timing.
set -euo pipefail
db=$1 pid=$2 every=${3:-5}
export PGPASSWORD=${PGPASSWORD:-postgres}
while kill -0 "$pid" 2>/dev/null; do
  sleep "$every"
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "ANALYZE" >/dev/null 2>&1 || true
done
