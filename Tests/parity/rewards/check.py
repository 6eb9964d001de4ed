"""Parity of reward.swe_rl with SWE-RL's reward (facebookresearch/swe-rl,
src/swerl/core/reward.py), as restated in ref_swe_rl.py on Python's `re`
(the reference's block pattern) and `difflib` (unified_diff,
SequenceMatcher): the swerl package cannot be installed from PyPI.

With SWERL_SRC=/path/to/swe-rl/src in the environment, the real
swerl.core.reward module is imported as well (its unidiff import stubbed:
only the unified-diff-input variant uses it) and every case is also
checked against it, so the restatement itself is verified.

Cases come from a fixed seed: random files (repeated lines, unicode, CRLF
and other line breaks Python's splitlines knows, no trailing newline, empty
files, files of 200+ lines where difflib's autojunk applies), oracle edits
near both ends and in the middle, new files, model outputs with one to many
search/replace blocks per file over several files, and broken outputs
(tags missing, repeated or out of order, empty thought, malformed markers,
search not found, search equal to replace), valid blocks mangled line by
line (dropped, doubled, swapped or inserted marker lines), plus hand-written
cases at the edges of the block pattern; and groups of outputs for one
problem passed as a list (a vector of rewards). Compared: the reward (1e-12: the reference sums
the per-file ratios in set order), the error/no-error outcome, and for
valid outputs every file's two normalized patches (exactly), its ratio, the
thought and the answer. Prints "N passed, M failed"; exits 1 on failure.

Usage: check.py path/to/rls
"""
import importlib
import os
import random
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from common import Report, close, run_rls  # noqa: E402
import ref_swe_rl  # noqa: E402

SEED = 20260502
WORDS = ["x = 1", "return x", "pass", "}", "", "    ", "def f(a, b):", "    if a:", "        return b",
         "print('héllo')", "# 日本語のコメント", "s = '😀'", "import os", "\tindent", "a == b", "=======",
         "### not a path", "```"]
BREAKS = ["\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]


def random_line(rng):
    if rng.random() < 0.7:
        return rng.choice(WORDS)
    alphabet = "abcxyz _=()+-:é日😀\t"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))


def random_file(rng):
    r = rng.random()
    n = 0 if r < 0.05 else rng.randint(200, 320) if r < 0.15 else rng.randint(1, 30)
    lines = [random_line(rng) for _ in range(n)]
    sep = "\n" if rng.random() < 0.85 else rng.choice(BREAKS)
    text = sep.join(lines)
    if lines and rng.random() < 0.7:
        text += sep
    if lines and rng.random() < 0.1:  # one odd break inside
        k = rng.randrange(len(text) + 1)
        text = text[:k] + rng.choice(BREAKS) + text[k:]
    return text


