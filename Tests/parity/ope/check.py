"""Parity of the `ope` and `adv` namespaces with the references users trust.

- Bandit OPE: the real `obp` package (obp.ope estimators and
  estimate_interval; see ../torch_stub.py for why torch is stubbed).
- Advantages: CleanRL's ppo.py GAE loop and TRL's GRPOTrainer / RLOOTrainer
  advantage code, ported to numpy in ref_cleanrl_trl.py (file and function
  cited at each).
- Off-policy selection: SCOPE-RL's OffPolicySelection code, ported in
  ref_scope_rl.py (with a stable argsort; see there), using the real
  scikit-learn mean_squared_error and scipy spearmanr as SCOPE-RL does.
- Trajectory OPE: SCOPE-RL's discrete basic estimators, ported in
  ref_scope_rl.py and fed SCOPE-RL's own inputs (actions, n·T×K action
  distributions and Q tables), while RLScript gets the same data as its
  n×T map.
- Reward shapings: RL-PLUS's off-policy ratio and exploration-based
  advantage (its rlplus_core_alg.py) and LaSeR's last-token score (its
  paper's formula), ported in ref_rewards.py.
- Losses: CleanRL's PPO policy and value losses, TRL's GRPO loss, the
  OpenRLHF pairwise loss behind PPO-M's calibrated reward model, and PACS's
  compute_pacs_loss (with scikit-learn's compute_class_weight), ported in
  ref_cleanrl_trl.py; our gradients are checked against central finite
  differences of those ported values (1e-5 relative).

Cases come from fixed seeds; `rls run compute.rls cases.json out.json`
computes ours; every quantity must agree to 1e-9 relative (1e-12 absolute
near zero). Prints "N passed, M failed"; exits 1 on any failure.

Usage: check.py path/to/rls
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
import torch_stub  # noqa: E402

torch_stub.install()
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from obp import ope as obp_ope  # noqa: E402
from obp.utils import estimate_confidence_interval_by_bootstrap  # noqa: E402

from common import Report, run_rls, to_json  # noqa: E402
from ref_cleanrl_trl import cleanrl_gae, cleanrl_returns, trl_grpo, trl_rloo  # noqa: E402
import ref_cleanrl_trl as ref_loss  # noqa: E402
import ref_scope_rl  # noqa: E402
import ref_rewards  # noqa: E402

warnings.filterwarnings("ignore")


# ---------------------------------------------------------------- bandit OPE

def bandit_case(seed, n, k, deterministic=False, tiny=False, binary=False, **params):
    rng = np.random.default_rng(seed)
    pi = rng.dirichlet(np.ones(k), size=n)
    if deterministic:  # every third row one-hot: a deterministic evaluation policy there
        rows = np.arange(0, n, 3)
        pi[rows] = np.eye(k)[rng.integers(0, k, len(rows))]
    action = rng.integers(0, k, n)
    pscore = rng.uniform(0.05, 1.0, n)
    if tiny:
        pscore[::7] = 1e-6
        pscore[1::11] = 1.0
    reward = rng.binomial(1, 0.4, n).astype(float) if binary else rng.normal(0.5, 1.0, n)
    q_hat = rng.uniform(-1, 2, (n, k))
    return {"id": f"bandit-{seed}", "kind": "bandit",
            "fb": {"reward": reward, "action": action, "pscore": pscore, "action_dist": pi, "q_hat": q_hat},
            "params": params}


BANDIT_CASES = [
    bandit_case(1, 500, 5, clip=None, tau=None, dros_lambda=5.0, sg_lambda=0.2, boot=(100, 0.05, 11)),
    bandit_case(2, 2000, 10, deterministic=True, tiny=True, clip=50.0, tau=10.0, dros_lambda=0.0, sg_lambda=1.0,
                boot=(100, 0.1, 12)),
    bandit_case(3, 60, 1, clip=0.5, tau=0.0, dros_lambda=1.0, sg_lambda=0.5, boot=(50, 0.05, 13)),
    bandit_case(4, 1, 3, clip=None, tau=None, dros_lambda=2.0, sg_lambda=0.0, boot=(20, 0.05, 14)),
    bandit_case(5, 40_000, 3, binary=True, clip=2.0, tau=1.5, dros_lambda=1e12, sg_lambda=0.7, boot=None),
    bandit_case(6, 700, 4, deterministic=True, binary=True, clip=1.0, tau=3.0, dros_lambda=0.3, sg_lambda=0.05,
                boot=(100, 0.05, 0)),
]

ESTIMATORS = ["dm", "ips", "snips", "dr", "sndr", "switch_dr", "dros", "subgauss_ipw", "subgauss_dr"]


def obp_estimator(name, p):
    inf = np.inf
    clip = p["clip"] if p["clip"] is not None else inf
    tau = p["tau"] if p["tau"] is not None else inf
    return {
        "dm": obp_ope.DirectMethod(),
        "ips": obp_ope.InverseProbabilityWeighting(lambda_=clip),
        "snips": obp_ope.SelfNormalizedInverseProbabilityWeighting(),
        "dr": obp_ope.DoublyRobust(lambda_=clip),
        "sndr": obp_ope.SelfNormalizedDoublyRobust(),
        "switch_dr": obp_ope.SwitchDoublyRobust(lambda_=tau),
        "dros": obp_ope.DoublyRobustWithShrinkage(lambda_=p["dros_lambda"]),
        "subgauss_ipw": obp_ope.SubGaussianInverseProbabilityWeighting(lambda_=p["sg_lambda"]),
        "subgauss_dr": obp_ope.SubGaussianDoublyRobust(lambda_=p["sg_lambda"]),
    }[name]


def obp_rounds(name, est, fb):
    """OBP's _estimate_round_rewards. Where OBP divides 0 by 0 (DRos at
    lambda 0, sub-Gaussian at lambda 1, on rows whose weight is 0), ours
    keeps the zero weight (the limit of OBP's formula in lambda): those rows
    take the same value with weight 0, which is what the NaN is replaced by."""
    n = len(fb["reward"])
    args = dict(reward=fb["reward"], action=fb["action"], pscore=fb["pscore"],
                action_dist=fb["action_dist"][:, :, None], position=np.zeros(n, dtype=int),
                estimated_rewards_by_reg_model=fb["q_hat"][:, :, None])
    rounds = est._estimate_round_rewards(**args)
    if np.isnan(rounds).any():
        dm = obp_ope.DirectMethod()._estimate_round_rewards(**args)
        limit = np.zeros(n) if name in ("ips", "snips", "subgauss_ipw") else dm
        rounds = np.where(np.isnan(rounds), limit, rounds)
    return rounds


def obp_bandit(case):
    fb, p = case["fb"], case["params"]
    out = {"rounds": {}, "interval": {}}
    for name in ESTIMATORS:
        est = obp_estimator(name, p)
        n = len(fb["reward"])
        if name == "dm":
            v = est.estimate_policy_value(action_dist=fb["action_dist"][:, :, None],
                                          estimated_rewards_by_reg_model=fb["q_hat"][:, :, None])
        elif name in ("ips", "snips", "subgauss_ipw"):
            v = est.estimate_policy_value(reward=fb["reward"], action=fb["action"], pscore=fb["pscore"],
                                          action_dist=fb["action_dist"][:, :, None])
        else:
            v = est.estimate_policy_value(reward=fb["reward"], action=fb["action"], pscore=fb["pscore"],
                                          action_dist=fb["action_dist"][:, :, None],
                                          estimated_rewards_by_reg_model=fb["q_hat"][:, :, None])
        rounds = obp_rounds(name, est, fb)
        if np.isnan(v):  # only the documented 0/0 rows (see obp_rounds)
            v = rounds.mean()
        out[name] = v
        out["rounds"][name] = rounds
        if p["boot"] and name in ("dm", "ips", "snips", "dr", "sndr", "dros"):
            n_boot, alpha, seed = p["boot"]
            common = dict(alpha=alpha, n_bootstrap_samples=n_boot, random_state=seed)
            if name == "dm":
                ci = est.estimate_interval(action_dist=fb["action_dist"][:, :, None],
                                           estimated_rewards_by_reg_model=fb["q_hat"][:, :, None], **common)
            elif name in ("ips", "snips"):
                ci = est.estimate_interval(reward=fb["reward"], action=fb["action"], pscore=fb["pscore"],
                                           action_dist=fb["action_dist"][:, :, None], **common)
            else:
                ci = est.estimate_interval(reward=fb["reward"], action=fb["action"], pscore=fb["pscore"],
                                           action_dist=fb["action_dist"][:, :, None],
                                           estimated_rewards_by_reg_model=fb["q_hat"][:, :, None], **common)
            vals = list(ci.values())
            if np.isnan(vals[0]):  # the documented 0/0 rows: OBP's bootstrap of the limit rounds
                ci = estimate_confidence_interval_by_bootstrap(samples=rounds, **common)
                vals = list(ci.values())
            out["interval"][name] = [vals[0], vals[1], vals[2]]
    return out


def adv_case(seed, T, N, gamma, lam, p_done, G, m):
    rng = np.random.default_rng(seed)
    shape = (T,) if N == 0 else (T, N)
    rewards = rng.normal(0, 1, shape)
    values = rng.normal(0, 1, shape)
    dones = (rng.uniform(size=shape) < p_done).astype(float)
    last_value = rng.normal(0, 1, () if N == 0 else (N,))
    groups = rng.integers(0, 3, (G, m)).astype(float) if seed % 2 else rng.uniform(0, 1, (G, m))
    return {"id": f"adv-{seed}", "kind": "adv", "rewards": rewards, "values": values, "dones": dones,
            "last_value": last_value, "gamma": gamma, "lambda": lam, "groups": groups}


ADV_CASES = [
    adv_case(21, 64, 4, 0.99, 0.95, 0.05, 8, 4),
    adv_case(22, 17, 0, 0.9, 1.0, 0.3, 3, 1),
    adv_case(23, 5, 2, 1.0, 0.0, 0.5, 1, 16),
    adv_case(24, 1, 3, 0.5, 0.5, 1.0, 6, 2),
]


def ref_adv(c):
    a, r = cleanrl_gae(c["rewards"], c["values"], c["dones"], c["last_value"], c["gamma"], c["lambda"])
    out = {"advantages": a, "returns": r,
           "discounted": cleanrl_returns(c["rewards"], c["dones"], c["last_value"], c["gamma"])}
    for s in ("group", "batch", "none"):
        out[f"grpo_{s}"] = trl_grpo(c["groups"], s)
    out["rloo"] = trl_rloo(c["groups"], False)
    out["rloo_norm"] = trl_rloo(c["groups"], True)
    return out


# ---------------------------------------------------------------- off-policy selection

def ops_case(seed, M, ties=False):
    rng = np.random.default_rng(seed)
    if ties:  # few distinct values: ties in est and in truth
        est, truth = rng.integers(0, 4, M).astype(float), rng.integers(0, 4, M).astype(float)
    else:
        est, truth = rng.normal(0, 1, M), rng.normal(0, 1, M)
    baseline = float(rng.normal(0, 0.5))
    threshold = float(rng.choice(truth)) if seed % 2 else float(rng.normal(0, 1))
    return {"id": f"ops-{seed}", "kind": "ops", "est": est, "truth": truth, "baseline": baseline,
            "threshold": threshold}


OPS_CASES = [ops_case(31, 1), ops_case(32, 2), ops_case(33, 5), ops_case(34, 8, ties=True),
             ops_case(35, 16, ties=True), ops_case(36, 12, ties=True), ops_case(37, 40), ops_case(38, 3, ties=True)]


def ref_ops(c):
    est, truth = np.asarray(c["est"]), np.asarray(c["truth"])
    M = len(est)
    top = ref_scope_rl.topk_metrics(est, truth, c["baseline"], c["threshold"], False)
    clipped = ref_scope_rl.topk_metrics(est, truth, c["baseline"], c["threshold"], True)
    sel = [ref_scope_rl.selection_metrics(est, truth, k, c["threshold"]) for k in range(1, M + 1)]
    r = (truth.max() - truth.min()) ** 2
    with np.errstate(all="ignore"):
        nmse = sel[0]["mse"] / r
    return {"best": top["best"], "worst": top["worst"], "mean": top["mean"], "std": top["std"],
            "sharpe": top["sharpe_ratio"], "sharpe_clip": clipped["sharpe_ratio"],
            "violation": top["safety_violation_rate"], "regret": [s["regret"] for s in sel],
            "rank_corr": sel[0]["rank_corr"], "mse": sel[0]["mse"], "nmse": nmse,
            "type_errors": [sel[0]["type_i"], sel[0]["type_ii"]]}


# ---------------------------------------------------------------- losses

def loss_case(seed, n, B, T, clip, norm_adv, clip_vloss, beta, eps_high, loss_type, L, group, pacs):
    rng = np.random.default_rng(seed)
    old = rng.normal(-1.5, 0.5, n)
    new = old + rng.normal(0, 0.3, n)
    lp_old = rng.normal(-2, 0.5, (B, T))
    lp = lp_old + rng.normal(0, 0.25, (B, T))
    mask = np.ones((B, T))
    for b in range(B):  # ragged completions, one of them empty
        mask[b, rng.integers(0, T + 1) if b else T:] = 0
    mask[-1, :] = 0 if B > 2 else mask[-1, :]
    m = group
    labels = rng.integers(0, 2, 4 * m).astype(float)
    labels[:m] = 1.0  # one group with a single label
    return {"id": f"loss-{seed}", "kind": "loss", "new": new, "old": old, "adv": rng.normal(0, 1, n),
            "v_new": rng.normal(0, 1, n), "v_old": rng.normal(0, 1, n), "returns": rng.normal(0, 1, n),
            "clip": clip, "norm_adv": norm_adv, "clip_vloss": clip_vloss,
            "logp": lp, "logp_old": lp_old, "logp_ref": lp_old + rng.normal(0, 0.2, (B, T)),
            "seq_adv": rng.normal(0, 1, B), "mask": mask, "beta": beta, "epsilon": 0.2, "epsilon_high": eps_high,
            "loss_type": loss_type, "max_completion_length": L,
            "pref": rng.normal(0, 1, (6, n)), "margin": float(rng.uniform(0, 0.5)),
            "pacs_s": rng.normal(0, 2, 4 * m), "pacs_y": labels, "group": m, "pacs": pacs}


LOSS_CASES = [
    loss_case(41, 64, 4, 7, 0.2, True, True, 0.0, None, "grpo", None, 4, ("rloo", True, True, "question")),
    loss_case(42, 33, 3, 12, 0.1, False, False, 0.04, 0.28, "bnpo", None, 3, ("grpo", True, True, "question")),
    loss_case(43, 8, 5, 4, 0.3, True, True, 0.1, None, "dr_grpo", 10, 5, ("grpo", False, True, "only_positive")),
    loss_case(44, 2, 2, 9, 0.2, True, False, 0.02, 0.3, "dapo", None, 2, ("naive", True, False, "question")),
    loss_case(45, 17, 6, 5, 0.25, False, True, 0.0, None, "grpo", None, 6, ("rloo", True, True, "only_negative")),
]


def ref_losses(c):
    """Each value from the ported reference, each gradient by finite
    differences of that same ported value (an independent check of ours)."""
    a = {k: np.asarray(v) if isinstance(v, list) else v for k, v in c.items()}
    out, grads = {}, {}
    ppo = ref_loss.cleanrl_ppo(a["new"], a["old"], a["adv"], a["clip"], a["norm_adv"])
    out["ppo"] = list(ppo)
    grads["ppo"] = ref_loss.numeric_grad(lambda x: ref_loss.cleanrl_ppo(x, a["old"], a["adv"], a["clip"], a["norm_adv"])[0], a["new"])
    vl = lambda v: ref_loss.cleanrl_value_loss(v, a["v_old"], a["returns"], a["clip"], a["clip_vloss"])  # noqa: E731
    out["value"] = vl(a["v_new"])
    grads["value"] = ref_loss.numeric_grad(vl, a["v_new"])
    out["k3"] = ref_loss.k3(a["logp"], a["logp_ref"], a["mask"])
    grads["k3"] = ref_loss.numeric_grad(lambda x: ref_loss.k3(x, a["logp_ref"], a["mask"]), a["logp"])
    eh = a["epsilon_high"] if a["epsilon_high"] is not None else a["epsilon"]
    L = a["max_completion_length"] if a["max_completion_length"] is not None else a["logp"].shape[1]

    def grpo(x):
        return ref_loss.trl_grpo_loss(x, a["logp_old"], a["logp_ref"], a["seq_adv"], a["mask"], a["beta"], a["epsilon"], eh,
                                      a["loss_type"], L)
    out["grpo"] = list(grpo(a["logp"]))
    grads["grpo"] = ref_loss.numeric_grad(lambda x: grpo(x)[0], a["logp"])
    p = a["pref"]
    out["bt"] = ref_loss.openrlhf_pairwise(p[0], p[1], a["margin"])
    grads["bt"] = ref_loss.numeric_grad(lambda x: ref_loss.openrlhf_pairwise(x, p[1], a["margin"]), p[0])
    out["crm"] = ref_loss.crm_loss(p[2], p[3], p[4], p[5])
    grads["crm"] = [ref_loss.numeric_grad(lambda x, i=i: ref_loss.crm_loss(*[x if j == i else p[2 + j] for j in range(4)]), p[2 + i])
                    for i in range(4)]
    est, norm, use_w, mode = a["pacs"]
    pl = lambda s: ref_loss.pacs_loss(s, a["pacs_y"], a["group"], 1.5, est, norm, use_w, mode)  # noqa: E731
    loss, adv, w = pl(a["pacs_s"])
    out["pacs"] = [loss, adv, w]
    grads["pacs"] = ref_loss.numeric_grad(lambda s: pl(s)[0], a["pacs_s"])
    return out, grads


# ---------------------------------------------------------------- trajectory OPE

TRAJ_ESTIMATORS = ["tis", "pdis", "dr_traj", "sntis", "snpdis", "sndr_traj"]


def traj_case(seed, n, T, K, gamma, deterministic=False, tiny=False):
    """SCOPE-RL's inputs (flattened n·T steps: action, reward, pscore,
    evaluation_policy_action_dist, state_action_value_prediction) and the
    same data as RLScript's map: pscore_e = π_e(a_t), q_hat = Q(s_t, a_t),
    v_hat = Σ_a π_e Q."""
    rng = np.random.default_rng(seed)
    N = n * T
    pi_b = rng.dirichlet(np.ones(K), size=N)
    if tiny:
        pi_b[::5] = np.full(K, 1e-4 / (K - 1))
        pi_b[::5, 0] = 1 - 1e-4
    action = np.array([rng.choice(K, p=p) for p in pi_b]) if not tiny else rng.integers(0, K, N)
    pscore = pi_b[np.arange(N), action]
    pi_e = rng.dirichlet(np.ones(K), size=N)
    if deterministic:
        pi_e[::3] = np.eye(K)[rng.integers(0, K, len(pi_e[::3]))]
    q_table = rng.uniform(0, 2, (N, K))
    reward = rng.normal(0.5, 1, N)
    tr = {"reward": reward.reshape(n, T), "pscore_b": pscore.reshape(n, T),
          "pscore_e": pi_e[np.arange(N), action].reshape(n, T),
          "q_hat": q_table[np.arange(N), action].reshape(n, T), "v_hat": (q_table * pi_e).sum(axis=1).reshape(n, T)}
    scope = {"T": T, "action": action, "reward": reward, "pscore": pscore, "pi_e": pi_e, "q_table": q_table}
    return {"id": f"traj-{seed}", "kind": "traj", "tr": tr, "gamma": gamma, "_scope": scope}


TRAJ_CASES = [
    traj_case(51, 40, 5, 3, 0.95),
    traj_case(52, 100, 10, 4, 1.0, deterministic=True),
    traj_case(53, 7, 1, 2, 0.5),
    traj_case(54, 1, 6, 3, 0.9, tiny=True),
    traj_case(55, 300, 20, 5, 0.99, deterministic=True, tiny=True),
]


def ref_traj(c):
    s = c["_scope"]
    out = {}
    for name in TRAJ_ESTIMATORS:
        v = ref_scope_rl.trajectory_values(name, s["T"], s["action"], s["reward"], s["pscore"], s["pi_e"], s["q_table"],
                                           c["gamma"])
        out[name] = v.mean()
        out[name + "_values"] = v
    return out


# ---------------------------------------------------------------- reward shapings

def reward_case(seed, B, T):
    rng = np.random.default_rng(seed)
    lp = np.log(rng.uniform(1e-4, 1, (B, T)))
    old = np.log(rng.uniform(1e-4, 1, (B, T)))
    lt = np.log(rng.uniform(1e-3, 1, B))
    return {"id": f"reward-{seed}", "kind": "reward", "logp": lp, "logp_old": old, "adv": rng.normal(0, 1, (B, T)),
            "seq_adv": rng.normal(0, 1, B), "logp_token": lt, "verifier": rng.integers(0, 2, B).astype(float),
            "ref_logp": float(rng.uniform(-5, -1)), "beta": float(rng.uniform(0.05, 1))}


REWARD_CASES = [reward_case(61, 4, 9), reward_case(62, 1, 1), reward_case(63, 16, 3)]


def ref_rewards_case(c):
    lp, old = np.asarray(c["logp"]), np.asarray(c["logp_old"])
    score = ref_rewards.laser_score(c["logp_token"], c["ref_logp"], c["beta"])
    return {"mis_ratio": ref_rewards.rlplus_off_ratio(lp, old),
            "exploration": ref_rewards.rlplus_exploration_advantage(c["adv"], lp),
            "exploration_seq": ref_rewards.rlplus_exploration_advantage(np.asarray(c["seq_adv"])[:, None], lp),
            "laser_score": score, "laser_loss": np.mean((score - c["verifier"]) ** 2)}


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rls", help="path to the rls binary")
    args = ap.parse_args()
    cases = BANDIT_CASES + ADV_CASES + OPS_CASES + LOSS_CASES + TRAJ_CASES + REWARD_CASES
    sent = [{k: v for k, v in c.items() if not k.startswith("_")} for c in cases]
    ours = run_rls(args.rls, os.path.join(HERE, "compute.rls"), to_json(sent))
    rep = Report()
    for c in BANDIT_CASES:
        ref, got = obp_bandit(c), ours[c["id"]]
        for name in ESTIMATORS:
            rep.compare(f"{c['id']} {name}", got[name], ref[name])
            rep.compare(f"{c['id']} estimate_all.{name}", got["all"][name], ref[name])
            rep.compare(f"{c['id']} round_rewards {name}", got["rounds"][name], ref["rounds"][name])
        rep.compare(f"{c['id']} ipw_round_rewards", got["ipw_rounds"], ref["rounds"]["ips"])
        for name, ci in ref["interval"].items():
            rep.compare(f"{c['id']} interval {name}", got["interval"][name], ci)
    for c in ADV_CASES:
        ref, got = ref_adv(c), ours[c["id"]]
        for key, val in ref.items():
            rep.compare(f"{c['id']} {key}", got[key], to_json(val))
    for c in OPS_CASES:
        ref, got = ref_ops(c), ours[c["id"]]
        for key, val in ref.items():
            rep.compare(f"{c['id']} {key}", got[key], val)
    for c in LOSS_CASES:
        (ref, grads), got = ref_losses(c), ours[c["id"]]
        for key, val in ref.items():
            rep.compare(f"{c['id']} {key}", got[key], val)
        for key, val in grads.items():
            rep.compare(f"{c['id']} grad {key} (finite differences)", got["grad_" + key], val, rtol=1e-5, atol=1e-8)
    for c in TRAJ_CASES:
        ref, got = ref_traj(c), ours[c["id"]]
        for key, val in ref.items():
            rep.compare(f"{c['id']} {key}", got[key], val)
    for c in REWARD_CASES:
        ref, got = ref_rewards_case(c), ours[c["id"]]
        for key, val in ref.items():
            rep.compare(f"{c['id']} {key}", got[key], val)
    rep.finish("ope parity")


if __name__ == "__main__":
    main()
