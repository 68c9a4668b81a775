#!/usr/bin/env bash
# Runs the README's walkthrough as a newcomer would, so it cannot rot: the README's own server
# command on a fresh SQLite database, then every ```sh block of "Five minutes with curl" (up to
# "## The operator console") pasted in order into one shell. It fails when a command fails, when a value
# the walkthrough captures is missing, when any answer is an HTTP error other than the two the
# README shows on purpose (a 400 unknown_field, a 403 forbidden), or when the end state differs
# from what the README says.
set -euo pipefail
cd "$(dirname "$0")/.."

workdir=$(mktemp -d)
section() { awk -v from="$1" -v to="$2" '$0 ~ from {s=1} $0 ~ to && s {exit} s' README.md; }
sh_blocks() { awk '/^```sh$/ {f=1; next} /^```$/ && f {f=0; next} f'; }

serve=$(section '^## The two commands' '^Run the whole test suite' | sh_blocks)
[ -n "$serve" ] || { echo "README: no server command found" >&2; exit 1; }

echo "== README walkthrough: $serve"
# A fresh database, wherever the command would put its default one.
ConnectionStrings__Omniman="Data Source=$workdir/omniman.db" setsid bash -c "$serve" >"$workdir/server.log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$workdir"' EXIT
for _ in $(seq 1 180); do
  curl -sf http://127.0.0.1:5080/api/health >/dev/null 2>&1 && break
  sleep 1
done
curl -sf http://127.0.0.1:5080/api/health >/dev/null || { echo "server did not start" >&2; cat "$workdir/server.log" >&2; exit 1; }

{
  echo 'set -euo pipefail'
  # Every answer's status is recorded beside the walkthrough's own output.
  echo "curl() { local out; out=\$(command curl -w '\\n%{http_code}' \"\$@\"); printf '%s' \"\${out%\$'\\n'*}\"; echo \"\${out##*\$'\\n'}\" >>'$workdir/statuses'; }"
  section '^## Five minutes with curl' '^## The operator console' | sh_blocks
  cat <<'CHECK'
echo "== checking the end state the README describes"
test "$(curl -s -H "$AUTH" "$API/orders/$REF" | jq -r .status)" = confirmed
test "$(curl -s -H "$AUTH" "$API/sessions/$ORDER?channel_code=kiosk" | jq -c '.pricing | [.subtotal_q, .discount_q, .total_q]')" = "[1600,160,1440]"
for _ in $(seq 1 20); do
  [ "$(curl -s -H "$AUTH" "$API/stock/MUG" | jq -c '[.on_hand, .held]')" = "[3,0]" ] && break
  sleep 0.5
done
test "$(curl -s -H "$AUTH" "$API/stock/MUG" | jq -c '[.on_hand, .held]')" = "[3,0]"
test "$(curl -s -H "$AUTH" "$API/orders/$WEB_REF" | jq -r .status)" = new
for _ in $(seq 1 20); do
  [ "$(curl -s -H "$AUTH" "$API/orders/$PAID_REF" | jq -c '[.status, .payments[0].captured_q, .payments[0].refunded_q]')" = '["confirmed",4500,1500]' ] && break
  sleep 0.5
done
test "$(curl -s -H "$AUTH" "$API/orders/$PAID_REF" | jq -c '[.status, .payments[0].captured_q, .payments[0].refunded_q]')" = '["confirmed",4500,1500]'
CHECK
} >"$workdir/walkthrough.sh"

if ! bash "$workdir/walkthrough.sh" >"$workdir/walkthrough.log" 2>&1; then
  echo "README walkthrough failed:" >&2
  tail -n 40 "$workdir/walkthrough.log" >&2
  tail -n 40 "$workdir/server.log" >&2
  exit 1
fi
errors=$(grep -v '^2' "$workdir/statuses" | tr '\n' ' ')
if [ "$errors" != "400 403 " ]; then
  echo "README walkthrough: expected only the 400 and the 403 it shows on purpose, got: ${errors:-none}" >&2
  cat "$workdir/walkthrough.log" >&2
  exit 1
fi
echo "README walkthrough passed: $(wc -l <"$workdir/statuses") requests, end state as described"
