#!/usr/bin/env python3
"""The realistic scenario of deploy/bench/run.sh: people asking the function about
their data for a while, against a simulated workspace that answers slowly and limits
questions per minute.

  realistic.py FUNCTION_URL WORKSPACE_URL TOKEN CONCURRENCY SECONDS

Each of CONCURRENCY callers asks one question after another for SECONDS; after a
429 it waits the Retry-After it was given (as a well-behaved client would). Then it
reads the workspace's record and prints one line of key=value figures:

  turns (all answers), ok (200), r429, other (any other status, listed in statuses), answer_p50/p99 (ms,
  of the 200s), genie_qpm_max (questions Genie accepted in the busiest minute of the
  run), genie_refused (questions Genie refused for load), lag_p50/p99 (ms from the
  moment Genie had its answer to the moment the caller had the function's answer)."""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

fn, ws, token, concurrency, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
body = json.dumps({"messages": [{"role": "user", "content": "What is the total sales amount?"}]}).encode()
results = []  # (status, started, ended, message_id)
lock = threading.Lock()
stop = time.time() + seconds


def ask():
    request = urllib.request.Request(fn + "/invocations", data=body, method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    started = time.time()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            status, data, retry = response.status, response.read(), None
    except urllib.error.HTTPError as e:
        status, data, retry = e.code, e.read(), e.headers.get("Retry-After")
    ended = time.time()
    message = None
    if status == 200:
        for space in json.loads(data)["custom_outputs"]["genie"].values():
            message = space["message_id"]
    with lock:
        results.append((status, started, ended, message))
    return status, retry


def caller():
    while time.time() < stop:
        status, retry = ask()
        if status == 429 and retry:
            time.sleep(max(0.0, min(float(retry), stop - time.time())))


threads = [threading.Thread(target=caller) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()


def get(path):
    with urllib.request.urlopen(ws + path, timeout=60) as response:
        return json.loads(response.read())


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


completed = {m["messageId"]: m["completedEpochMicros"] for m in get("/sim/genie/messages")}
questions = [c for c in get("/sim/calls") if (c.get("tool") or "").startswith("query_space_")]
accepted = sorted(c["arrivedMicros"] for c in questions if c.get("genieStatus") != "RESOURCE_EXHAUSTED")
refused = sum(1 for c in questions if c.get("genieStatus") == "RESOURCE_EXHAUSTED")
busiest, j = 0, 0
for i, t in enumerate(accepted):  # most questions accepted in any 60 s window
    while accepted[j] <= t - 60_000_000:
        j += 1
    busiest = max(busiest, i - j + 1)
ok = [r for r in results if r[0] == 200]
answer = [(r[2] - r[1]) * 1000 for r in ok]
lag = [r[2] * 1000 - completed[r[3]] / 1000 for r in ok if r[3] in completed]
others = {}
for r in results:
    if r[0] not in (200, 429):
        others[r[0]] = others.get(r[0], 0) + 1
print(f"turns={len(results)} ok={len(ok)} r429={sum(1 for r in results if r[0] == 429)} "
      f"other={sum(others.values())} statuses={','.join(f'{k}:{v}' for k, v in sorted(others.items())) or '-'} "
      f"answer_p50={pct(answer, 50):.0f} answer_p99={pct(answer, 99):.0f} "
      f"genie_qpm_max={busiest} genie_refused={refused} "
      f"lag_p50={pct(lag, 50):.0f} lag_p99={pct(lag, 99):.0f}")