def edit_lines(rng, text):
    """A random oracle edit: a few line ranges replaced, removed or
    inserted, often at the start or the end."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        where = rng.choice(["start", "end", "middle"])
        i = 0 if where == "start" else len(lines) if where == "end" else rng.randint(0, len(lines))
        j = min(len(lines), i + rng.randint(0, 3))
        if where == "end":
            i = max(0, len(lines) - rng.randint(0, 3))
            j = len(lines)
        lines[i:j] = [random_line(rng) for _ in range(rng.randint(0, 3))]
    return "\n".join(lines)


def line_starts(text):
    return [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]


def random_edit(rng, content):
    """A search text starting at a line start of `content` (so found),
    sometimes spoiled; and a replacement."""
    starts = line_starts(content)
    a = rng.choice(starts)
    ends = [k for k in range(a, len(content) + 1) if k == len(content) or content[k] == "\n"]
    b = rng.choice(ends[:6])
    search = content[a:b]
    r = rng.random()
    if r < 0.05:
        search += "NOT THERE"
    elif r < 0.1:
        search = ""
    replace = "\n".join(random_line(rng) for _ in range(rng.randint(0, 3)))
    if rng.random() < 0.05:
        replace = search
    elif replace == search:
        replace += " # changed"
    return search, replace


def block(rng, path, search, replace):
    fence = rng.choice(["```python", "```", "``` diff x"])
    return f"{fence}\n### {path}\n<<<<<<< SEARCH\n{search}\n=======\n{replace}\n>>>>>>> REPLACE\n```"


def spoil(rng, text):
    """Breaks the block format in one of several ways."""
    k = rng.randrange(6)
    if k == 0:
        return text.replace("<<<<<<< SEARCH\n", "<<<<<<< SEARCH \n", 1)
    if k == 1:
        return text.replace("\n```", "\n``", 1)
    if k == 2:
        return text.replace("### ", "## ", 1)
    if k == 3:
        return text.replace("\n", "\r\n")
    if k == 4:
        return text.replace("=======", "======", 1)
    return text.replace(">>>>>>> REPLACE\n```", ">>>>>>> REPLACE\n```more", 1)


def wrap(rng, thought, solution):
    r = rng.random()
    if r < 0.04:
        return f"<think>{thought}</think><think></think><solution>{solution}</solution>"
    if r < 0.08:
        return f"{thought}\n<solution>{solution}</solution>"
    if r < 0.12:
        return f"</think>{thought}<think>\n<solution>{solution}</solution>"
    if r < 0.16:
        return f"<think> \n\t </think><solution>{solution}</solution>"
    if r < 0.2:
        return f"<think>{thought}</think><solution>{solution}</solution></solution>"
    if r < 0.24:
        return f"<solution>{solution}</solution>\n<think>{thought}</think>"
    pre = rng.choice(["", "  ", "Sure.\n"])
    return f"{pre}<think>\n{thought}\n</think>\n<solution>\n{solution}\n</solution>{rng.choice(['', ' end'])}"


def random_case(rng):
    paths = [rng.choice(["a.py", "src/b.py", "ü/ñ.py", "dir with space/c.txt", "d.py", ""]) for _ in range(rng.randint(1, 4))]
    paths = list(dict.fromkeys(paths))
    context = {p: random_file(rng) for p in paths}
    oracle = {}
    for p in paths:
        if rng.random() < 0.8:
            oracle[p] = edit_lines(rng, context[p])
        elif rng.random() < 0.5:
            oracle[p] = context[p]
    if rng.random() < 0.15:
        oracle["new_file.py"] = random_file(rng)
    if rng.random() < 0.15:  # the general form: predicted contents
        pred = {p: edit_lines(rng, context.get(p, "")) for p in rng.sample(paths, rng.randint(1, len(paths)))}
        if rng.random() < 0.2:
            pred["new_file.py"] = random_file(rng)
        return context, oracle, pred
    blocks = []
    for p in rng.sample(paths, rng.randint(1, len(paths))):
        current = context[p]
        for _ in range(rng.randint(1, 3)):
            s, r = random_edit(rng, current)
            blocks.append(block(rng, p, s, r))
            if s != r and "\n" + s in "\n" + current:
                current = ("\n" + current).replace("\n" + s, "\n" + r)[1:]
    if rng.random() < 0.1:
        blocks.append(block(rng, "brand_new.py", "", "print(1)"))
    sep = rng.choice(["\n", "\n\n", "\nSome words.\n", ""])
    solution = sep.join(blocks)
    if rng.random() < 0.12:
        solution = spoil(rng, solution)
    if rng.random() < 0.03:
        solution = "no blocks here"
    thought = rng.choice(["I will fix it.", "  étape 1\n\n  étape 2  ", "x"])
    return context, oracle, wrap(rng, thought, solution)


MARKER_LINES = ["```", "```python", "### a.py", "### b.py", "<<<<<<< SEARCH", "=======", ">>>>>>> REPLACE",
                "x", "", "``` ```", "### ", "=======x"]


def mangled_case(rng):
    """Valid blocks over two small files, then a few line-level mutations
    (a line dropped, doubled, swapped with the next, or a marker line
    inserted): the parse must follow the pattern's shortest-match rules."""
    context = {"a.py": "x\ny\n=======\nz\nx\n", "b.py": "### a.py\nx\n"}
    oracle = {"a.py": "x\nY\n=======\nz\nx\n"}
    blocks = []
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(["a.py", "b.py"])
        ls = context[path].split("\n")
        i = rng.randrange(len(ls) - 1)
        search = "\n".join(ls[i:i + rng.randint(1, 2)])
        blocks.append(block(rng, path, search, search.upper() + rng.choice(["", "\n```", "\n=======", "\n#"])))
    lines = "\n".join(blocks).split("\n")
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(lines))
        op = rng.randrange(4)
        if op == 0 and len(lines) > 1:
            del lines[k]
        elif op == 1:
            lines.insert(k, lines[k])
        elif op == 2 and k + 1 < len(lines):
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
        else:
            lines.insert(k, rng.choice(MARKER_LINES))
    return context, oracle, f"<think>t</think><solution>{chr(10).join(lines)}</solution>"


