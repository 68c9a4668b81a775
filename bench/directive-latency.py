#!/usr/bin/env python3
"""How long a directive waits from creation to start under light load.

Starts nothing itself: point it at a running server (serve mode, worker on) with an admin key.
It opens sessions on a channel that requires the stock check, sends one modify every --gap
seconds, then reads the stock.hold directives back and reports started_at - created_at.

    python3 bench/directive-latency.py --url http://127.0.0.1:5080 --key dev-secret --count 200
"""
import argparse, json, statistics, time, urllib.request, uuid
from datetime import datetime


def call(url, key, method="GET", body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return json.loads(resp.read() or b"null")


def stamp(text):
    """ISO 8601 with up to 7 fraction digits (what .NET writes) to a datetime."""
    head, _, frac = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(head + "." + (frac + "000000")[:6] + "+00:00")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", default="http://127.0.0.1:5080")
    p.add_argument("--key", default="dev-secret")
    p.add_argument("--count", type=int, default=200)
    p.add_argument("--gap", type=float, default=0.05)
    a = p.parse_args()
    api = a.url.rstrip("/") + "/api"
    channel = "lat-" + uuid.uuid4().hex[:8]
    sku = "LAT-" + uuid.uuid4().hex[:8]
    call(f"{api}/stock/{sku}", a.key, "PUT", {"on_hand": 1_000_000})
    call(f"{api}/channels", a.key, "POST", {"code": channel, "name": channel,
                                            "config": {"required_checks_on_commit": ["stock"]}})
    keys = []
    for _ in range(a.count):
        session = call(f"{api}/sessions", a.key, "POST", {"channel_code": channel})
        call(f"{api}/sessions/{session['session_key']}/modify", a.key, "POST",
             {"channel_code": channel, "ops": [{"op": "add_line", "sku": sku, "qty": 1, "unit_price_q": 100}]})
        keys.append(session["session_key"])
        time.sleep(a.gap)
    time.sleep(2)
    waits, url = [], f"{api}/directives?topic=stock.hold&page_size=100"
    wanted = set(keys)
    while url and len(waits) < a.count:
        page = call(url, a.key)
        for d in page["results"]:
            if d["payload"]["session_key"] in wanted and d["started_at"]:
                waits.append((stamp(d["started_at"]) - stamp(d["created_at"])).total_seconds() * 1000)
        url = page["next"]
    waits.sort()
    q = lambda f: waits[min(len(waits) - 1, int(f * len(waits)))]
    print(f"directives: {len(waits)}  wait ms  p50 {q(0.5):.1f}  p95 {q(0.95):.1f}  p99 {q(0.99):.1f}  max {waits[-1]:.1f}  mean {statistics.mean(waits):.1f}")


if __name__ == "__main__":
    main()
