"""Bit-for-bit parity of RLScript's `env.cartpole` and `env.pendulum` with
gymnasium's CartPole-v1 and Pendulum-v1 (created with gymnasium.make, so the
TimeLimit wrapper is included).

Each case starts from a state that gymnasium itself produced (reset with a
fixed seed; some CartPole cases from wider random states), sets it with
`env.unwrapped.state = ...` on the gymnasium side and `e.reset(state:)` on the
RLScript side, then steps the same actions (random from fixed seeds; Pendulum
torques as float32, some outside [-2, 2] to exercise the clip; some
trajectories continue past termination and past the time limit). Every
observation, reward and flag must be exactly equal (float equality, not a
tolerance). Usage: python check.py path/to/rls
"""
import json
import os
import subprocess
import sys
import tempfile

import gymnasium as gym
import numpy as np

RLS = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def cartpole_cases():
    cases = []
    for i in range(24):
        env = gym.make("CartPole-v1")
        env.reset(seed=i)
        state = [float(v) for v in env.unwrapped.state]
        rng = np.random.default_rng(1000 + i)
        if i >= 16:  # wider starts: some terminate at once, some later
            state = [float(v) for v in rng.uniform(-0.25, 0.25, size=4) * [9.0, 4.0, 0.8, 4.0]]
        n = 520 if i % 4 == 0 else int(rng.integers(5, 200))
        actions = [int(a) for a in rng.integers(0, 2, size=n)]
        if i % 4 == 0:  # a balancing-ish policy so the time limit is reached
            actions = None
        cases.append({"env": "cartpole", "state": state, "actions": actions, "seed": 1000 + i})
    return cases


def pendulum_cases():
    cases = []
    for i in range(16):
        env = gym.make("Pendulum-v1")
        env.reset(seed=i)
        state = [float(v) for v in env.unwrapped.state]
        rng = np.random.default_rng(2000 + i)
        n = 210 if i % 2 == 0 else int(rng.integers(5, 150))
        actions = [float(a) for a in rng.uniform(-2.5, 2.5, size=n).astype(np.float32)]
        cases.append({"env": "pendulum", "state": state, "actions": actions})
    return cases


def run_gym(case):
    """Steps gymnasium; fills in policy-chosen CartPole actions; returns the trajectory."""
    name = "CartPole-v1" if case["env"] == "cartpole" else "Pendulum-v1"
    env = gym.make(name)
    env.reset(seed=0)
    env.unwrapped.state = np.array(case["state"], dtype=np.float64)
    if case["env"] == "cartpole":
        first = np.array(env.unwrapped.state, dtype=np.float32)
    else:
        first = env.unwrapped._get_obs()
    steps = []
    if case["env"] == "cartpole" and case["actions"] is None:
        # push against the pole's lean; continue 20 steps past the limit
        actions = []
        obs = first
        for _ in range(520):
            a = 1 if obs[2] + 0.5 * obs[3] > 0 else 0
            actions.append(a)
            obs, r, term, trunc, _ = env.step(a)
            steps.append((obs, r, term, trunc))
        case["actions"] = actions
    else:
        for a in case["actions"]:
            act = a if case["env"] == "cartpole" else np.array([a], dtype=np.float32)
            obs, r, term, trunc, _ = env.step(act)
            steps.append((obs, r, term, trunc))
    return first, steps


def same(a, b):
    return len(a) == len(b) and all(float(x) == float(y) for x, y in zip(a, b))


def main():
    import warnings

    warnings.filterwarnings("ignore")
    cases = cartpole_cases() + pendulum_cases()
    refs = [run_gym(c) for c in cases]
    with tempfile.TemporaryDirectory() as tmp:
        cin = os.path.join(tmp, "cases.json")
        cout = os.path.join(tmp, "out.json")
        with open(cin, "w") as f:
            json.dump([{"env": c["env"], "state": c["state"], "actions": c["actions"]} for c in cases], f)
        subprocess.run([RLS, "run", os.path.join(HERE, "compute.rls"), cin, cout], check=True)
        with open(cout) as f:
            got = json.load(f)
    passed = failed = 0
    for i, (c, (first, steps), g) in enumerate(zip(cases, refs, got)):
        problem = None
        if not same(first, g["first"]):
            problem = f"initial observation {list(map(float, first))} vs {g['first']}"
        elif len(steps) != len(g["steps"]):
            problem = f"{len(steps)} steps vs {len(g['steps'])}"
        else:
            for t, ((obs, r, term, trunc), (gobs, gr, gterm, gtrunc)) in enumerate(zip(steps, g["steps"])):
                if not same(obs, gobs) or float(r) != float(gr) or bool(term) != gterm or bool(trunc) != gtrunc:
                    problem = f"step {t}: gymnasium {list(map(float, obs))} {float(r)!r} {term} {trunc} vs rls {gobs} {gr!r} {gterm} {gtrunc}"
                    break
        if problem:
            failed += 1
            print(f"train: case {i} ({c['env']}) differs at {problem}")
        else:
            passed += 1
    print(f"train (gymnasium {gym.__version__}, numpy {np.__version__}): {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
