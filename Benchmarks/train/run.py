"""Training benchmarks, side by side in one run:
- CartPole steps per second: gymnasium's CartPole-v1 (gymnasium.make, so with
  its wrappers, and the bare env.unwrapped) stepped from Python with random
  actions and resets, against RLScript's env.cartpole stepped natively
  (e.rollout over the same number of actions), through env.vector(8), and one
  e.step call per step from the interpreter;
- an MLP forward + backward (tanh hidden layers, sizes below) on a 2048×64
  minibatch: RLScript's nn.mlp against NumPy doing the same matmuls
  (x Wᵀ + b, tanh; dW = gᵀa, db = Σg, g W, tanh').
- the PPO target: train.ppo(env.cartpole(), seed: s) with CleanRL's defaults
  (500k steps) for seeds 1, 2, 3 (Benchmarks/train/ppo.rls, one process per
  seed: wall and CPU time of the process, training seconds, and the mean
  return of train.evaluate over 20 episodes, greedy and sampled), and
  train.reinforce with its defaults for the same seeds (Benchmarks/train/reinforce.rls).
RLScript is timed inside the script with clock() (start-up excluded); best of
several repetitions. Usage: python run.py path/to/rls (from a venv with numpy
and gymnasium — Tests/parity/run.sh makes one at .venv-parity)."""
import json
import os
import resource
import subprocess
import sys
import time

import gymnasium as gym
import numpy as np

RLS = sys.argv[1] if len(sys.argv) > 1 else ".build/release/rls"
HERE = os.path.dirname(os.path.abspath(__file__))
N_STEPS = 1_000_000
N_PY = 200_000
BATCH = 2048
SIZES = [64, 256, 256, 8]
REPS = 7


def gym_steps(env, n):
    rng = np.random.default_rng(1)
    actions = rng.integers(0, 2, size=n).tolist()
    env.reset(seed=0)
    t = time.perf_counter()
    for a in actions:
        _, _, term, trunc, _ = env.step(a)
        if term or trunc:
            env.reset()
    return (time.perf_counter() - t) / n


def numpy_mlp():
    rng = np.random.default_rng(0)
    Ws = [rng.uniform(-1, 1, size=(o, i)) / np.sqrt(i) for i, o in zip(SIZES[:-1], SIZES[1:])]
    bs = [np.zeros(o) for o in SIZES[1:]]
    x = rng.normal(size=(BATCH, SIZES[0]))
    gout = rng.normal(size=(BATCH, SIZES[-1]))

    def step():
        acts = [x]
        for li, (W, b) in enumerate(zip(Ws, bs)):
            y = acts[-1] @ W.T + b
            if li < len(Ws) - 1:
                y = np.tanh(y)
            acts.append(y)
        g = gout
        grads = []
        for li in range(len(Ws) - 1, -1, -1):
            if li < len(Ws) - 1:
                g = g * (1 - acts[li + 1] ** 2)
            grads.append((g.T @ acts[li], g.sum(axis=0)))
            g = g @ Ws[li]
        return grads

    step()
    best = float("inf")
    for _ in range(REPS):
        t = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - t)
    return best


def ppo_runs(seeds=(1, 2, 3)):
    print("PPO on CartPole-v1, CleanRL defaults (500k steps), train.evaluate over 20 episodes")
    print(f"  {'seed':>4} {'wall s':>7} {'cpu s':>6} {'train s':>7} {'greedy':>7} {'sampled':>7}")
    for s in seeds:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        out = subprocess.run([RLS, "run", os.path.join(HERE, "ppo.rls"), str(s)], check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        r = json.loads(out.strip().splitlines()[-1])
        ok = "met" if r["greedy"] >= 475 and wall < 60 else "NOT met"
        print(f"  {s:>4} {wall:7.1f} {cpu:6.1f} {r['seconds']:7.1f} {r['greedy']:7.1f} {r['sampled']:7.1f}   {ok}")


def reinforce_runs(seeds=(1, 2, 3)):
    print("REINFORCE on CartPole-v1, defaults (200 updates x 4 episodes), greedy train.evaluate over 20 episodes")
    print(f"  {'seed':>4} {'train s':>7} {'steps':>8} {'greedy':>7}")
    for s in seeds:
        out = subprocess.run([RLS, "run", os.path.join(HERE, "reinforce.rls"), str(s)], check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"  {s:>4} {r['seconds']:7.1f} {int(r['global_step']):>8} {r['greedy']:7.1f}")


def main():
    import warnings

    warnings.filterwarnings("ignore")
    out = subprocess.run(
        [RLS, "run", os.path.join(HERE, "bench.rls"), str(N_STEPS), str(BATCH), json.dumps(SIZES), str(REPS)],
        check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    wrapped = gym_steps(gym.make("CartPole-v1"), N_PY)
    bare = gym_steps(gym.make("CartPole-v1").unwrapped, N_PY)
    native = r["rollout"] / N_STEPS
    print("CartPole-v1 steps per second")
    print(f"  gymnasium (gym.make)       {1 / wrapped:14,.0f}")
    print(f"  gymnasium (unwrapped)      {1 / bare:14,.0f}")
    print(f"  rls e.rollout (native)     {1 / native:14,.0f}   {wrapped / native:6.1f}x gym.make, {bare / native:6.1f}x unwrapped")
    print(f"  rls env.vector(8).step     {1 / r['vector']:14,.0f}   {wrapped / r['vector']:6.1f}x gym.make")
    print(f"  rls e.step per call        {1 / r['loop']:14,.0f}   {wrapped / r['loop']:6.1f}x gym.make")
    npt = numpy_mlp()
    print(f"MLP {SIZES} tanh, forward + backward on {BATCH}x{SIZES[0]}")
    print(f"  numpy  {npt * 1e3:8.3f} ms")
    print(f"  rls    {r['mlp'] * 1e3:8.3f} ms   ({r['mlp'] / npt:.2f}x numpy's time)")
    print(f"load average before PPO: {os.getloadavg()[0]:.1f}")
    ppo_runs()
    reinforce_runs()
    print(f"load average after PPO: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