def edge_cases():
    ctx = {"a.py": "one\ntwo\nthree\n", "b.py": "x\n"}
    ora = {"a.py": "one\nTWO\nthree\n"}

    def out(sol, thought="t"):
        return f"<think>{thought}</think><solution>{sol}</solution>"
    B = "```\n### a.py\n<<<<<<< SEARCH\n{}\n=======\n{}\n>>>>>>> REPLACE\n```"
    return [
        (ctx, ora, out(B.format("two", "TWO"))),
        (ctx, ora, out(B.format("tw", "TW"))),  # a prefix of a line: found at a line start
        (ctx, ora, out(B.format("wo", "WO"))),  # not at a line start: not found
        (ctx, ora, out(B.format("", "zero"))),  # empty search: a line added before every line
        (ctx, ora, out(B.format("one\ntwo\nthree\n", ""))),
        (ctx, ora, out(B.format("two", "two"))),  # identical
        (ctx, ora, out("```\n### a.py\n<<<<<<< SEARCH\n=======\n=======\nX\n>>>>>>> REPLACE\n```")),
        (ctx, ora, out("```\n### a.py\n<<<<<<< SEARCH\ntwo\n=======\nA\n=======\nB\n>>>>>>> REPLACE\n```")),
        (ctx, ora, out("```py ```\n### a.py\n<<<<<<< SEARCH\ntwo\n=======\nX\n>>>>>>> REPLACE\n```")),
        (ctx, ora, out("```\n### ```\n### a.py\n<<<<<<< SEARCH\ntwo\n=======\nX\n>>>>>>> REPLACE\n```")),
        (ctx, ora, out("````\n### a.py\n<<<<<<< SEARCH\ntwo\n=======\nX\n>>>>>>> REPLACE\n````")),
        (ctx, ora, out(B.format("two", "TWO") + B.format("TWO", "2"))),  # adjacent blocks, sequential edits
        (ctx, ora, out(B.format("two", "TWO") + "\n" + B.replace("a.py", "b.py").format("x", "y"))),
        (ctx, ora, out("```\n### a.py\n<<<<<<< SEARCH\ntwo\n=======\nX\n>>>>>>> REPLACE")),  # no closing fence
        (ctx, ora, out("```\n### a.py\n<<<<<<< SEARCH\ntwo\n=======\nX\n>>>>>>> REPLACE\n``` " + B.format("x", "y"))),
        (ctx, ora, out(B.format("two", "TWO"), thought=" \n ")),
        (ctx, ora, out(B.format("two", "TWO"), thought="\u3000\x85")),
        (ctx, ora, out(B.format("two", "TWO"), thought="\u200b")),  # not whitespace for Python
        (ctx, {}, out(B.format("two", "two\n"))),  # a change only in line ends: an empty patch
        (ctx, {}, out(B.format("three\n", "three"))),
        (ctx, {"a.py": ctx["a.py"]}, {"a.py": "one\ntwo\nthree"}),
        ({}, {}, {}),
        ({}, {"n.py": "new\n"}, {"n.py": "new\n"}),
        ({}, {"n.py": "new\n"}, out("```\n### n.py\n<<<<<<< SEARCH\n\n=======\nnew\n>>>>>>> REPLACE\n```")),
        (ctx, ora, out(B.format("two", "TWO")).replace("<think>", "<think><think>")),
        (ctx, ora, "<think>t</think><solution></solution>"),
        (ctx, ora, "<think>t</think></solution>" + B.format("two", "TWO") + "<solution>"),
    ]


