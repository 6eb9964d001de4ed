"""Parity of RLScript's `calib` module with the references.

References are computed here by running them: scikit-learn (IsotonicRegression
with out_of_bounds="clip"; LogisticRegression without penalty; the sigmoid
calibration's smoothed targets), SciPy (temperature: brentq on dNLL/dT), and a
NumPy port of the official PPO-C code (SeanLeng1/Reward-Calibration,
OpenRLHF/openrlhf/trainer/ppo_utils/calibrated_experience_maker.py,
CalibratedNaiveExperienceMaker.make_experience: the confidence regex, the
clamp to [-10, 10], the moving-average update and both adjustment types; the
final clamp is openrlhf.models.utils.compute_reward's). Cases come from fixed
seeds. Usage: python check.py path/to/rls
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import brentq
from scipy.special import logsumexp, softmax
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

RLS = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def ece(conf, correct, bins):
    """netcal-style ECE: edges linspace(0, 1, bins+1), [lo, hi), 1.0 in the last bin."""
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() / len(conf) * abs(correct[m].mean() - conf[m].mean())
    return total


def temperature_reference(z, y, bins):
    def nll(t):
        s = z / t
        return np.mean(logsumexp(s, axis=1) - s[np.arange(len(y)), y])

    def dnll_dt(t):
        p = softmax(z / t, axis=1)
        return np.mean((z[np.arange(len(y)), y] - (p * z).sum(axis=1)) / t**2)

    t = brentq(dnll_dt, 1e-3, 1e3, xtol=1e-14, rtol=1e-15, maxiter=500)

    def top_ece(tt):
        p = softmax(z / tt, axis=1)
        return ece(p.max(axis=1), (p.argmax(axis=1) == y).astype(float), bins)

    return {"T": t, "nll_before": nll(1.0), "nll_after": nll(t), "ece_before": top_ece(1.0), "ece_after": top_ece(t)}


def ppo_c_reference(c):
    r = np.clip(np.array(c["rewards"], dtype=float), -c["clamp"], c["clamp"])
    if c["avg_type"] == "mean":
        avg = r.mean() * c["alpha"] + c["avg"] * (1 - c["alpha"])
    else:
        avg = r.std(ddof=1) * c["alpha"] + c["avg"] * (1 - c["alpha"])
    s = np.array(c["confidences"], dtype=float) / c["conf_scale"]
    if c["mode"] == "threshold":
        f = (c["w"] * r if c["avg_type"] == "std" else c["w"] * np.abs(r)) * (s - 0.5)
        adj = np.where(r >= avg, r + f, r - f)
    else:
        adj = r + c["w"] * (r - avg) * (s - 0.5)
    return {"adjusted": adj.tolist(), "final": np.clip(adj, -c["clamp"], c["clamp"]).tolist(), "avg": float(avg)}


def parse_reference(text):
    m = re.search(r"Confidence:\s*(\d+(\.\d+)?)", text, re.IGNORECASE)
    if not m:
        return {"confidence": 5.0, "found": False}
    return {"confidence": max(0.0, min(10.0, float(m.group(1)))), "found": True}


def make_cases():
    rng = np.random.default_rng(20241125)
    cases, refs, tols = [], [], []
    for i in range(12):
        n, k = int(rng.integers(5, 400)), int(rng.integers(2, 9))
        z = rng.normal(size=(n, k)) * rng.uniform(0.5, 4)
        y = np.array([int(np.argmax(z[j] * rng.uniform(0.2, 1.0) + rng.normal(size=k))) for j in range(n)])
        bins = int(rng.integers(5, 20))
        cases.append({"kind": "temperature", "logits": z.tolist(), "labels": y.tolist(), "bins": bins})
        refs.append(temperature_reference(z, y, bins))
        tols.append(1e-6)
    for i in range(12):
        n = int(rng.integers(8, 300))
        s = rng.normal(size=n) * rng.uniform(0.5, 3)
        if i % 3 == 0:
            s = np.round(s, 1)  # ties
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(1.5 * s - 0.3)))).astype(float)
        y[0], y[1] = 0, 1
        lr = LogisticRegression(C=np.inf, tol=1e-12, max_iter=100000).fit(s.reshape(-1, 1), y)
        cases.append({"kind": "platt", "scores": s.tolist(), "labels": y.tolist(), "targets": "labels"})
        refs.append({"a": float(lr.coef_[0, 0]), "b": float(lr.intercept_[0])})
        tols.append(1e-6)
        a, b = _sigmoid_calibration(s, y)
        cases.append({"kind": "platt", "scores": s.tolist(), "labels": y.tolist(), "targets": "platt"})
        refs.append({"a": float(-a), "b": float(-b)})
        tols.append(1e-5)
    for i in range(15):
        n = int(rng.integers(1, 400))
        x = rng.normal(size=n)
        if i % 2 == 0:
            x = np.round(x, 1)  # many ties
        y = (rng.uniform(size=n) < 1 / (1 + np.exp(-2 * x))).astype(float) if i % 3 else rng.normal(size=n) + x
        test = np.concatenate([rng.normal(size=20) * 2, [x.min() - 1, x.max() + 1]])
        iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
        cases.append({"kind": "isotonic", "scores": x.tolist(), "labels": y.tolist(), "test": test.tolist()})
        refs.append({"fitted": iso.predict(x).tolist(), "test": iso.predict(test).tolist()})
        tols.append(1e-9)
    for i in range(16):
        n = int(rng.integers(2, 64))
        c = {
            "kind": "ppo_c", "rewards": (rng.normal(size=n) * rng.uniform(1, 15)).tolist(),
            "confidences": rng.uniform(0, 10, size=n).round(1).tolist(), "avg": float(rng.normal()),
            "alpha": float(rng.uniform(0, 1)), "w": float(rng.uniform(0, 2)),
            "mode": ["threshold", "difference"][i % 2], "avg_type": ["mean", "std"][(i // 2) % 2],
            "clamp": [10.0, 5.0][(i // 4) % 2], "conf_scale": [10.0, 1.0][(i // 8) % 2],
        }
        if c["conf_scale"] == 1.0:
            c["confidences"] = (np.array(c["confidences"]) / 10).tolist()
        cases.append(c)
        refs.append(ppo_c_reference(c))
        tols.append(1e-12)
    texts = [
        "The answer is 4. Confidence: 8", "confidence:9.5", "CONFIDENCE:   7/10", "no number here",
        "Confidence: 12", "Confidence: .5", "Confidence:\t3.25 then Confidence: 9", "answer. Confidence: 0",
        "Confidence: 10.0.", "confidence 8", "Confidence:\n6",
    ]
    cases.append({"kind": "parse_confidence", "texts": texts})
    refs.append([parse_reference(t) for t in texts])
    tols.append(0)
    return cases, refs, tols


def close(a, b, tol):
    if isinstance(b, dict):
        return isinstance(a, dict) and all(close(a.get(k), v, tol) for k, v in b.items())
    if isinstance(b, list):
        return isinstance(a, list) and len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    if isinstance(b, bool) or isinstance(b, str):
        return a == b
    if a is None:
        return False
    return abs(a - b) <= tol * max(1.0, abs(b)) or (a == b)


def main():
    cases, refs, tols = make_cases()
    with tempfile.TemporaryDirectory() as d:
        cpath, opath = os.path.join(d, "cases.json"), os.path.join(d, "out.json")
        with open(cpath, "w") as f:
            json.dump(cases, f)
        subprocess.run([RLS, "run", os.path.join(HERE, "compute.rls"), cpath, opath], check=True)
        with open(opath) as f:
            got = json.load(f)
    passed = failed = 0
    for i, (c, want, have, tol) in enumerate(zip(cases, refs, got, tols)):
        if close(have, want, tol):
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH case {i} ({c['kind']}): want {json.dumps(want)[:300]} got {json.dumps(have)[:300]}")
    print(f"calib parity: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
