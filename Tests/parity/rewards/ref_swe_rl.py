"""SWE-RL's reward (facebookresearch/swe-rl, src/swerl/core/reward.py:
calculate_search_replace_reward and calculate_reward), restated on Python's
own `re` and `difflib`, the libraries the reference is built on. The swerl
package is not on PyPI (the PyPI project of that name is an unrelated one),
so the check cannot install it; check.py can additionally compare this
model with a checkout of the real code (SWERL_SRC, see there).

Each function names the reference function whose behaviour it reproduces.
"""
import difflib
import re

# The block pattern of reward.py (SEARCH_REPLACE_REGEX): a fence line, a
# "### path" line, the SEARCH marker, the shortest search text, the divider,
# the shortest replace text, the REPLACE marker and a closing fence.
BLOCK = re.compile(
    "```.*?\n### (.*)\n<<<<<<< SEARCH\n([\\s\\S]*?)\n=======\n([\\s\\S]*?)\n>>>>>>> REPLACE\n```"
)
TAGS = ("<think>", "</think>", "<solution>", "</solution>")


class FormatError(Exception):
    pass


def thought_and_solution(output):
    """extract_thought_solution: every tag exactly once; the text after the
    opening tag up to the closing one, stripped; the thought must not be
    empty."""
    for tag in TAGS:
        if output.count(tag) != 1:
            raise FormatError(f"{tag} occurs {output.count(tag)} times")
    thought = output.split("<think>")[1].split("</think>")[0].strip()
    solution = output.split("<solution>")[1].split("</solution>")[0].strip()
    if not thought:
        raise FormatError("empty thought")
    return thought, solution


def edits(text):
    """parse_search_replace: the blocks grouped by path, in order of first
    appearance."""
    out = {}
    for path, search, replace in BLOCK.findall(text):
        out.setdefault(path, []).append((search, replace))
    return out


def apply_edits(context, by_path):
    """apply_code_change (not silent): each edit replaces every occurrence
    of "\\n" + search in "\\n" + content by "\\n" + replace; identical search
    and replace, or a search not found, is a format error."""
    new = {}
    for path, pairs in by_path.items():
        content = "\n" + context.get(path, "")
        for search, replace in pairs:
            if search == replace:
                raise FormatError("identical search and replace")
            if "\n" + search not in content:
                raise FormatError("search not found")
            content = content.replace("\n" + search, "\n" + replace)
        new[path] = content[1:]
    return new


def normalized_patch(old, new):
    """generate_unified_diff: difflib.unified_diff of the splitlines with 3
    lines of context and lineterm "", its two header lines dropped, joined
    by newlines."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), fromfile="old", tofile="new",
                                      lineterm="", n=3))
    return "\n".join(lines[2:])


def patches(context, new_contents):
    """get_normalized_patch: only the files whose patch is not empty."""
    out = {}
    for path, content in new_contents.items():
        p = normalized_patch(context.get(path, ""), content)
        if p:
            out[path] = p
    return out


def general_reward(context, oracle, predicted):
    """calculate_reward: per file of either patch set, the ratio of the two
    patches (SequenceMatcher, autojunk off; 0 when one side is missing);
    their mean, or 1 with no changed file. Similarities sorted by path."""
    o, p = patches(context, oracle), patches(context, predicted)
    sims = []
    for path in sorted(set(o) | set(p)):
        pc, oc = p.get(path, ""), o.get(path, "")
        s = 0.0 if not pc or not oc else difflib.SequenceMatcher(None, pc, oc, autojunk=False).ratio()
        sims.append({"path": path, "pred_change": pc, "oracle_change": oc, "similarity": s})
    if not sims:
        return 1.0, {"similarities": []}
    return sum(x["similarity"] for x in sims) / len(sims), {"similarities": sims}


def search_replace_reward(context, oracle, output):
    """calculate_search_replace_reward: -1 on any format error (including no
    block at all), else the general reward of the edited files."""
    try:
        thought, solution = thought_and_solution(output)
        by_path = edits(solution)
        if not by_path:
            raise FormatError("no block")
        reward, meta = general_reward(context, oracle, apply_edits(context, by_path))
        meta["thought"], meta["answer"] = thought, solution
        return reward, meta
    except FormatError as e:
        return -1.0, {"error": str(e)}
