"""CleanRL's and TRL's advantage and loss formulas, ported to numpy for the
parity checks (each function cites the file and function it follows)."""
import numpy as np


def cleanrl_gae(rewards, values, dones, last_value, gamma, lam):
    """cleanrl/ppo.py, the GAE block after the rollout (`lastgaelam` loop).
    CleanRL stores `dones[t]` = "obs t follows an episode end" and `next_done`
    for the step after the rollout; our `dones[t]` (step t ended its episode)
    is CleanRL's `dones[t + 1]` and, for the last step, `next_done`."""
    T = rewards.shape[0]
    cdones = np.concatenate([np.zeros_like(dones[:1]), dones[:-1]])
    next_done = dones[-1]
    advantages = np.zeros_like(rewards)
    lastgaelam = 0
    for t in reversed(range(T)):
        if t == T - 1:
            nextnonterminal = 1.0 - next_done
            nextvalues = last_value
        else:
            nextnonterminal = 1.0 - cdones[t + 1]
            nextvalues = values[t + 1]
        delta = rewards[t] + gamma * nextvalues * nextnonterminal - values[t]
        advantages[t] = lastgaelam = delta + gamma * lam * nextnonterminal * lastgaelam
    return advantages, advantages + values


def cleanrl_returns(rewards, dones, last_value, gamma):
    """cleanrl's non-GAE returns (ppo.py before GAE became the only path:
    `returns[t] = rewards[t] + gamma * nextnonterminal * next_return`)."""
    T = rewards.shape[0]
    cdones = np.concatenate([np.zeros_like(dones[:1]), dones[:-1]])
    returns = np.zeros_like(rewards)
    for t in reversed(range(T)):
        if t == T - 1:
            nextnonterminal, next_return = 1.0 - dones[-1], last_value
        else:
            nextnonterminal, next_return = 1.0 - cdones[t + 1], returns[t + 1]
        returns[t] = rewards[t] + gamma * nextnonterminal * next_return
    return returns


def trl_grpo(rewards, scale):
    """trl/trainer/grpo_trainer.py, GRPOTrainer._generate_and_score_completions
    ("sum_then_normalize" branch): mean per group, std with Bessel's correction,
    advantages = (r − mean) / (std + 1e-4) unless scale_rewards == "none"."""
    G, m = rewards.shape
    mean = rewards.mean(axis=1, keepdims=True)
    if scale == "batch":
        std = np.full((G, 1), rewards.std(ddof=1) if rewards.size > 1 else 0.0)
    else:
        std = rewards.std(axis=1, ddof=1, keepdims=True) if m > 1 else np.zeros((G, 1))
    adv = rewards - mean
    return adv if scale == "none" else adv / (std + 1e-4)


def trl_rloo(rewards, normalize):
    """trl/trainer/rloo_trainer.py, RLOOTrainer._generate_and_score_completions:
    baseline = (group sum − r) / (m − 1); optional batch normalisation with
    nanstd (Bessel) + 1e-4."""
    G, m = rewards.shape
    if m > 1:
        adv = rewards - (rewards.sum(axis=1, keepdims=True) - rewards) / (m - 1)
    else:
        adv = np.zeros_like(rewards)
    if normalize:
        adv = (adv - adv.mean()) / (adv.std(ddof=1) + 1e-4)
    return adv


