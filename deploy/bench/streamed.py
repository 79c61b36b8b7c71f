#!/usr/bin/env python3
"""The streamed-turn measure of deploy/bench/run.sh: one streamed one-tool turn after
another, timed as a chat UI sees them.

  streamed.py FUNCTION_URL WORKSPACE_URL TOKEN TURNS

For each turn it notes, from the moment the request is sent: the first byte, the first
Genie status event, the first piece of the answer's text, and the end ([DONE]); and
how long after the simulated LLM sent that first piece (the workspace's record of its
streams, same wall clock) it reached this client. Prints one line of key=value
figures, medians and 99th percentiles in ms."""
import http.client
import json
import sys
import time
import urllib.parse
import urllib.request

fn, ws, token, turns = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = urllib.parse.urlparse(fn)
body = json.dumps({"messages": [{"role": "user", "content": "What is the total sales amount?"}], "stream": True})
timings = []  # (first byte, first status, first answer piece, end) in s since the request, answer piece epoch s

for _ in range(turns):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    started = time.time()
    connection.request("POST", "/invocations", body=body, headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    response = connection.getresponse()
    first_byte = first_status = None
    pieces = {}  # message id -> epoch of its first piece
    answer = None
    while True:
        line = response.readline()
        now = time.time()
        if not line:
            break
        if first_byte is None:
            first_byte = now
        line = line.decode().strip()
        if not line.startswith("data: "):
            continue
        data = line[6:]
        if data == "[DONE]":
            break
        event = json.loads(data)
        if "genie_status" in (event.get("custom_outputs") or {}) and first_status is None:
            first_status = now
        delta = event.get("delta") or {}
        if delta.get("role") == "assistant" and delta.get("content") and not delta.get("tool_calls"):
            pieces.setdefault(delta["id"], now)
        if event.get("finish_reason"):
            answer = delta.get("id")
    ended = time.time()
    connection.close()
    timings.append((first_byte - started, first_status - started, pieces[answer] - started, ended - started,
                    pieces[answer]))


def get(path):
    with urllib.request.urlopen(ws + path, timeout=60) as reply:
        return json.loads(reply.read())


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


answers = [s for s in get("/sim/llm/streams") if not s["toolCalls"]][-turns:]
relay = [(t[4] * 1e6 - s["firstTextEpochMicros"]) / 1000 for t, s in zip(timings, answers)]
ms = lambda i, p: pct([t[i] * 1000 for t in timings], p)
print(f"ttfb_p50={ms(0, 50):.1f} status_p50={ms(1, 50):.1f} token_p50={ms(2, 50):.1f} end_p50={ms(3, 50):.1f} "
      f"relay_p50={pct(relay, 50):.1f} relay_p99={pct(relay, 99):.1f}")
