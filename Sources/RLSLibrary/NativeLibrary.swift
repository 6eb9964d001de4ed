import RLSCore

/// Every native namespace and the core globals, in one list (as Lua's
/// `linit.c`). `makeSession()` is how hosts (REPL, kernel, `rls run`, tests)
/// get a session with the whole library installed.
public enum NativeLibrary {
  /// Global functions (no namespace).
  public static var globals: [[Native]] {
    [
      CoreIO.rows, CoreValues.rows, CoreCollections.rows, CoreFunctional.rows, CoreStrings.rows,
      CoreMath.rows, TensorConstructors.rows, RandomNatives.rows,
    ]
  }

  /// Namespaces: name, one-line description, rows.
  public static var namespaces: [(name: String, doc: String, rows: [Native])] {
    [
      ("json", "JSON text and files (jansson)", JSONNatives.rows),
      ("io", "CSV and text files", IONatives.rows),
      ("plot", "figures rendered to SVG, shown inline in notebooks", PlotNatives.rows),
      ("calib", "calibrators, reliability tables and PPO-C reward calibration", CalibrationNatives.rows),
      ("metrics", "BLEU, chrF, pass@k, ranking, calibration, correlation and multi-objective metrics", MetricsNatives.rows + ParetoNatives.rows),
      ("ope", "off-policy evaluation: bandit estimators (OBP) and trajectory estimators (SCOPE-RL)", OPE.rows + OPE.trajectoryRows),
      ("ops", "off-policy selection metrics (SCOPE-RL): SharpeRatio@k, top-k statistics, regret, rank correlation", OPS.rows),
      ("adv", "advantages: GAE, discounted returns, GRPO, RLOO", AdvantageNatives.rows),
      ("loss", "losses with gradients: PPO clip, value clip, k3 KL, GRPO, PPO-M calibrated RM, PACS, Bradley–Terry", LossNatives.rows),
      ("reward", "rule-based rewards and shapings: SWE-RL, RL-PLUS, LaSeR", RewardNatives.rows),
      ("env", "environments (gymnasium CartPole-v1 and Pendulum-v1 bit for bit)", EnvNatives.rows),
      ("nn", "multilayer perceptrons over BLAS and policy heads", NNNatives.rows),
      ("optim", "optimisers (Adam/AdamW, SGD), gradient clipping, learning-rate schedules", OptimNatives.rows),
      (
        "train",
        "training loops (PPO, REINFORCE, GRPO) with progress bars, callbacks, interrupt and learning curves; evaluation; hyperparameter sweeps",
        TrainLoops.rows + GRPONatives.rows + TrainCustomLoop.rows + TrainSweep.sweepRows
      ),
      ("rm", "reward models trained on preference pairs: Bradley–Terry, PPO-M calibrated", RMNatives.rows),
    ]
  }

  /// Registers everything into a session.
  public static func install(into session: Session) {
    for rows in globals { session.register(rows) }
    for ns in namespaces { session.register(namespace: ns.name, doc: ns.doc, ns.rows) }
    session.setArguments([])
  }

  /// A new session with the whole library.
  public static func makeSession(gcStress: Bool? = nil) -> Session {
    let s = Session(gcStress: gcStress)
    install(into: s)
    return s
  }
}
