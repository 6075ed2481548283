#!/usr/bin/env python3
# Hand-run harness (not part of the build): see trace-api/README.md, "Measured".
# Usage: audit_cost.py <api-url> <bearer-token> <serial of a P1 unit> <clickhouse-http-url>/
# Audit-write cost on a record lookup: end-to-end latency of GET /v1/units/{serial} (audited) and
# the audit insert's own time from Server-Timing; sequential and 8 concurrent clients. Then the bare
# INSERT over ClickHouse HTTP, async_insert=1+wait vs async_insert=0, for reference.
import sys, time, json, threading, urllib.request, base64, statistics, uuid
api, token, serial, ch = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def get(path):
    req = urllib.request.Request(api + path, headers={"Authorization": "Bearer " + token, "Accept": "application/json"})
    t = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        r.read(); st = r.headers.get("Server-Timing", "")
    total = (time.perf_counter() - t) * 1000
    audit = float(st.split("dur=")[1]) if "dur=" in st else float("nan")
    return total, audit
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
def report(name, rows):
    tot = [r[0] for r in rows]; aud = [r[1] for r in rows]
    print(f"{name}: n={len(rows)} request p50={pct(tot,50):.1f} ms p99={pct(tot,99):.1f} ms | audit insert p50={pct(aud,50):.1f} ms p99={pct(aud,99):.1f} ms | audit share of p50 {100*pct(aud,50)/pct(tot,50):.0f}%")
for _ in range(20): get(f"/v1/units/{serial}")
report("sequential GET /v1/units/{serial}", [get(f"/v1/units/{serial}") for _ in range(200)])
report("sequential GET /v1/units/{serial}/record", [get(f"/v1/units/{serial}/record") for _ in range(200)])
rows = []; lock = threading.Lock()
def worker():
    for _ in range(50):
        r = get(f"/v1/units/{serial}")
        with lock: rows.append(r)
ts = [threading.Thread(target=worker) for _ in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
report("8 concurrent clients GET /v1/units/{serial}", rows)
auth = "Basic " + base64.b64encode(b"trace:trace-local").decode()
def insert(settings):
    sql = ("INSERT INTO trace_api_it.record_access (accessed_at, subject, printed_name, roles, plants, token_id, action, target_kind, target, target_plant, outcome, http_status, request_id, client_address) "
           f"SETTINGS {settings} VALUES (now64(6), 'bench', 'Bench', ['quality'], ['P1'], 'j', 'BENCH', 'UNIT', 'BENCH-SERIAL', 'P1', 'FOUND', 200, '{uuid.uuid4()}', '127.0.0.1')")
    t = time.perf_counter()
    urllib.request.urlopen(urllib.request.Request(ch, data=sql.encode(), headers={"Authorization": auth})).read()
    return (time.perf_counter() - t) * 1000
for s in ["async_insert = 1, wait_for_async_insert = 1", "async_insert = 0"]:
    xs = [insert(s) for _ in range(100)]
    print(f"bare INSERT ({s}): p50={pct(xs,50):.1f} ms p99={pct(xs,99):.1f} ms")
