#!/usr/bin/env python3
"""Spawn -> initialize response and peak RSS (VmHWM after initialize + tools/list) of `<binary> mcp`, for several
binaries interleaved round-robin (so machine noise hits each alike). Usage:
  bench/startup-compare.py [--runs N] LABEL=PATH [LABEL=PATH ...]
Used to decide whether Kestrel can live in the cao-ops image (README "Remote")."""
import json, os, statistics, subprocess, sys, time

def one(path):
    t0 = time.perf_counter()
    p = subprocess.Popen([path, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env={**os.environ, "CAO_API_URL": "http://127.0.0.1:9"})
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18",
            "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}}
    p.stdin.write((json.dumps(init) + "\n").encode()); p.stdin.flush()
    p.stdout.readline()
    t_init = (time.perf_counter() - t0) * 1000
    p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    p.stdin.write(b'{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n'); p.stdin.flush()
    p.stdout.readline()
    t_list = (time.perf_counter() - t0) * 1000
    hwm = 0
    with open(f"/proc/{p.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    p.stdin.close(); p.wait(10)
    return t_init, t_list, hwm / 1024

def main():
    args = sys.argv[1:]
    runs = 20
    if args[:1] == ["--runs"]:
        runs = int(args[1]); args = args[2:]
    variants = [a.split("=", 1) for a in args]
    res = {l: [] for l, _ in variants}
    for r in range(runs + 3):
        for label, path in variants:
            m = one(path)
            if r >= 3:
                res[label].append(m)
    print(f"{'variant':<28} {'size MiB':>8} {'init min/med/max ms':>22} {'tools/list med ms':>18} {'VmHWM MiB':>10}")
    for label, path in variants:
        i = [m[0] for m in res[label]]; l = [m[1] for m in res[label]]; h = [m[2] for m in res[label]]
        print(f"{label:<28} {os.path.getsize(path)/1048576:8.1f} {min(i):7.1f} /{statistics.median(i):6.1f} /{max(i):6.1f} {statistics.median(l):18.1f} {statistics.median(h):10.1f}")
    print(f"(n={runs} each, interleaved, after 3 warm-up rounds; load average {os.getloadavg()[0]:.1f})")

main()
