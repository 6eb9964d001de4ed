"""RL-PLUS's and LaSeR's shapings, ported to numpy for the parity checks."""
import numpy as np


def rlplus_off_ratio(log_prob, old_log_prob):
    """RL-PLUS rl_plus/verl/verl/recipe/rlplus_core_alg.py,
    compute_token_on_off_policy_loss, off_policy_strategy == "RL-PLUS":
    omiga_prob = 0.5*(exp(old_log_prob) + 1);
    off_ratio = 2*exp(log_prob)/(exp(old_log_prob) + omiga_prob)."""
    omiga_prob = 0.5 * (np.exp(old_log_prob) + 1)
    return 2 * np.exp(log_prob) / (np.exp(old_log_prob) + omiga_prob)


def rlplus_exploration_advantage(advantages, log_prob):
    """Same function: advantages * (1 - exp(log_prob.detach()))**0.5."""
    return advantages * (1 - np.exp(log_prob)) ** 0.5


def laser_score(logp_token, ref_logp, beta):
    """LaSeR (arXiv 2510.14943): the last-token self-rewarding score
    beta * (log pi(z_c | x, y) - c)."""
    return beta * (logp_token - ref_logp)
