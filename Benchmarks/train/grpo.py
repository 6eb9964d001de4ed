"""GRPO on the default built-in verifiable-reward task (train.grpo()).

For each seed, Benchmarks/train/grpo.rls reports the wall time until the
greedy verifier reward on the held-out prompts (eval_reward) first reaches
the target, and the default run's final reward, accuracy and wall time.
RLScript times itself (result.seconds: the training loop, start-up
excluded); this runner adds the CPU time of the whole process and the load
average. No peer runs here: TRL's GRPOTrainer needs a transformers model.
Usage: python grpo.py path/to/rls [seeds] [target] [task: sort or sum]"""
import json
import os
import resource
import subprocess
import sys

RLS = sys.argv[1] if len(sys.argv) > 1 else ".build/release/rls"
SEEDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
TARGET = float(sys.argv[3]) if len(sys.argv) > 3 else 0.95
TASK = sys.argv[4] if len(sys.argv) > 4 else "sort"
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    load = os.getloadavg()
    out = subprocess.run(
        [RLS, "run", os.path.join(HERE, "grpo.rls"), str(SEEDS), str(TARGET), TASK], capture_output=True, text=True, check=True
    ).stdout
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    print(f"task {TASK}")
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; after: {os.getloadavg()[0]:.2f}")
    print(f"CPU time of the whole run (all seeds, both runs each): {cpu.ru_utime + cpu.ru_stime:.1f} s")
    print()
    print(f"| seed | iterations to {TARGET:g} | wall s to {TARGET:g} | reward / accuracy there | default run: iterations | wall s | final reward | final accuracy |")
    print("|---:|---:|---:|---|---:|---:|---:|---:|")
    for r in rows:
        to = f"{r['iterations_to_target']}" if r["reached"] else f"not reached in {r['iterations_to_target']}"
        print(
            f"| {r['seed']} | {to} | {r['seconds_to_target']:.1f} | {r['reward_at_target']:.4f} / {r['accuracy_at_target']:.3f} "
            f"| {r['iterations']} | {r['seconds']:.1f} | {r['final_reward']:.4f} | {r['final_accuracy']:.3f} |"
        )


if __name__ == "__main__":
    main()
