import RLSCore
import RLSNumerics
import RLSPrimitives

/// `adv`: advantage estimators (CleanRL's GAE, TRL's GRPO and RLOO).
enum AdvantageNatives {
  static func lastValue(_ c: NativeCall) throws -> Tensor? {
    guard let v = c.option("last_value") else { return nil }
    return try EstimatorArguments.vectorOrNumber(c, v, "last_value")
  }

  static let rows: [Native] = [
    Native(
      "gae", usage: "adv.gae(rewards, values, dones, gamma:, lambda:, last_value:)",
      doc:
        "Generalised advantage estimation as CleanRL's ppo.py: going back from the last step, δ_t = r_t + γ V_{t+1}(1 − d_t) − V_t and A_t = δ_t + γλ(1 − d_t) A_{t+1}, with V_T = last_value (default 0). rewards, values and dones are vectors of T steps or T×N matrices (N environments); dones[t] = 1 when step t ended its episode (CleanRL keeps that flag in dones[t+1] / next_done). gamma defaults to 0.99, lambda to 0.95; last_value is a number or a vector of N. Returns {advantages, returns} with returns = advantages + values."
    ) { c in
      let (r, v, d) = (try c.tensor(0, "rewards"), try c.tensor(1, "values"), try c.tensor(2, "dones"))
      let gamma = try c.number(option: "gamma", default: 0.99)
      let lambda = try c.number(option: "lambda", default: 0.95)
      let lv = try lastValue(c)
      let out = try EstimatorArguments.run(c, argument: nil) {
        try Advantages.gae(rewards: r, values: v, dones: d, gamma: gamma, lambda: lambda, lastValue: lv)
      }
      return c.vm.map([("advantages", c.vm.tensorValue(out.advantages)), ("returns", c.vm.tensorValue(out.returns))])
    },
    Native(
      "discounted_returns", usage: "adv.discounted_returns(rewards, dones, gamma:, last_value:)",
      doc:
        "Discounted returns with episode boundaries: G_t = r_t + γ(1 − d_t) G_{t+1}, G_T = last_value (default 0). Shapes and dones as in adv.gae; gamma defaults to 0.99."
    ) { c in
      let (r, d) = (try c.tensor(0, "rewards"), try c.tensor(1, "dones"))
      let gamma = try c.number(option: "gamma", default: 0.99)
      let lv = try lastValue(c)
      return c.vm.tensorValue(
        try EstimatorArguments.run(c, argument: nil) { try Advantages.discountedReturns(rewards: r, dones: d, gamma: gamma, lastValue: lv) })
    },
    Native(
      "grpo", usage: "adv.grpo(rewards_by_group, scale:)",
      doc:
        "Group-relative advantages as TRL's GRPOTrainer: each row of the matrix is one prompt's group of completions; A = r − mean(group), divided by std + 1e-4 (std with ddof 1). scale: true or \"group\" (default), \"batch\" (the whole batch's std), false or \"none\" (Dr. GRPO: centre only)."
    ) { c in
      let r = try c.matrix(0, "rewards_by_group")
      var scale = Advantages.GRPOScale.group
      if let v = c.option("scale") {
        if case .bool(let b) = v {
          scale = b ? .group : .none
        } else {
          scale = Advantages.GRPOScale(rawValue: try c.choice(option: "scale", Advantages.GRPOScale.allCases.map(\.rawValue), default: "group"))!
        }
      }
      return c.vm.tensorValue(try EstimatorArguments.run(c) { try Advantages.grpo(r, scale: scale) })
    },
    Native(
      "rloo", usage: "adv.rloo(rewards_by_group, normalize:)",
      doc:
        "REINFORCE leave-one-out advantages (TRL's RLOOTrainer): each row is a group; A_i = r_i − mean of the other completions of the group (0 for a group of one). normalize: true rescales over the whole batch, (A − mean A)/(std A + 1e-4) with ddof 1 (default false)."
    ) { c in
      let r = try c.matrix(0, "rewards_by_group")
      let normalize = try c.bool(option: "normalize", default: false)
      return c.vm.tensorValue(try EstimatorArguments.run(c) { try Advantages.rloo(r, normalize: normalize) })
    },
  ]
}
