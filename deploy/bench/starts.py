#!/usr/bin/env python3
"""The start and cost measure of deploy/bench/native.sh: starts the function again and
again and times each start from exec, without forking a probe per attempt (a curl loop
costs the function CPU on two cores, and milliseconds are being measured).

  starts.py RUNS KIND=COMMAND [KIND=COMMAND ...]

Environment: FN_PORT (the port the commands make the function listen on), TOKEN (a
caller's token), EXPECT (text the answer must hold), TURNS (turns after the first, on
one more start of each kind; default 1000), COST_TURNS (turns whose CPU is counted, after
those; default 2000), WARM_TURNS (turns of an uncounted start of each kind first, which warm
the workspace's JVM; default 2000). A COMMAND is split on spaces.

Per start, one kind after another so that a slow moment hits all alike: exec -> port
open (a TCP connect succeeds) -> ready (GET /q/health/ready answers 200) -> first
answered turn (POST /invocations answers 200 holding EXPECT), and the resident memory
(VmRSS) after that turn. Then one start of each kind answers TURNS turns (4 callers at
once) and its VmRSS is read; then COST_TURNS more, and their CPU (user + system,
/proc/PID/stat) per turn. Prints a Markdown table: medians (min-max) in ms."""
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

PORT = int(os.environ["FN_PORT"])
TOKEN = os.environ["TOKEN"]
EXPECT = os.environ.get("EXPECT", "2000")
TURNS = int(os.environ.get("TURNS", "1000"))
COST_TURNS = int(os.environ.get("COST_TURNS", "2000"))
WARM_TURNS = int(os.environ.get("WARM_TURNS", "2000"))
BODY = json.dumps({"messages": [{"role": "user", "content": "What is the total sales amount?"}]})
HZ = os.sysconf("SC_CLK_TCK")


def ms(since):
    return (time.perf_counter() - since) * 1000


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / HZ  # utime, stime


def request(connection, method, path, body=None, headers=None):
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def turn(connection):
    status, body = request(connection, "POST", "/invocations", BODY,
                           {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    return status == 200 and EXPECT.encode() in body


def start(command):
    """Starts the command; returns (process, perf_counter at exec)."""
    log = open(os.devnull, "w")
    began = time.perf_counter()
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), began


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def until(condition, process, what, deadline_s=60):
    limit = time.perf_counter() + deadline_s
    while True:
        if process.poll() is not None:
            raise SystemExit(f"the function exited while waiting for {what} (exit {process.returncode})")
        try:
            if condition():
                return
        except (OSError, http.client.HTTPException):
            pass
        if time.perf_counter() > limit:
            raise SystemExit(f"no {what} within {deadline_s} s")
        time.sleep(0.001)


def port_open():
    with socket.create_connection(("127.0.0.1", PORT), timeout=1):
        return True


def ready():
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        return request(connection, "GET", "/q/health/ready")[0] == 200
    finally:
        connection.close()


def answered():
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    try:
        return turn(connection)
    finally:
        connection.close()


def one_start(command):
    process, began = start(command)
    try:
        until(port_open, process, "open port")
        port = ms(began)
        until(ready, process, "readiness")
        up = ms(began)
        until(answered, process, "answered turn")
        first = ms(began)
        return port, up, first, rss_mib(process.pid)
    finally:
        stop(process)


def load(turns, callers=4):
    """turns turns from callers threads, each on its own kept-alive connection; returns failures."""
    left = [turns]
    failures = [0]
    lock = threading.Lock()

    def caller():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while True:
            with lock:
                if left[0] == 0:
                    break
                left[0] -= 1
            if not turn(connection):
                with lock:
                    failures[0] += 1
        connection.close()

    threads = [threading.Thread(target=caller) for _ in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures[0]


def costs(command):
    process, _ = start(command)
    try:
        until(answered, process, "answered turn")
        failed = load(TURNS)
        after = rss_mib(process.pid)
        before_cpu = cpu_s(process.pid)
        failed += load(COST_TURNS)
        per_turn = (cpu_s(process.pid) - before_cpu) * 1000 / COST_TURNS
        return after, per_turn, failed
    finally:
        stop(process)


def spread(values):
    return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"


def main():
    runs = int(sys.argv[1])
    kinds = [arg.split("=", 1) for arg in sys.argv[2:]]
    kinds = [(name, command.split()) for name, command in kinds]
    for name, command in kinds:  # uncounted: the workspace's own JIT (a cold workspace answers slowly
        process, _ = start(command)  # and takes the CPU the function would have), the page cache
        try:
            until(answered, process, "answered turn")
            load(WARM_TURNS)
        finally:
            stop(process)
        one_start(command)
    results = {name: [] for name, _ in kinds}
    for run in range(runs):
        for name, command in kinds:
            results[name].append(one_start(command))
            print(f"run {run + 1} {name}: " + " ".join(f"{v:.1f}" for v in results[name][-1]), file=sys.stderr)
    print(f"| ms after exec, median (min-max) of {runs} | port open | ready | first answered turn "
          f"| VmRSS after it (MiB) | VmRSS after {TURNS} turns (MiB) | CPU per turn (ms, {COST_TURNS} turns after those) |")
    print("|---|---|---|---|---|---|---|")
    for name, command in kinds:
        rows = results[name]
        after, per_turn, failed = costs(command)
        note = f", {failed} turns failed" if failed else ""
        print(f"| {name} | {spread([r[0] for r in rows])} | {spread([r[1] for r in rows])} "
              f"| {spread([r[2] for r in rows])} | {spread([r[3] for r in rows])} | {after:.1f} "
              f"| {per_turn:.2f}{note} |")


if __name__ == "__main__":
    main()
