"""Calibration benchmarks, side by side in one run: RLScript's calib.isotonic
(1e6 points) and calib.temperature (1e5 × 100 logits) against scikit-learn's
IsotonicRegression and SciPy's brentq on dNLL/dT. RLScript is timed inside the
script with clock(), so start-up and data loading are excluded, as they are for
Python. Usage: python run.py path/to/rls (run from a venv with numpy, scipy,
scikit-learn — Tests/parity/run.sh makes one at .venv-parity)."""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import brentq
from scipy.special import softmax
from sklearn.isotonic import IsotonicRegression

RLS = sys.argv[1] if len(sys.argv) > 1 else ".build/release/rls"
rng = np.random.default_rng(7)
n_iso = 1_000_000
scores = rng.uniform(size=n_iso)
labels = (rng.uniform(size=n_iso) < scores**2).astype(float)
n, k = 100_000, 100
logits = rng.normal(size=(n, k)) * 3
classes = np.array([np.argmax(logits[i] * 0.3 + rng.normal(size=k)) for i in range(n)])


def median(f, runs=5):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def scipy_temperature():
    idx = np.arange(n)

    def d(t):
        p = softmax(logits / t, axis=1)
        return np.mean((logits[idx, classes] - (p * logits).sum(axis=1)) / t**2)

    return brentq(d, 1e-3, 1e3, xtol=1e-12)


py_iso = median(lambda: IsotonicRegression(out_of_bounds="clip").fit(scores, labels))
py_temp = median(scipy_temperature, runs=3)
t_ref = scipy_temperature()
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "data.json")
    with open(path, "w") as f:
        json.dump({"scores": scores.tolist(), "labels": labels.tolist(), "logits": logits.tolist(), "classes": classes.tolist()}, f)
    out = subprocess.run([RLS, "run", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench.rls"), path],
                         capture_output=True, text=True, check=True).stdout
ours = json.loads(out.strip().splitlines()[-1])
print("| task | rls s | reference s | speed-up |")
print("|---|---:|---:|---:|")
print(f"| isotonic, 1e6 points (scikit-learn IsotonicRegression) | {ours['isotonic']:.4f} | {py_iso:.4f} | {py_iso / ours['isotonic']:.1f}× |")
print(f"| temperature, 1e5 × 100 logits (SciPy brentq on dNLL/dT) | {ours['temperature']:.4f} | {py_temp:.4f} | {py_temp / ours['temperature']:.1f}× |")
print(f"\nT: rls {ours['T']:.12g}, SciPy {t_ref:.12g}")
