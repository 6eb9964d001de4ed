#!/usr/bin/env python3
"""Interpreter benchmarks: RLScript against its anchors, Lua 5.4 and CPython.

Each program in this directory exists three times, NAME.rls, NAME.lua and
NAME.py, with the same algorithm and the same printed output. For every
program the runner first runs each implementation once and checks that the
three outputs agree, then times `--runs` runs of each, interleaved
(rls, lua, python, rls, lua, python, ...) so that machine noise hits all three
alike, and reports the medians and the ratios rls/lua and rls/python.
It also measures start-up time on an empty file.

    python3 Benchmarks/interp/run.py [--rls PATH] [--runs 5] [--only NAME,...] [--dry]
                                     [--cpu] [--best]

`--cpu` times CPU seconds (user + sys of the child, steadier than wall time
on a loaded machine); `--best` reports the fastest run instead of the median.

`--dry` runs only Lua and Python (for testing the programs and the runner
before the interpreter exists). The table is printed and also written to
Benchmarks/interp/results.md. Exit status: 0 when every run succeeded and all
outputs agree, 1 otherwise, 2 on a usage error.
"""

import argparse
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

PROGRAMS = [
    "fib",
    "loop_mod",
    "closures",
    "nbody",
    "spectral_norm",
    "string_build",
    "map_strings",
    "list_push_sum",
    "dispatch",
]

LANGS = ["rls", "lua", "python"]
EXT = {"rls": "rls", "lua": "lua", "python": "py"}

STARTUP_RUNS = 20
CPU_TIME = False  # set by --cpu: time user + sys CPU seconds instead of wall time
TIMEOUT_S = 600  # per single run; a hung run counts as a failure

# Targets printed on the summary line.
TARGET_LUA_GEOMEAN = 1.5
TARGET_STARTUP_S = 0.020


