#!/usr/bin/env bash
# A local Omniman cluster, every part the real one from Debian's packages (docs/operations.md,
# "Several processes"): a PostgreSQL primary and a streaming replica made with pg_basebackup,
# Redis, two API processes, two workers, and HAProxy in front checking /health/ready.
#
#   bench/cluster.sh up                   install what is missing, build, start everything
#   bench/cluster.sh down                 stop everything this script started and delete its files
#   bench/cluster.sh status               what runs
#   bench/cluster.sh kill-worker N        SIGKILL worker N (1 or 2)
#   bench/cluster.sh start-worker N       start worker N again
#   bench/cluster.sh restart-api N        SIGTERM API process N (it drains), start it again
#   bench/cluster.sh replica-stop|replica-start
#
# The load balancer listens on 127.0.0.1:5300 (API processes on 5301 and 5302); the admin key is
# $CLUSTER_KEY (cluster-secret). Everything lives under $OMNIMAN_CLUSTER_DIR (/tmp/omniman-cluster).
set -euo pipefail
cd "$(dirname "$0")/.."

DIR=${OMNIMAN_CLUSTER_DIR:-/tmp/omniman-cluster}
KEY=${CLUSTER_KEY:-cluster-secret}
PG_BIN=/usr/lib/postgresql/15/bin
PRIMARY_PORT=55432
REPLICA_PORT=55433
REDIS_PORT=56379
LB_PORT=5300
API_PORTS=(0 5301 5302)
SERVER=src/Omniman.Server/bin/Release/net10.0/Omniman.Server
PG="Host=127.0.0.1;Username=postgres;Database=omniman;SSL Mode=Disable"

as_postgres() { runuser -u postgres -- "$@"; }

install_packages() {
  local missing=()
  [ -x "$PG_BIN/postgres" ] || missing+=(postgresql-15 postgresql-client-15)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

wait_for() { # URL SECONDS
  for _ in $(seq 1 $(( $2 * 4 ))); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.25
  done
  echo "$1 did not answer within $2 s" >&2
  return 1
}

# The settings every Omniman process of the cluster shares.
omniman_env() {
  export Omniman__Database__Provider=Postgres
  export ConnectionStrings__Omniman="$PG;Port=$PRIMARY_PORT;Maximum Pool Size=40"
  export ConnectionStrings__OmnimanReadOnly="$PG;Port=$REPLICA_PORT;Maximum Pool Size=20;Timeout=2"
  export ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT"
  export Omniman__Auth__BootstrapApiKey=$KEY
  export Logging__LogLevel__Default=Warning
  # A worker killed mid-run leaves its leases: another takes them over after this long.
  export Omniman__Directives__LeaseSeconds=${CLUSTER_LEASE_SECONDS:-10}
}

start_api() { # N
  local n=$1
  (omniman_env; export Omniman__Worker__Enabled=false
   exec "$SERVER" serve --urls "http://127.0.0.1:${API_PORTS[$n]}" >>"$DIR/api$n.log" 2>&1) &
  echo $! >"$DIR/api$n.pid"
  wait_for "http://127.0.0.1:${API_PORTS[$n]}/health/ready" 60
}

start_worker() { # N
  local n=$1
  (omniman_env; exec "$SERVER" worker >>"$DIR/worker$n.log" 2>&1) &
  echo $! >"$DIR/worker$n.pid"
}

stop_pid() { # FILE SIGNAL
  [ -f "$1" ] || return 0
  local pid
  pid=$(cat "$1")
  kill "-$2" "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$1"
}

pg_ctl_as() { as_postgres "$PG_BIN/pg_ctl" "$@" >/dev/null; }

up() {
  install_packages
  down >/dev/null 2>&1 || true
  echo "== building"
  dotnet build -c Release src/Omniman.Server -v quiet -nologo >/dev/null
  mkdir -p "$DIR" && chown postgres "$DIR"

  echo "== PostgreSQL primary on $PRIMARY_PORT"
  as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust >/dev/null
  cat >>"$DIR/primary/postgresql.conf" <<EOF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 5
max_connections = 300
shared_buffers = 256MB
synchronous_commit = on
EOF
  pg_ctl_as -D "$DIR/primary" -l "$DIR/primary.log" -w start
  as_postgres psql -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -qc "CREATE DATABASE omniman" >/dev/null

  echo "== PostgreSQL replica on $REPLICA_PORT (pg_basebackup, streaming)"
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p $PRIMARY_PORT -U postgres -D "$DIR/replica" -R -X stream -c fast >/dev/null
  echo "port = $REPLICA_PORT" >>"$DIR/replica/postgresql.auto.conf"
  pg_ctl_as -D "$DIR/replica" -l "$DIR/replica.log" -w start

  echo "== Redis on $REDIS_PORT"
  redis-server --daemonize yes --bind 127.0.0.1 --port $REDIS_PORT --save '' --appendonly no \
    --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null

  echo "== API processes on ${API_PORTS[1]} and ${API_PORTS[2]}, two workers"
  start_api 1   # the first migrates the new database
  start_api 2
  start_worker 1
  start_worker 2

  echo "== HAProxy on $LB_PORT"
  cat >"$DIR/haproxy.cfg" <<EOF
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # A request that never reached a process (it was stopping or gone) goes to the other one.
  retries 3
  option redispatch
  retry-on conn-failure
frontend omniman
  bind 127.0.0.1:$LB_PORT
  default_backend api
backend api
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  server api1 127.0.0.1:${API_PORTS[1]} check
  server api2 127.0.0.1:${API_PORTS[2]} check
EOF
  haproxy -f "$DIR/haproxy.cfg" -D -p "$DIR/haproxy.pid"
  wait_for "http://127.0.0.1:$LB_PORT/health/ready" 30
  echo "== up: http://127.0.0.1:$LB_PORT (key $KEY); bench/cluster.sh down stops it"
}

down() {
  stop_pid "$DIR/haproxy.pid" TERM
  for n in 1 2; do stop_pid "$DIR/api$n.pid" TERM; stop_pid "$DIR/worker$n.pid" TERM; done
  stop_pid "$DIR/redis.pid" TERM
  for node in replica primary; do
    [ -f "$DIR/$node/postmaster.pid" ] && pg_ctl_as -D "$DIR/$node" -m fast -w stop || true
  done
  rm -rf "$DIR"
  echo "== down"
}

status() {
  for f in haproxy redis api1 api2 worker1 worker2; do
    if [ -f "$DIR/$f.pid" ] && kill -0 "$(cat "$DIR/$f.pid")" 2>/dev/null; then echo "$f: running"; else echo "$f: stopped"; fi
  done
  for node in primary replica; do
    if [ -f "$DIR/$node/postmaster.pid" ]; then echo "postgres $node: running"; else echo "postgres $node: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill-worker) stop_pid "$DIR/worker$2.pid" KILL ;;
  start-worker) start_worker "$2" ;;
  restart-api) stop_pid "$DIR/api$2.pid" TERM; start_api "$2" ;;
  replica-stop) pg_ctl_as -D "$DIR/replica" -m fast -w stop ;;
  replica-start) pg_ctl_as -D "$DIR/replica" -l "$DIR/replica.log" -w start ;;
  *) sed -n '2,16p' "$0" >&2; exit 2 ;;
esac
