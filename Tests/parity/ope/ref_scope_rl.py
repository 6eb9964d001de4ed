"""SCOPE-RL's off-policy selection and trajectory OPE formulas, ported to
numpy for the parity checks (scope_rl/ope/ops.py and
scope_rl/ope/discrete/basic_estimators.py; each function cites its source).

One deliberate difference: SCOPE-RL ranks with `np.argsort(x)[::-1]`. numpy's
default argsort is not stable on CPUs where numpy dispatches to
x86-simd-sort (numpy >= 1.25 with AVX-512), so SCOPE-RL's order among tied
values depends on the machine. The ports below use `kind="stable"`, which is
what the classic numpy sort gives (insertion sort for <= 16 elements): ties
go to the later index once the order is reversed. RLScript does the same.
"""
import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import mean_squared_error


def argsort_desc(x):
    return np.argsort(x, kind="stable")[::-1]


def topk_metrics(est, truth, baseline, safety_threshold, clip_sharpe_ratio):
    """OffPolicySelection.obtain_topk_policy_value_selected_by_standard_ope for
    one estimator and one dataset: select_by_policy_value (return_metrics=False:
    candidates in input order, ranked by argsort(est)[::-1]),
    _obtain_true_selection_result (true values by name) and
    _obtain_topk_policy_performance (k-th, best, worst, mean, std with ddof 1,
    safety violation rate, sharpe ratio with optional clip_sharpe_ratio).
    Returns a dict of arrays over k = 1..M."""
    M = len(est)
    names = [f"pi{i}" for i in range(M)]
    estimated_ranking = [names[i] for i in argsort_desc(est)]
    true_ranking = [names[i] for i in argsort_desc(truth)]
    true_dict = dict(zip(true_ranking, np.sort(truth)[::-1]))
    policy_performance = np.array([true_dict[p] for p in estimated_ranking])
    out = {m: np.zeros(M) for m in ["k-th", "best", "worst", "mean", "std", "safety_violation_rate"]}
    with np.errstate(all="ignore"):
        for topk in range(M):
            topk_values = policy_performance[: topk + 1]
            out["k-th"][topk] = topk_values[-1]
            out["best"][topk] = topk_values.max()
            out["worst"][topk] = topk_values.min()
            out["mean"][topk] = topk_values.mean()
            out["std"][topk] = topk_values.std(ddof=1) if topk > 0 else np.nan
            out["safety_violation_rate"][topk] = (topk_values < safety_threshold).sum() / (topk + 1)
        sharpe_ratio = np.clip(out["best"] - baseline, 0, None) / out["std"]
        if clip_sharpe_ratio:
            sharpe_ratio[1:] = np.nan_to_num(sharpe_ratio[1:], posinf=100.0)
            sharpe_ratio[1:] = np.clip(sharpe_ratio[1:], 0.0, 100.0)
    out["sharpe_ratio"] = sharpe_ratio
    return out


def selection_metrics(est, truth, top_k, safety_threshold):
    """OffPolicySelection._select_by_policy_value with return_metrics=True:
    candidates in true-ranking order, then mean_squared_error, spearmanr of
    arange(M) against the estimated ranking index, regret@top_k, and the
    type I / II error rates of the safety test."""
    M = len(est)
    order = argsort_desc(truth)
    true_policy_value = np.sort(truth)[::-1]
    estimated_policy_value_ = np.asarray(est)[order]
    estimated_ranking_index_ = argsort_desc(estimated_policy_value_)
    mse = mean_squared_error(true_policy_value, estimated_policy_value_)
    with np.errstate(all="ignore"):
        rankcorr = spearmanr(np.arange(M), estimated_ranking_index_)[0] if M > 1 else np.nan
    regret = true_policy_value[:top_k].sum() - true_policy_value[estimated_ranking_index_][:top_k].sum()
    true_safety = true_policy_value >= safety_threshold
    estimated_safety = estimated_policy_value_ >= safety_threshold
    type_i = (true_safety > estimated_safety).sum() / true_safety.sum() if true_safety.sum() > 0 else 0.0
    type_ii = (true_safety < estimated_safety).sum() / (1 - true_safety).sum() if (1 - true_safety).sum() > 0 else 0.0
    return {"mse": mse, "rank_corr": rankcorr, "regret": regret, "type_i": type_i, "type_ii": type_ii}


# ---------------------------------------------------------------- trajectory OPE
# scope_rl/ope/estimators_base.py (BaseOffPolicyEstimator) and
# scope_rl/ope/discrete/basic_estimators.py (_estimate_trajectory_value of
# TrajectoryWiseImportanceSampling, PerDecisionImportanceSampling,
# DoublyRobust, SelfNormalizedTIS, SelfNormalizedPDIS, SelfNormalizedDR).

def _behavior_pscore(T, pscore, pscore_type):
    """BaseOffPolicyEstimator._calc_behavior_policy_pscore_discrete."""
    pscore = pscore.reshape((-1, T))
    behavior_policy_pscore = np.cumprod(pscore, axis=1)
    if pscore_type == "trajectory_wise":
        behavior_policy_pscore = np.tile(behavior_policy_pscore[:, -1], (T, 1)).T
    return behavior_policy_pscore


def _evaluation_pscore(T, action, evaluation_policy_action_dist, pscore_type):
    """BaseOffPolicyEstimator._calc_evaluation_policy_pscore_discrete."""
    evaluation_policy_pscore = evaluation_policy_action_dist[np.arange(len(action)), action].reshape((-1, T))
    evaluation_policy_pscore = np.cumprod(evaluation_policy_pscore, axis=1)
    if pscore_type == "trajectory_wise":
        evaluation_policy_pscore = np.tile(evaluation_policy_pscore[:, -1], (T, 1)).T
    return evaluation_policy_pscore


def trajectory_values(name, T, action, reward, pscore, pi_e, q_table, gamma):
    pscore_type = "trajectory_wise" if name in ("tis", "sntis") else "step_wise"
    weight = _evaluation_pscore(T, action, pi_e, pscore_type) / _behavior_pscore(T, pscore, pscore_type)
    if name in ("sntis", "snpdis", "sndr_traj"):
        weight = weight / (weight.mean(axis=0)[np.newaxis, :] + 1e-10)
    reward = reward.reshape((-1, T))
    discount = np.full(T, gamma).cumprod() / gamma
    if name in ("tis", "pdis", "sntis", "snpdis"):
        return (discount[np.newaxis, :] * weight * reward).sum(axis=1)
    weight_prev = np.roll(weight, 1, axis=1)
    weight_prev[:, 0] = 1
    state_value_prediction = (q_table * pi_e).sum(axis=1).reshape((-1, T))
    q_at_action = q_table[np.arange(len(action)), action].reshape((-1, T))
    return (discount[np.newaxis, :] * (weight * (reward - q_at_action) + weight_prev * state_value_prediction)).sum(axis=1)
