"""Parity of `rm.bradley_terry` and `rm.crm` with scikit-learn.

A linear reward model r(x) = w·x + b trained with the Bradley–Terry loss
mean −log σ(r(chosen) − r(rejected)) sees only the differences
d = chosen − rejected (the bias cancels), so its minimiser is the logistic
regression without intercept of the symmetrised data [d; −d] with labels
[1; 0]: each pair contributes log(1 + e^(−w·d)) twice. PPO-M's calibrated
loss is the sum of two such means, over d = cwh − cwl and d = rwl − rwh, so
its minimiser is the same regression on both sets of differences stacked.

The reference is `sklearn.linear_model.LogisticRegression(fit_intercept=False, C=np.inf,
solver="lbfgs", tol=1e-12)` (no penalty), its loss `sklearn.metrics.log_loss`
of its own fit (doubled for rm.crm's sum of two means) and its accuracy the
fraction of differences with w·d > 0. Data: preferences drawn from a
Bradley–Terry model with a known direction (not separable, so the optimum is
finite), from fixed numpy seeds. RLScript runs long full-batch Adam
(`batch_size` ≥ n, 4000 steps), an iterative optimiser, so the tolerance is
looser than for closed forms: the direction within 1e-5 relative (atol 1e-6;
measured differences are below 1e-7), the loss within 1e-9.
Usage: python check.py path/to/rls
"""
import os
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import Report, run_rls  # noqa: E402

RLS = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def preference_pairs(rng, n, d, w, scale):
    """n pairs whose first row is preferred with probability σ(w·(a − b))."""
    a = rng.normal(size=(n, d)) * scale
    b = rng.normal(size=(n, d)) * scale
    p = 1 / (1 + np.exp(-(a - b) @ w))
    swap = rng.uniform(size=n) >= p
    chosen = np.where(swap[:, None], b, a)
    rejected = np.where(swap[:, None], a, b)
    return chosen, rejected


def reference(diffs, terms):
    X = np.vstack([diffs, -diffs])
    y = np.concatenate([np.ones(len(diffs)), np.zeros(len(diffs))])
    lr = LogisticRegression(fit_intercept=False, C=np.inf, solver="lbfgs", tol=1e-12, max_iter=100000)
    lr.fit(X, y)
    w = lr.coef_[0]
    loss = log_loss(y, lr.predict_proba(X)[:, 1]) * terms
    acc = float(np.mean(diffs @ w > 0))
    return w, loss, acc


def cases():
    out = []
    for i, (n, d, scale) in enumerate([(200, 3, 1.0), (300, 5, 0.5), (150, 4, 2.0)]):
        rng = np.random.default_rng(100 + i)
        w = rng.normal(size=d)
        c, r = preference_pairs(rng, n, d, w, scale)
        ref = reference(c - r, 1)
        out.append(({"kind": "bt", "x": [c.tolist(), r.tolist()], "epochs": 4000, "lr": 0.02, "batch_size": n, "seed": i}, ref))
    for i, (n, d) in enumerate([(200, 3), (120, 4)]):
        rng = np.random.default_rng(200 + i)
        w = rng.normal(size=d)
        cwh, cwl = preference_pairs(rng, n, d, w, 1.0)
        rwl, rwh = preference_pairs(rng, n, d, w, 1.0)
        ref = reference(np.vstack([cwh - cwl, rwl - rwh]), 2)
        x = [cwh.tolist(), cwl.tolist(), rwh.tolist(), rwl.tolist()]
        out.append(({"kind": "crm", "x": x, "epochs": 4000, "lr": 0.02, "batch_size": 1000, "seed": i}, ref))
    return out


def main():
    cs = cases()
    got = run_rls(RLS, os.path.join(HERE, "compute.rls"), [c for c, _ in cs])
    rep = Report()
    for k, ((case, (w, loss, acc)), ours) in enumerate(zip(cs, got)):
        name = f"{case['kind']} case {k}"
        rep.compare(name + " direction", ours["w"], w, rtol=1e-5, atol=1e-6)
        rep.compare(name + " loss", ours["loss"], loss, rtol=1e-9, atol=1e-12)
        rep.compare(name + " accuracy", ours["accuracy"], acc, rtol=0, atol=0)
    rep.finish("rm")


main()
