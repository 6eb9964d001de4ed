"""Shared pieces of the parity checks: running `rls`, comparing numbers."""
import json
import math
import os
import subprocess
import sys
import tempfile

RTOL = 1e-9
ATOL = 1e-12


def close(a, b, rtol=RTOL, atol=ATOL):
    """|a − b| ≤ atol + rtol·max(|a|, |b|). RLScript writes NaN and ±Inf to
    JSON as null, so None matches any non-finite number (and only those)."""
    def nonfinite(x):
        return x is None or (isinstance(x, float) and not math.isfinite(x))
    if a is None or b is None:
        return nonfinite(a) and nonfinite(b)
    if isinstance(a, float) and math.isnan(a) or isinstance(b, float) and math.isnan(b):
        return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def flatten(x):
    if isinstance(x, (list, tuple)):
        out = []
        for v in x:
            out.extend(flatten(v))
        return out
    return [x]


def to_json(x):
    """numpy values and arrays as JSON-ready Python values (NaN → None)."""
    import numpy as np
    if isinstance(x, dict):
        return {k: to_json(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_json(v) for v in x]
    if isinstance(x, np.ndarray):
        return to_json(x.tolist())
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return None if math.isnan(x) else x
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def compare(self, name, ours, expected, rtol=RTOL, atol=ATOL):
        a, b = flatten(to_json(ours)), flatten(to_json(expected))
        if len(a) != len(b):
            self.fail(name, f"{len(a)} values, expected {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            if not close(x, y, rtol, atol):
                self.fail(name, f"[{i}] {x!r} != {y!r}")
                return
        self.passed += 1

    def fail(self, name, why):
        self.failed += 1
        print(f"FAIL {name}: {why}")

    def finish(self, label):
        print(f"{label}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)


def run_rls(rls, script, cases):
    """Writes the cases, runs `rls run script cases.json out.json`, returns out."""
    with tempfile.TemporaryDirectory() as d:
        cin, cout = os.path.join(d, "cases.json"), os.path.join(d, "out.json")
        with open(cin, "w") as f:
            json.dump(cases, f, allow_nan=False)
        proc = subprocess.run([rls, "run", script, cin, cout], capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stdout)
            print(proc.stderr)
            raise SystemExit(f"{rls} run {script} failed with status {proc.returncode}")
        with open(cout) as f:
            return json.load(f)
