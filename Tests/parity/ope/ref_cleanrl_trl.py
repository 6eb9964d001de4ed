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




# ---------------------------------------------------------------- losses

def cleanrl_ppo(newlogprob, oldlogprob, advantages, clip_coef, norm_adv):
    """cleanrl/ppo.py, the minibatch update: logratio, ratio, old_approx_kl,
    approx_kl, clipfracs, optional advantage normalisation (std with
    Bessel's correction + 1e-8), pg_loss = max(pg_loss1, pg_loss2).mean()."""
    logratio = newlogprob - oldlogprob
    ratio = np.exp(logratio)
    old_approx_kl = (-logratio).mean()
    approx_kl = ((ratio - 1) - logratio).mean()
    clipfrac = (np.abs(ratio - 1.0) > clip_coef).astype(float).mean()
    mb_advantages = advantages
    if norm_adv:
        mb_advantages = (mb_advantages - mb_advantages.mean()) / (mb_advantages.std(ddof=1) + 1e-8)
    pg_loss1 = -mb_advantages * ratio
    pg_loss2 = -mb_advantages * np.clip(ratio, 1 - clip_coef, 1 + clip_coef)
    pg_loss = np.maximum(pg_loss1, pg_loss2).mean()
    return pg_loss, clipfrac, approx_kl, old_approx_kl


def cleanrl_value_loss(newvalue, values, returns, clip_coef, clip_vloss):
    """cleanrl/ppo.py, the value loss block."""
    if clip_vloss:
        v_loss_unclipped = (newvalue - returns) ** 2
        v_clipped = values + np.clip(newvalue - values, -clip_coef, clip_coef)
        v_loss_clipped = (v_clipped - returns) ** 2
        return 0.5 * np.maximum(v_loss_unclipped, v_loss_clipped).mean()
    return 0.5 * ((newvalue - returns) ** 2).mean()


def k3(logp, ref, mask=None):
    """The per-token KL of trl/trainer/grpo_trainer.py _compute_loss
    (exp(ref − logp) − (ref − logp) − 1), averaged over the mask."""
    kl = np.exp(ref - logp) - (ref - logp) - 1
    mask = np.ones_like(kl) if mask is None else mask
    return (kl * mask).sum() / mask.sum()


def trl_grpo_loss(logp, old, ref, adv, mask, beta, eps_low, eps_high, loss_type, max_completion_length):
    """trl/trainer/grpo_trainer.py, GRPOTrainer._compute_loss with
    importance_sampling_level="token", one process, no gradient accumulation
    (so dapo's num_items_in_batch is mask.sum()); clip-ratio metrics as in
    its logging block (global_masked_mean)."""
    advantages = adv[:, None] if adv.ndim == 1 else adv
    coef_1 = np.exp(logp - old)
    coef_2 = np.clip(coef_1, 1 - eps_low, 1 + eps_high)
    per_token_loss = -np.minimum(coef_1 * advantages, coef_2 * advantages)
    per_token_kl = None
    if ref is not None:
        per_token_kl = np.exp(ref - logp) - (ref - logp) - 1
    if beta != 0.0:
        per_token_loss = per_token_loss + beta * per_token_kl
    if loss_type == "grpo":
        loss = ((per_token_loss * mask).sum(-1) / np.clip(mask.sum(-1), 1.0, None)).mean()
    elif loss_type == "bnpo":
        loss = (per_token_loss * mask).sum() / max(mask.sum(), 1.0)
    elif loss_type == "dr_grpo":
        loss = (per_token_loss * mask).sum() / (per_token_loss.shape[0] * max_completion_length)
    else:  # dapo
        loss = (per_token_loss * mask).sum() / max(mask.sum(), 1.0)

    def gmm(x):
        return (x * mask).sum() / max(mask.sum(), 1.0)
    is_low = (coef_1 < 1 - eps_low) & (advantages < 0)
    is_high = (coef_1 > 1 + eps_high) & (advantages > 0)
    kl = gmm(per_token_kl) if per_token_kl is not None else np.nan
    return loss, gmm(is_low.astype(float)), gmm(is_high.astype(float)), gmm((is_low | is_high).astype(float)), kl


def openrlhf_pairwise(chosen, reject, margin=None):
    """OpenRLHF openrlhf/models/loss.py PairWiseLoss (as vendored by the
    Reward-Calibration code): -logsigmoid(chosen - reject [- margin]).mean()."""
    z = chosen - reject - (0 if margin is None else margin)
    return np.mean(np.logaddexp(0, -z))


def crm_loss(cwh, cwl, rwh, rwl):
    """Reward-Calibration OpenRLHF/openrlhf/trainer/crm_trainer.py,
    CalibratedRewardModelTrainer.fit, default ("version 5") branch:
    loss_fn(cwh, cwl) + loss_fn(rwl, rwh)."""
    return openrlhf_pairwise(cwh, cwl) + openrlhf_pairwise(rwl, rwh)


def pacs_loss(logratio_sums, labels, rollout_n, beta, adv_estimator, norm_adv_by_std, use_weight, weight_mode):
    """PACS src/pacs/pacs_core_algos.py: compute_reward (reward_method "1" on
    per-response sums), compute_rloo/grpo/naive advantage, compute_weight
    (scikit-learn's compute_class_weight("balanced") per question), then
    torch's BCEWithLogitsLoss(weight) — mean of w·[max(x,0) − x·y + log(1 + e^−|x|)]."""
    from sklearn.utils.class_weight import compute_class_weight
    reward = beta * logratio_sums
    g = reward.reshape(-1, rollout_n)
    if adv_estimator == "rloo":
        adv = (g - (g.sum(axis=1, keepdims=True) - g) / (rollout_n - 1)).reshape(-1)
    elif adv_estimator == "grpo":
        mean = g.mean(axis=1, keepdims=True)
        adv = ((g - mean) / (g.std(axis=1, ddof=1, keepdims=True) + 1e-6) if norm_adv_by_std else g - mean).reshape(-1)
    else:
        adv = reward
    weight = np.ones_like(labels)
    if use_weight:
        if weight_mode == "question":
            for i in range(0, len(labels), rollout_n):
                chunk = labels[i: i + rollout_n].tolist()
                if len(set(chunk)) > 1:
                    classes = np.unique(chunk)
                    weights = compute_class_weight("balanced", classes=classes, y=chunk)
                    weight_map = dict(zip(classes, weights))
                    for j, label in enumerate(chunk):
                        weight[i + j] = weight_map[label]
        elif weight_mode == "only_positive":
            weight = (labels == 1).astype(float)
        else:
            weight = (labels == 0).astype(float)
    x, y = adv, labels
    per = np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return (weight * per).mean(), adv, weight


def numeric_grad(f, x, h=1e-6):
    """Central finite differences of the scalar f at x (same shape)."""
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    flat, gf = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        step = h * max(1.0, abs(flat[i]))
        old = flat[i]
        flat[i] = old + step
        up = f(x)
        flat[i] = old - step
        down = f(x)
        flat[i] = old
        gf[i] = (up - down) / (2 * step)
    return g
