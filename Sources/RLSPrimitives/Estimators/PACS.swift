import Foundation
import RLSNumerics

/// The PACS loss (Li et al. 2025, "PACS: Implicit Actor Critic Coupling via a
/// Supervised Learning Framework for RLVR"; `src/pacs/pacs_core_algos.py`,
/// `compute_pacs_loss` with reward_method "1").
///
/// For each response i of a group of `m` responses to one question:
/// - score `r_i = β · Σ_t (log π_θ − log π_old)` (`logratio_sums`);
/// - advantage `ψ_i`: "rloo" `r_i − (Σ_j r_j − r_i)/(m − 1)`, "grpo"
///   `(r_i − mean r)/(std r + 1e-6)` (std with ddof 1; `normalize: false`
///   drops the division) or "naive" `r_i`;
/// - loss: binary cross-entropy with logits of `ψ_i` against the verifier's
///   label `y_i ∈ {0, 1}`, `mean_i w_i·[softplus(ψ_i) − y_i ψ_i]`;
/// - weights `w_i`: "question" — within a group holding both labels,
///   scikit-learn's balanced class weights `m / (2·count(label))`, else 1;
///   "only_positive" / "only_negative" keep one label; `use_weight: false`
///   gives 1 everywhere.
public enum PACS {
  public enum AdvantageEstimator: String, CaseIterable, Sendable { case rloo, grpo, naive }
  public enum WeightMode: String, CaseIterable, Sendable {
    case question
    case onlyPositive = "only_positive"
    case onlyNegative = "only_negative"
  }

  public struct Result: Sendable {
    public var loss: Double
    /// ∂loss/∂logratio_sums.
    public var grad: Tensor
    public var advantages: Tensor
    public var weights: Tensor
  }

  public static func loss(
    logratioSums: Tensor, labels: Tensor, groupSize: Int, beta: Double = 1, estimator: AdvantageEstimator = .rloo,
    normalize: Bool = true, useWeight: Bool = true, weightMode: WeightMode = .question
  ) throws -> Result {
    guard logratioSums.rank == 1 else { throw EstimatorError("logratio_sums must be a vector, got shape \(logratioSums.shape)") }
    guard labels.shape == logratioSums.shape else {
      throw EstimatorError("labels has shape \(labels.shape) but logratio_sums has \(logratioSums.shape)")
    }
    let n = logratioSums.count
    guard n > 0 else { throw EstimatorError("logratio_sums is empty") }
    guard groupSize >= 1, n % groupSize == 0 else {
      throw EstimatorError("group_size = \(groupSize) must be a positive divisor of the number of responses (\(n))")
    }
    guard estimator == .naive || groupSize > 1 else {
      throw EstimatorError("the \(estimator.rawValue) advantage needs group_size of at least 2")
    }
    try Losses.finite(logratioSums, "logratio_sums")
    if let i = labels.storage.firstIndex(where: { $0 != 0 && $0 != 1 }) {
      throw EstimatorError("labels[\(i)] = \(formatNumber(labels.storage[i])) must be 0 or 1")
    }
    let m = groupSize
    let r = logratioSums.storage.map { beta * $0 }
    let y = labels.storage
    var psi = [Double](repeating: 0, count: n)
    // dψ_j/dr_i within a group, applied to a gradient g (vector over the group).
    var groupStd = [Double](repeating: 0, count: n / m)
    for g in 0..<(n / m) {
      let idx = (g * m)..<((g + 1) * m)
      let rs = Array(r[idx])
      switch estimator {
      case .naive:
        for i in idx { psi[i] = r[i] }
      case .rloo:
        let total = rs.reduce(0, +)
        for i in idx { psi[i] = r[i] - (total - r[i]) / Double(m - 1) }
      case .grpo:
        let (mean, std) = Losses.meanStd1(rs)
        groupStd[g] = std
        for i in idx { psi[i] = normalize ? (r[i] - mean) / (std + 1e-6) : r[i] - mean }
      }
    }
    var w = [Double](repeating: 1, count: n)
    if useWeight {
      for g in 0..<(n / m) {
        let idx = (g * m)..<((g + 1) * m)
        switch weightMode {
        case .question:
          let positives = idx.filter { y[$0] == 1 }.count
          if positives > 0 && positives < m {
            for i in idx { w[i] = Double(m) / (2 * Double(y[i] == 1 ? positives : m - positives)) }
          }
        case .onlyPositive: for i in idx { w[i] = y[i] == 1 ? 1 : 0 }
        case .onlyNegative: for i in idx { w[i] = y[i] == 0 ? 1 : 0 }
        }
      }
    }
    var loss = 0.0
    var gPsi = [Double](repeating: 0, count: n)
    for i in 0..<n {
      loss += w[i] * (Losses.log1pexp(psi[i]) - y[i] * psi[i])
      gPsi[i] = w[i] * (Losses.sigmoid(psi[i]) - y[i]) / Double(n)
    }
    // Back through the advantage to r, then to the log-ratio sums (× β).
    var gR = [Double](repeating: 0, count: n)
    for g in 0..<(n / m) {
      let idx = (g * m)..<((g + 1) * m)
      switch estimator {
      case .naive:
        for i in idx { gR[i] = gPsi[i] }
      case .rloo:
        let total = idx.reduce(0.0) { $0 + gPsi[$1] }
        for i in idx { gR[i] = gPsi[i] - (total - gPsi[i]) / Double(m - 1) }
      case .grpo:
        let gMean = idx.reduce(0.0) { $0 + gPsi[$1] } / Double(m)
        guard normalize else {
          for i in idx { gR[i] = gPsi[i] - gMean }
          continue
        }
        let std = groupStd[g]
        let rMean = idx.reduce(0.0) { $0 + r[$1] } / Double(m)
        let s = std + 1e-6
        // ψ = (r − μ)/(σ + ε): ∂/∂r_i = (g_i − mean g)/s − (r_i − μ)/((m − 1)σ s²) · Σ_j g_j (r_j − μ);
        // the second term is left out where σ = 0 (every r equal: a constant ψ of 0).
        let cross = idx.reduce(0.0) { $0 + gPsi[$1] * (r[$1] - rMean) }
        for i in idx {
          var v = (gPsi[i] - gMean) / s
          if std > 0 && m > 1 { v -= (r[i] - rMean) / (Double(m - 1) * std * s * s) * cross }
          gR[i] = v
        }
      }
    }
    return Result(
      loss: loss / Double(n), grad: Tensor(vector: gR.map { $0 * beta }), advantages: Tensor(vector: psi), weights: Tensor(vector: w))
  }
}
