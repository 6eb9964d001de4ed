import Foundation

/// PPO-C's reward adjustment for one batch ("Taming Overconfidence in LLMs:
/// Reward Calibration in RLHF", Leng et al. 2024), as the official
/// CalibratedNaiveExperienceMaker computes it:
/// 1. r ← clamp(r, −clamp, clamp);
/// 2. avg ← α · mean(r) + (1 − α) · avg (`avgType` "std": the batch's std with ddof 1);
/// 3. s ← confidence / confScale;
/// 4. "threshold": f = w · |r| · (s − 0.5) (w · r · (s − 0.5) when avgType is "std"),
///    r' = r + f where r ≥ avg, else r − f; "difference": r' = r + w · (r − avg) · (s − 0.5);
/// 5. final ← clamp(r', −clamp, clamp) (the clamp applied when the reward enters PPO).
public enum PPOC {
  public struct Result: Sendable {
    public var adjusted: [Double]
    public var final: [Double]
    public var average: Double
  }

  /// Adjusts one batch; returns the adjusted and final rewards and the updated average.
  public static func adjust(
    rewards: [Double], confidences: [Double], average: Double, alpha: Double = 0.1, w: Double = 0.5,
    mode: String = "threshold", avgType: String = "mean", clamp: Double = 10, confScale: Double = 10
  ) throws -> Result {
    guard rewards.count == confidences.count else {
      throw CalibrationError("rewards has \(rewards.count) values but confidences has \(confidences.count)")
    }
    guard !rewards.isEmpty else { throw CalibrationError("rewards is empty") }
    guard ["threshold", "difference"].contains(mode) else { throw CalibrationError("mode must be \"threshold\" or \"difference\", got \"\(mode)\"") }
    guard ["mean", "std"].contains(avgType) else { throw CalibrationError("avg_type must be \"mean\" or \"std\", got \"\(avgType)\"") }
    guard clamp > 0, confScale > 0 else { throw CalibrationError("clamp and conf_scale must be positive") }
    guard alpha >= 0 && alpha <= 1 else { throw CalibrationError("alpha must be in [0, 1]") }
    for (i, r) in rewards.enumerated() where r.isNaN { throw CalibrationError("rewards[\(i)] is NaN") }
    for (i, c) in confidences.enumerated() where !c.isFinite { throw CalibrationError("confidences[\(i)] is \(c)") }
    let r = rewards.map { min(clamp, max(-clamp, $0)) }
    let n = Double(r.count)
    let mean = r.reduce(0, +) / n
    let stat: Double
    if avgType == "mean" {
      stat = mean
    } else {
      guard r.count > 1 else { throw CalibrationError("avg_type \"std\" needs at least 2 rewards") }
      stat = sqrt(r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1))
    }
    let avg = stat * alpha + average * (1 - alpha)
    var adjusted = r
    for i in r.indices {
      let s = confidences[i] / confScale
      if mode == "threshold" {
        let f = (avgType == "std" ? w * r[i] : w * abs(r[i])) * (s - 0.5)
        adjusted[i] = r[i] >= avg ? r[i] + f : r[i] - f
      } else {
        adjusted[i] = r[i] + w * (r[i] - avg) * (s - 0.5)
      }
    }
    return Result(adjusted: adjusted, final: adjusted.map { min(clamp, max(-clamp, $0)) }, average: avg)
  }
}

/// Reads a verbalised confidence: the first `Confidence: <number>` (case
/// insensitive, optional whitespace after the colon, ASCII digits with an
/// optional fraction), clamped to [0, 10]; 5 when there is none — the
/// official PPO-C code's regex `Confidence:\s*(\d+(\.\d+)?)` and default.
public enum ConfidenceParser {
  public static func parse(_ text: String) -> (confidence: Double, found: Bool) {
    let u = Array(text.unicodeScalars)
    let key = Array("confidence:".unicodeScalars)
    var i = 0
    while i + key.count <= u.count {
      var match = true
      for j in 0..<key.count where String(u[i + j]).lowercased() != String(key[j]) {
        match = false
        break
      }
      if match {
        var p = i + key.count
        while p < u.count, u[p].properties.isWhitespace { p += 1 }
        var digits = ""
        while p < u.count, ("0"..."9").contains(u[p]) {
          digits.unicodeScalars.append(u[p])
          p += 1
        }
        if !digits.isEmpty {
          if p + 1 < u.count, u[p] == ".", ("0"..."9").contains(u[p + 1]) {
            digits += "."
            p += 1
            while p < u.count, ("0"..."9").contains(u[p]) {
              digits.unicodeScalars.append(u[p])
              p += 1
            }
          }
          let v = Double(digits) ?? 5
          return (min(10, max(0, v)), true)
        }
      }
      i += 1
    }
    return (5, false)
  }
}
