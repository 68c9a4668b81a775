#!/usr/bin/env bash
# Runs the README's walkthrough as a newcomer would, so it cannot rot: the README's own server
# command on a fresh SQLite database, then every ```sh block of "Five minutes with curl" pasted in
# order into one shell; then "An iFood order, simulated": its simulator command and its second
# server command started as the README says (the first server stopped), and its last block pasted
# into the same shell. It fails when a command fails, when a value the walkthrough captures is
# missing, when any answer is an HTTP error other than the two the README shows on purpose (a 400
# unknown_field, a 403 forbidden), or when the end state differs from what the README says.
set -euo pipefail
cd "$(dirname "$0")/.."

workdir=$(mktemp -d)
section() { awk -v from="$1" -v to="$2" '$0 ~ from {s=1} $0 ~ to && s {exit} s' README.md; }
sh_blocks() { awk '/^```sh$/ {f=1; next} /^```$/ && f {f=0; next} f'; }
# The Nth ```sh block of the input (1-based).
sh_block() { awk -v n="$1" '/^```sh$/ {i++; f=(i==n); next} /^```$/ && f {f=0; next} f'; }
# (command curl: the walkthrough's shell, which calls these, records its own curl's answers.)
wait_for() { for _ in $(seq 1 180); do command curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 1; done; command curl -sf "$1" >/dev/null; }

serve=$(section '^## The two commands' '^Run the whole test suite' | sh_blocks)
[ -n "$serve" ] || { echo "README: no server command found" >&2; exit 1; }

echo "== README walkthrough: $serve"
# A fresh database, wherever the command would put its default one.
export ConnectionStrings__Omniman="Data Source=$workdir/omniman.db"
setsid bash -c "$serve" >"$workdir/server.log" 2>&1 &
echo $! >"$workdir/pids"
trap 'for p in $(cat "$workdir/pids"); do kill -- -$p 2>/dev/null || true; done; sleep 1; rm -rf "$workdir"' EXIT
wait_for http://127.0.0.1:5080/api/health || { echo "server did not start" >&2; cat "$workdir/server.log" >&2; exit 1; }

# "An iFood order, simulated": the simulator in a second shell, and the server started again with its settings.
ifood=$(section '^## An iFood order, simulated' '^## The operator console')
simulate=$(sh_block 1 <<<"$ifood") reserve=$(sh_block 2 <<<"$ifood")
[ -n "$simulate" ] && [ -n "$reserve" ] || { echo "README: the iFood section's simulator or server command is missing" >&2; exit 1; }
# Called from the walkthrough's shell where the section says to: the simulator in its own process
# group, the first server stopped, then the section's server command on the same database.
switch_to_ifood() {
  echo "== README iFood section: $simulate"
  setsid bash -c "$simulate" >"$workdir/simulator.log" 2>&1 &
  echo $! >>"$workdir/pids"
  kill -- "-$(head -n 1 "$workdir/pids")"
  wait_for http://127.0.0.1:5090/_simulator/ifood/state || { echo "simulator did not start" >&2; cat "$workdir/simulator.log" >&2; return 1; }
  while command curl -sf http://127.0.0.1:5080/api/health >/dev/null 2>&1; do sleep 0.5; done
  echo "== README iFood section: $reserve"
  setsid bash -c "$reserve" >"$workdir/server-ifood.log" 2>&1 &
  echo $! >>"$workdir/pids"
  wait_for http://127.0.0.1:5080/api/health || { echo "server did not start with the iFood settings" >&2; cat "$workdir/server-ifood.log" >&2; return 1; }
}
export workdir simulate reserve
export -f wait_for switch_to_ifood

{
  echo 'set -euo pipefail'
  # Every answer's status is recorded beside the walkthrough's own output.
  echo "curl() { local out; out=\$(command curl -w '\\n%{http_code}' \"\$@\"); printf '%s' \"\${out%\$'\\n'*}\"; echo \"\${out##*\$'\\n'}\" >>'$workdir/statuses'; }"
  section '^## Five minutes with curl' '^## An iFood order, simulated' | sh_blocks
  echo 'switch_to_ifood'
  sh_block 3 <<<"$ifood"
  cat <<'CHECK'
echo "== checking the end state the README describes"
test "$(curl -s -H "$AUTH" "$API/orders/$IFOOD_REF" | jq -r .status)" = dispatched
test "$(curl -s http://127.0.0.1:5090/_simulator/ifood/state | jq -c '[.actions[].action]')" = '["confirm","readyToPickup","dispatch"]'
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

if ! timeout 900 bash "$workdir/walkthrough.sh" >"$workdir/walkthrough.log" 2>&1; then
  echo "README walkthrough failed:" >&2
  tail -n 40 "$workdir/walkthrough.log" >&2
  for log in server server-ifood simulator; do [ -f "$workdir/$log.log" ] && tail -n 40 "$workdir/$log.log" >&2; done
  exit 1
fi
errors=$(grep -v '^2' "$workdir/statuses" | tr '\n' ' ')
if [ "$errors" != "400 403 " ]; then
  echo "README walkthrough: expected only the 400 and the 403 it shows on purpose, got: ${errors:-none}" >&2
  cat "$workdir/walkthrough.log" >&2
  exit 1
fi
echo "README walkthrough passed: $(wc -l <"$workdir/statuses") requests, end state as described"
