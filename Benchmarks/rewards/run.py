"""reward.swe_rl speed, side by side with SWE-RL's reward in one run.

The workload: P problems, each with F source files of L lines (repeated,
code-like lines) as the context, an oracle that edits a few places in each,
and G model outputs per problem (a GRPO group) with search/replace edits of
a few lines, some of them exactly the oracle's, some different, a few
broken. The reference is SWE-RL's calculate_search_replace_reward: the real
module when SWERL_SRC points at a swe-rl checkout's src/ (its unidiff import
stubbed, as in Tests/parity/rewards/check.py), else the restatement on
Python's re and difflib in Tests/parity/rewards/ref_swe_rl.py.

RLScript is timed two ways: one call per output, and one call per problem
with the group's outputs as a list (the oracle's patches computed once, the
outputs spread over the cores). Wall time: each side timed inside its
process, best of R passes over all outputs, the sides alternating so load
hits both alike. CPU time: Python's process time per pass (best of R); for
rls, the CPU time of a run of R passes minus that of a run of none
(start-up and reading the cases), over R. Prints the table and the load
average.

Usage: .venv-parity/bin/python Benchmarks/rewards/run.py --rls .build/release/rls
"""
import argparse
import json
import os
import resource
import random
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PARITY = os.path.join(HERE, "..", "..", "Tests", "parity", "rewards")
sys.path.insert(0, PARITY)
sys.path.insert(0, os.path.dirname(PARITY))
import check  # noqa: E402
import ref_swe_rl  # noqa: E402

CODE = ["def f(x):", "    return x + 1", "", "    if x is None:", "        raise ValueError('x')", "class A:",
        "    pass", "import os", "for i in range(10):", "    total += i", "# comment"]


def problem(rng, files, lines, group):
    context = {}
    for k in range(files):
        body = [rng.choice(CODE) + (f"  # {rng.randrange(1000)}" if rng.random() < 0.5 else "")
                for _ in range(lines)]
        context[f"pkg/mod{k}.py"] = "\n".join(body) + "\n"
    edits = []
    for path, text in context.items():
        ls = text.split("\n")
        for _ in range(2):
            i = rng.randrange(len(ls) - 4)
            edits.append((path, "\n".join(ls[i:i + 3]), "\n".join(ls[i:i + 3]) + "\n    x = fixed()"))
    oracle = dict(context)
    for path, s, r in edits:
        oracle[path] = ("\n" + oracle[path]).replace("\n" + s, "\n" + r)[1:]
    outputs = []
    for g in range(group):
        chosen = [e for e in edits if rng.random() < 0.7] or edits[:1]
        blocks = []
        for path, s, r in chosen:
            if rng.random() < 0.3:
                r = r + f"\n    y = {g}"
            if rng.random() < 0.03:
                s = s + "MISSING"
            blocks.append(f"```python\n### {path}\n<<<<<<< SEARCH\n{s}\n=======\n{r}\n>>>>>>> REPLACE\n```")
        outputs.append(f"<think>\nLet me look at the code.\n</think>\n<solution>\n{chr(10).join(blocks)}\n</solution>")
    return {"context": context, "oracle": oracle, "outputs": outputs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rls", required=True)
    ap.add_argument("--problems", type=int, default=8)
    ap.add_argument("--files", type=int, default=3)
    ap.add_argument("--lines", type=int, default=600)
    ap.add_argument("--group", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    rng = random.Random(1)
    cases = [problem(rng, a.files, a.lines, a.group) for _ in range(a.problems)]
    real = check.load_real()
    ref = real.calculate_search_replace_reward if real else ref_swe_rl.search_replace_reward
    n = sum(len(c["outputs"]) for c in cases)

    def child_cpu():
        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime

    with tempfile.TemporaryDirectory() as d:
        cin, cout = os.path.join(d, "cases.json"), os.path.join(d, "out.json")
        with open(cin, "w") as f:
            json.dump(cases, f)

        def rls(mode, repeats):
            c0 = child_cpu()
            subprocess.run([a.rls, "run", os.path.join(HERE, "bench.rls"), cin, mode, str(repeats), cout], check=True)
            with open(cout) as f:
                r = json.load(f)
            assert repeats == 0 or abs(r["total"] - py_total) < 1e-9 * n, (r["total"], py_total)
            return r["seconds"], child_cpu() - c0

        py, py_cpu, py_total = float("inf"), float("inf"), 0
        wall = {"single": float("inf"), "group": float("inf")}
        for _ in range(a.repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            py_total = sum(ref(c["context"], c["oracle"], o)[0] for c in cases for o in c["outputs"])
            py, py_cpu = min(py, time.perf_counter() - t0), min(py_cpu, time.process_time() - c0)
            for mode in wall:
                wall[mode] = min(wall[mode], rls(mode, 1)[0])
        base = rls("single", 0)[1]
        cpu = {mode: max(rls(mode, a.repeats)[1] - base, 0) / a.repeats for mode in wall}
    load = os.getloadavg()[0]
    ref_name = "swerl" if real else "difflib restatement"
    print(f"{n} outputs ({a.problems} problems × {a.group}; {a.files} files × {a.lines} lines), load {load:.1f}")
    print(f"| per output | wall (ms) | CPU (ms) | {ref_name} wall / CPU (ms) | speed-up wall / CPU |")
    for mode, label in (("single", "one call per output"), ("group", "one call per group")):
        print(f"| {label} | {1e3 * wall[mode] / n:.3f} | {1e3 * cpu[mode] / n:.3f} | "
              f"{1e3 * py / n:.3f} / {1e3 * py_cpu / n:.3f} | "
              f"{py / wall[mode]:.1f}× / {py_cpu / max(cpu[mode], 1e-9):.1f}× |")


if __name__ == "__main__":
    main()
