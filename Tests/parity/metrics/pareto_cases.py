"""Parity cases for metrics.pareto_front and metrics.hypervolume, with
moocore (the C library behind pymoo's hypervolume) as the reference:
`moocore.is_nondominated(points, maximise=..., keep_weakly=True)` (every copy
of a non-dominated point kept, as pymoo's first front and optuna's best
trials) and `moocore.hypervolume(points, ref=..., maximise=...)`.

Random points of 2 to 5 objectives: continuous values, small integer grids
(many ties and duplicates), points beyond the reference, single points,
mixed maximisation. Bad input (NaN, wrong shapes) is tested by the script
tests in Tests/scripts/metrics.
"""

import random

import numpy as np


def pareto_cases(cases, seed):
    import moocore

    rnd = random.Random(seed)
    rng = np.random.default_rng(seed)
    for case in range(400):
        m = rnd.choice([2, 2, 2, 3, 3, 3, 4, 5])
        n = rnd.choice([1, 1, 2, 3, 5, 10, 30, 100, 300] + ([1000] if m <= 3 else []))
        if m >= 5:
            n = min(n, 60)
        kind = rnd.choice(["uniform", "grid", "grid", "front", "scaled"])
        if kind == "uniform":
            pts = rng.random((n, m))
        elif kind == "grid":
            pts = rng.integers(0, rnd.choice([2, 3, 5, 10]), (n, m)).astype(float)
        elif kind == "front":
            # Points near the simplex x1 + ... + xm = 1: large fronts.
            pts = rng.random((n, m))
            pts = pts / pts.sum(axis=1, keepdims=True) + rng.normal(0, 0.01, (n, m))
        else:
            pts = rng.normal(0, 1, (n, m)) * 10.0 ** rng.integers(-3, 4, m)
        if n > 1 and rnd.random() < 0.3:
            dup = rng.integers(0, n, n // 3 + 1)
            pts[rng.integers(0, n, len(dup))] = pts[dup]
        flags = rnd.choice([None, True, False, "list"])
        if flags == "list":
            flags = [rnd.random() < 0.5 for _ in range(m)]
        maximise = flags if isinstance(flags, list) else bool(flags)
        opts = {} if flags is None else {"maximize": flags}
        mask = moocore.is_nondominated(pts, maximise=maximise, keep_weakly=True)
        cases.add("pareto_front", [pts.tolist()], [float(i) for i in np.flatnonzero(mask)], opts, rtol=0,
                  note=f"{kind} n={n} m={m}")
        # A reference beyond most points (some points past it in some cases).
        sign = np.where(np.broadcast_to(np.asarray(maximise), (m,)), -1.0, 1.0)
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        if rnd.random() < 0.3:
            ref = np.where(sign > 0, lo + 0.6 * span, hi - 0.6 * span)
        else:
            ref = np.where(sign > 0, hi + 0.1 * span, lo - 0.1 * span)
        if kind == "grid" and rnd.random() < 0.5:
            ref = np.round(ref)  # points on the reference's faces
        hv = float(moocore.hypervolume(pts, ref=ref, maximise=maximise))
        cases.add("hypervolume", [pts.tolist(), ref.tolist()], hv, opts, rtol=1e-10, atol=1e-300,
                  note=f"{kind} n={n} m={m}")
    # Fixed shapes: one point, all points beyond the reference, one objective.
    one = [[0.25, 0.5]]
    cases.add("hypervolume", [one, [1.0, 1.0]], float(moocore.hypervolume(np.array(one), ref=[1.0, 1.0])),
              note="n = 1")
    cases.add("hypervolume", [one, [0.1, 2.0]], float(moocore.hypervolume(np.array(one), ref=[0.1, 2.0])),
              note="beyond the reference")
    cases.add("pareto_front", [one], [0.0], note="n = 1")