def parse_args():
    p = argparse.ArgumentParser(description="RLScript interpreter benchmarks vs Lua 5.4 and CPython")
    p.add_argument("--rls", default=str(ROOT / ".build" / "release" / "rls"),
                   help="path of the rls binary (default: .build/release/rls in the repository root)")
    p.add_argument("--runs", type=int, default=5, help="timed runs per implementation (default 5)")
    p.add_argument("--only", default="", help="comma-separated program names to run")
    p.add_argument("--cpu", action="store_true", help="time CPU seconds (user + sys) instead of wall time")
    p.add_argument("--best", action="store_true", help="report the fastest run instead of the median")
    p.add_argument("--dry", action="store_true",
                   help="run only the Lua and Python versions (no rls binary needed)")
    args = p.parse_args()
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def find_tool(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def command(lang, tools, file):
    if lang == "rls":
        return [tools["rls"], "run", str(file)]
    return [tools[lang], str(file)]


def run_once(cmd, capture):
    """Run cmd; return (seconds, returncode, stdout, stderr)."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    start = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                              timeout=TIMEOUT_S, cwd=str(HERE))
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, None, "", "timed out after %d s" % TIMEOUT_S
    elapsed = time.perf_counter() - start
    if CPU_TIME:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    stdout = proc.stdout.decode("utf-8", "replace") if capture else ""
    return elapsed, proc.returncode, stdout, proc.stderr.decode("utf-8", "replace")


def indent(text):
    text = text.rstrip("\n")
    if not text:
        return "    (empty)"
    return "\n".join("    " + line for line in text.split("\n"))


def tail(text, lines=10):
    return "\n".join(text.rstrip("\n").split("\n")[-lines:])


def check_outputs(name, langs, tools):
    """Run each implementation once; return (set of langs that ran fine, ok flag)."""
    outputs = {}
    good = set()
    ok = True
    for lang in langs:
        file = HERE / ("%s.%s" % (name, EXT[lang]))
        if not file.exists():
            print("FAIL %s [%s]: %s is missing" % (name, lang, file.name), flush=True)
            ok = False
            continue
        _, rc, out, err = run_once(command(lang, tools, file), capture=True)
        if rc != 0:
            print("FAIL %s [%s]: exit status %s\n%s" % (name, lang, rc, indent(tail(err))), flush=True)
            ok = False
            continue
        outputs[lang] = out.replace("\r\n", "\n")
        good.add(lang)
    # Compare every output with the first one that ran (rls when present).
    ran = [lang for lang in langs if lang in outputs]
    for lang in ran[1:]:
        ref = ran[0]
        if outputs[lang] != outputs[ref]:
            print("MISMATCH %s: %s and %s print different text\n  %s:\n%s\n  %s:\n%s"
                  % (name, ref, lang, ref, indent(outputs[ref]), lang, indent(outputs[lang])), flush=True)
            ok = False
    return good, ok


def time_program(name, langs, tools, runs, best=False):
    """Interleaved timed runs; return {lang: median (or best) seconds or None on failure}."""
    times = {lang: [] for lang in langs}
    failed = set()
    for _ in range(runs):
        for lang in langs:
            if lang in failed:
                continue
            file = HERE / ("%s.%s" % (name, EXT[lang]))
            secs, rc, _, err = run_once(command(lang, tools, file), capture=False)
            if rc != 0:
                print("FAIL %s [%s] during timing: exit status %s\n%s"
                      % (name, lang, rc, indent(tail(err))), flush=True)
                failed.add(lang)
                continue
            times[lang].append(secs)
    pick = min if best else statistics.median
    return {lang: (pick(times[lang]) if times[lang] and lang not in failed else None)
            for lang in langs}


def startup(langs, tools):
    """Median wall time of running an empty file, per language."""
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        samples = {lang: [] for lang in langs}
        for lang in langs:
            Path(tmp, "empty." + EXT[lang]).write_text("")
        for _ in range(STARTUP_RUNS):
            for lang in langs:
                secs, rc, _, err = run_once(command(lang, tools, Path(tmp, "empty." + EXT[lang])), capture=False)
                if rc == 0:
                    samples[lang].append(secs)
        for lang in langs:
            result[lang] = statistics.median(samples[lang]) if samples[lang] else None
    return result


def fmt_s(x):
    return "—" if x is None else "%.3f" % x


def fmt_ratio(x):
    return "—" if x is None else "%.2f" % x


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def geomean(xs):
    xs = [x for x in xs if x is not None and x > 0]
    if not xs:
        return None
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def yes_no(flag):
    return "yes" if flag else "no"


def main():
    global CPU_TIME
    args = parse_args()
    CPU_TIME = args.cpu

    programs = PROGRAMS
    if args.only:
        programs = [p.strip() for p in args.only.split(",") if p.strip()]
        unknown = [p for p in programs if p not in PROGRAMS]
        if unknown:
            print("unknown program(s): %s (known: %s)" % (", ".join(unknown), ", ".join(PROGRAMS)),
                  file=sys.stderr)
            return 2

    tools = {
        "lua": find_tool("lua5.4", "/usr/bin/lua5.4"),
        "python": find_tool("python3") or sys.executable,
        "rls": None,
    }
    if not tools["lua"]:
        print("lua5.4 not found on PATH", file=sys.stderr)
        return 2

    notes = []
    langs = list(LANGS)
    rls_path = Path(args.rls)
    if not rls_path.is_absolute():
        rls_path = (Path.cwd() / rls_path)
    if args.dry:
        langs = ["lua", "python"]
        state = "present" if rls_path.exists() else "missing"
        notes.append("dry run: rls not run (binary %s: %s); only Lua and Python timed" % (state, rls_path))
    elif not (rls_path.exists() and os.access(str(rls_path), os.X_OK)):
        print("rls binary not found at %s: build it with `swift build -c release` "
              "or pass --rls PATH (or --dry to run only Lua and Python)" % rls_path, file=sys.stderr)
        return 2
    else:
        tools["rls"] = str(rls_path)

    for note in notes:
        print("note: " + note, flush=True)
    print("runs: %d per implementation, interleaved; lua: %s; python: %s%s" % (
        args.runs, tools["lua"], tools["python"],
        "; rls: %s" % tools["rls"] if tools["rls"] else ""), flush=True)

    all_ok = True
    rows = []
    for name in programs:
        print("== %s" % name, flush=True)
        good, ok = check_outputs(name, langs, tools)
        all_ok = all_ok and ok
        medians = time_program(name, [lang for lang in langs if lang in good], tools, args.runs, args.best)
        if any(medians.get(lang) is None for lang in good):
            all_ok = False
        m = {lang: medians.get(lang) for lang in LANGS}
        rows.append((name, m, ok))
        print("   " + "  ".join("%s %s s" % (lang, fmt_s(m[lang])) for lang in langs), flush=True)

    start = startup(langs, tools)

    # Table and summary.
    lines = []
    lines.append("| program | rls s | lua s | python s | rls/lua | rls/python |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    lua_ratios, py_ratios = [], []
    for name, m, ok in rows:
        r_lua = ratio(m["rls"], m["lua"])
        r_py = ratio(m["rls"], m["python"])
        lua_ratios.append(r_lua)
        py_ratios.append(r_py)
        label = name if ok else name + " (MISMATCH/FAIL)"
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            label, fmt_s(m["rls"]), fmt_s(m["lua"]), fmt_s(m["python"]), fmt_ratio(r_lua), fmt_ratio(r_py)))
    g_lua = geomean(lua_ratios)
    g_py = geomean(py_ratios)
    lines.append("")
    lines.append("geometric mean rls/lua: %s" % fmt_ratio(g_lua))
    lines.append("geometric mean rls/python: %s" % fmt_ratio(g_py))
    lines.append("")

    def ms(x):
        return "—" if x is None else "%.1f ms" % (x * 1000)

    lines.append("startup (empty file, median of %d): rls run %s; lua5.4 %s; python3 %s" % (
        STARTUP_RUNS, ms(start.get("rls")), ms(start.get("lua")), ms(start.get("python"))))
    lines.append("")
    if tools["rls"]:
        every_faster = all(r is not None and r < 1 for r in py_ratios) and bool(py_ratios)
        within = g_lua is not None and g_lua <= TARGET_LUA_GEOMEAN
        quick = start.get("rls") is not None and start["rls"] <= TARGET_STARTUP_S
        lines.append("targets: every program faster than CPython: %s; geomean within %.1fx of Lua: %s; "
                     "empty-file start <= %d ms: %s" % (
                         yes_no(every_faster), TARGET_LUA_GEOMEAN, yes_no(within),
                         int(TARGET_STARTUP_S * 1000), yes_no(quick)))
    else:
        lines.append("targets: not evaluated (dry run, rls not measured)")
    if not all_ok:
        lines.append("")
        lines.append("some programs failed or printed different outputs (see MISMATCH/FAIL above)")

    header = []
    header.append("# Interpreter benchmarks")
    header.append("")
    header.append("%s %s seconds of %d interleaved runs each; generated by "
                  "`python3 Benchmarks/interp/run.py` on %s; load average %s." % (
                      "Best" if args.best else "Median", "CPU (user + sys)" if args.cpu else "wall", args.runs,
                      time.strftime("%Y-%m-%d %H:%M"), " ".join("%.1f" % x for x in os.getloadavg())))
    for note in notes:
        header.append("Note: " + note + ".")
    header.append("")

    report = "\n".join(lines)
    print()
    print(report)
    (HERE / "results.md").write_text("\n".join(header) + "\n" + report + "\n")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
