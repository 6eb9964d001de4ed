"""Kernel speed, RLScript's kernel side by side with ipykernel in one run.

For each kernel: start-to-ready time (process start until the first
kernel_info_reply, median of several starts) and the round trip of
execute_request("1") -> execute_reply over N requests with a raw pyzmq client
(median and p99). Run with the kernel test virtualenv's Python:
    .venv-kernel/bin/python Benchmarks/kernel/run.py --rls .build/release/rls
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "kernel"))
import rawclient  # noqa: E402


def start(argv_template: list[str]) -> rawclient.RawKernel:
    real_popen = subprocess.Popen

    def popen(args, **kw):
        conn = args[-1]
        return real_popen([a.replace("{conn}", conn) for a in argv_template], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)

    subprocess.Popen = popen
    try:
        return rawclient.RawKernel()
    finally:
        subprocess.Popen = real_popen


def ready_time(argv: list[str]) -> float:
    k = start(argv)
    try:
        msg_id = k.send("shell", "kernel_info_request")
        k.reply("shell", msg_id, timeout=30)
        return time.perf_counter() - k.t_start
    finally:
        k.shutdown() if k.proc.poll() is None else None
        k.close()


def round_trips(argv: list[str], n: int, warmup: int) -> list[float]:
    k = start(argv)
    try:
        k.wait_ready(timeout=30)
        shell, iopub = k.sockets["shell"], k.iopub
        out = []
        for i in range(warmup + n):
            frames, msg_id = k.frames("execute_request", {"code": "1", "silent": False, "store_history": True,
                                                          "user_expressions": {}, "allow_stdin": False})
            t = time.perf_counter()
            shell.send_multipart(frames)
            while True:
                msg = k.parse(shell.recv_multipart())
                if msg["parent_header"].get("msg_id") == msg_id:
                    break
            dt = time.perf_counter() - t
            while iopub.poll(0):
                iopub.recv_multipart()
            if i >= warmup:
                out.append(dt)
        return out
    finally:
        k.shutdown()


def percentile(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rls", default=".build/release/rls")
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--starts", type=int, default=7)
    args = ap.parse_args()
    kernels = {
        "rlscript (rls kernel)": [os.path.abspath(args.rls), "kernel", "{conn}"],
        "ipykernel": [sys.executable, "-m", "ipykernel_launcher", "-f", "{conn}"],
    }
    rows = []
    for name, argv in kernels.items():
        ready = statistics.median(ready_time(argv) for _ in range(args.starts))
        rt = round_trips(argv, args.n, warmup=50)
        rows.append((name, ready, statistics.median(rt), percentile(rt, 99)))
    print(f"execute_request(\"1\") -> execute_reply, {args.n} requests; ready = process start to first kernel_info_reply "
          f"(median of {args.starts} starts)\n")
    print("| kernel | ready (ms) | round trip median (µs) | round trip p99 (µs) |")
    print("| --- | ---: | ---: | ---: |")
    for name, ready, med, p99 in rows:
        print(f"| {name} | {ready * 1e3:.1f} | {med * 1e6:.0f} | {p99 * 1e6:.0f} |")
    (_, r0, m0, p0), (_, r1, m1, p1) = rows
    print(f"\nipykernel / rlscript: median round trip {m1 / m0:.1f}x, p99 {p1 / p0:.1f}x, ready {r1 / r0:.1f}x")


if __name__ == "__main__":
    main()
