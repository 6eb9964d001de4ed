"""Reward-model training speed, side by side in one run: RLScript's
rm.bradley_terry against NumPy running the same algorithm — an MLP with tanh
hidden layers scoring chosen and rejected rows stacked in one batch, the
Bradley–Terry loss −log σ(r_c − r_r) and its gradient, backpropagation
(x Wᵀ + b; dW = gᵀa, db = Σg, g W, tanh'), PyTorch's Adam update, a fresh
permutation and row gather per epoch. Both train on n pairs of d normal
features for the same epochs and batch size; RLScript is timed inside the
script with clock() (start-up excluded). Best of several repetitions, the two
sides interleaved; the report gives wall time and the load average.
Usage: python run.py path/to/rls (from a venv with numpy, e.g. .venv-parity)."""
import json
import os
import subprocess
import sys
import time

import numpy as np

RLS = sys.argv[1] if len(sys.argv) > 1 else ".build/release/rls"
HERE = os.path.dirname(os.path.abspath(__file__))
N, D, HIDDEN, BATCH, EPOCHS, REPS, ROUNDS = 20000, 64, [128], 256, 3, 3, 3


def numpy_train(chosen, rejected, seed):
    rng = np.random.default_rng(seed)
    sizes = [D] + HIDDEN + [1]
    Ws = [rng.uniform(-1, 1, size=(o, i)) / np.sqrt(i) for i, o in zip(sizes[:-1], sizes[1:])]
    bs = [rng.uniform(-1, 1, size=o) / np.sqrt(i) for i, o in zip(sizes[:-1], sizes[1:])]
    params = [p for pair in zip(Ws, bs) for p in pair]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps, t = 1e-3, 0.9, 0.999, 1e-8, 0
    losses = []
    for _ in range(EPOCHS):
        order = rng.permutation(N)
        total = 0.0
        for s in range(0, N, BATCH):
            idx = order[s:s + BATCH]
            b = len(idx)
            acts = [np.vstack([chosen[idx], rejected[idx]])]
            for li in range(len(Ws)):
                y = acts[-1] @ params[2 * li].T + params[2 * li + 1]
                if li < len(Ws) - 1:
                    y = np.tanh(y)
                acts.append(y)
            r = acts[-1][:, 0]
            z = r[:b] - r[b:]
            total += np.logaddexp(0, -z).sum()
            sg = 0.5 * (1 - np.tanh(z / 2))  # σ(−z)
            g = np.concatenate([-sg, sg])[:, None] / b
            grads = [None] * len(params)
            for li in range(len(Ws) - 1, -1, -1):
                if li < len(Ws) - 1:
                    g = g * (1 - acts[li + 1] ** 2)
                grads[2 * li] = g.T @ acts[li]
                grads[2 * li + 1] = g.sum(axis=0)
                if li > 0:
                    g = g @ params[2 * li]
            t += 1
            for i, (p, gr) in enumerate(zip(params, grads)):
                m[i] += (1 - b1) * (gr - m[i])
                v[i] = b2 * v[i] + (1 - b2) * gr * gr
                p -= (lr / (1 - b1 ** t)) * m[i] / (np.sqrt(v[i]) / np.sqrt(1 - b2 ** t) + eps)
        losses.append(total / N)
    return losses[-1]


def main():
    ours, theirs = [], []
    rng = np.random.default_rng(1)
    chosen = rng.normal(size=(N, D))
    rejected = rng.normal(size=(N, D))
    for _ in range(ROUNDS):
        out = subprocess.run(
            [RLS, "run", os.path.join(HERE, "bench.rls"), str(N), str(D), json.dumps(HIDDEN), str(BATCH), str(EPOCHS), str(REPS)],
            capture_output=True, text=True, check=True)
        ours.append(json.loads(out.stdout)["seconds"])
        best = float("inf")
        for k in range(REPS):
            t = time.perf_counter()
            numpy_train(chosen, rejected, k)
            best = min(best, time.perf_counter() - t)
        theirs.append(best)
    print(f"rm.bradley_terry, {N} pairs × {D} features, model {[D] + HIDDEN + [1]}, batch {BATCH}, {EPOCHS} epochs")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    for i, (a, b) in enumerate(zip(ours, theirs)):
        print(f"round {i + 1}: RLScript {a:.3f} s  NumPy {b:.3f} s  ratio {a / b:.2f}")


main()