def load_real():
    src = os.environ.get("SWERL_SRC")
    if not src:
        return None
    stub = types.ModuleType("unidiff")
    stub.PatchedFile = stub.PatchSet = object
    errors = types.ModuleType("unidiff.errors")
    errors.UnidiffParseError = Exception
    sys.modules.setdefault("unidiff", stub)
    sys.modules.setdefault("unidiff.errors", errors)
    sys.path.insert(0, src)
    return importlib.import_module("swerl.core.reward")


def expected(case):
    context, oracle, output = case["context"], case["oracle"], case["output"]
    if isinstance(output, dict):
        return ref_swe_rl.general_reward(context, oracle, output)
    return ref_swe_rl.search_replace_reward(context, oracle, output)


def real_value(real, case):
    context, oracle, output = case["context"], case["oracle"], case["output"]
    if isinstance(output, dict):
        return real.calculate_reward(context, oracle, output)
    return real.calculate_search_replace_reward(context, oracle, output)


def main():
    rls = sys.argv[1]
    rng = random.Random(SEED)
    raw = edge_cases() + [random_case(rng) for _ in range(600)] + [mangled_case(rng) for _ in range(300)]
    cases = [{"id": f"c{i}", "context": c, "oracle": o, "output": out} for i, (c, o, out) in enumerate(raw)]
    rep = Report()
    # Groups of outputs for one problem: the mangled cases share theirs.
    group_rng = random.Random(SEED + 1)
    groups = []
    for size in (1, 7, 40):
        raw_group = [mangled_case(group_rng) for _ in range(size)]
        groups.append({"context": raw_group[0][0], "oracle": raw_group[0][1], "outputs": [r[2] for r in raw_group]})
    ours = run_rls(rls, os.path.join(HERE, "compute.rls"), {"cases": cases, "groups": groups})
    for k, g in enumerate(groups):
        want = [ref_swe_rl.search_replace_reward(g["context"], g["oracle"], o)[0] for o in g["outputs"]]
        rep.compare(f"group {k} ({len(want)} outputs)", ours["groups"][k], want, 0, 1e-12)
    real = load_real()
    counts = {"error": 0, "valid": 0, "files": 0}
    for case in cases:
        cid = case["id"]
        reward, meta = expected(case)
        got = ours[cid]
        if real is not None:
            r2, m2 = real_value(real, case)
            if not close(r2, reward, 0, 1e-12) or ("error" in m2) != ("error" in meta):
                rep.fail(f"{cid} model vs swerl", f"{reward} vs {r2}")
                continue
        if not close(got["reward"], reward, 0, 1e-12) or not close(got["plain"], reward, 0, 1e-12):
            rep.fail(cid, f"reward {got['reward']} / {got['plain']}, expected {reward} ({meta.get('error', '')})")
            continue
        if "error" in meta:
            counts["error"] += 1
            if "error" not in got:
                rep.fail(cid, "expected a format error")
                continue
            rep.passed += 1
            continue
        counts["valid"] += 1
        sims = got.get("similarities", [])
        if [s["path"] for s in sims] != [s["path"] for s in meta["similarities"]]:
            rep.fail(cid, f"paths {[s['path'] for s in sims]} vs {[s['path'] for s in meta['similarities']]}")
            continue
        bad = None
        for s, e in zip(sims, meta["similarities"]):
            counts["files"] += 1
            if s["pred_change"] != e["pred_change"] or s["oracle_change"] != e["oracle_change"]:
                bad = f"patches of {e['path']!r} differ:\n{s['pred_change']!r}\n{e['pred_change']!r}"
            elif not close(s["similarity"], e["similarity"], 0, 1e-15):
                bad = f"similarity of {e['path']!r}: {s['similarity']} vs {e['similarity']}"
        for key in ("thought", "answer"):
            if got.get(key) != meta.get(key):
                bad = f"{key} {got.get(key)!r} vs {meta.get(key)!r}"
        if bad:
            rep.fail(cid, bad)
        else:
            rep.passed += 1
    print(f"swe_rl: {len(cases)} cases ({counts['valid']} scored over {counts['files']} files, "
          f"{counts['error']} format errors){'; model checked against swerl' if real else ''}")
    rep.finish("rewards")


if __name__ == "__main__":
    main()
