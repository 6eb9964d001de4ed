/// SWE-RL's rule-based reward (Wei et al. 2025, "SWE-RL: Advancing LLM
/// Reasoning via Reinforcement Learning on Open Software Evolution";
/// facebookresearch/swe-rl `swerl/core/reward.py`, `calculate_reward` and
/// `calculate_search_replace_reward`).
///
/// Each changed file is turned into a normalized patch: the lines of
/// Python's `difflib.unified_diff(old.splitlines(), new.splitlines(), n=3,
/// lineterm="")` after the two file headers, joined by "\n" (empty when
/// the line lists are equal; such files count as unchanged). Over the union
/// of the files changed by the prediction or by the oracle, each file scores
/// `SequenceMatcher(None, predicted_patch, oracle_patch, autojunk=False).ratio()`
/// (0 when only one side changed it); the reward is their mean, 1 when
/// neither side changed anything. The search/replace version first parses
/// and applies the model's edits; any format error gives -1.
public enum SWERLReward {
  /// One file's comparison.
  public struct FileSimilarity: Sendable {
    /// The file path.
    public var path: String
    /// The prediction's normalized patch ("" when it left the file unchanged).
    public var predicted: String
    /// The oracle's normalized patch ("" when it left the file unchanged).
    public var oracle: String
    /// The patches' similarity ratio (0 when either is empty).
    public var similarity: Double
  }

  /// A reward with the reference's metadata.
  public struct Result: Sendable {
    /// The reward: in [0, 1], or -1 for a format error.
    public var reward: Double
    /// Per changed file, in increasing path order (code points).
    public var similarities: [FileSimilarity] = []
    /// The thought and solution of a search/replace output (nil otherwise
    /// and on a format error).
    public var thought: String?
    /// The solution text (see `thought`).
    public var solution: String?
    /// Why the output got -1 (nil otherwise).
    public var error: String?
  }

  /// Files: (path, content) pairs. A path given twice keeps its last content.
  public typealias Files = [(path: String, content: String)]

  /// The search/replace reward of a model `output`, given the original
  /// contents of the files concerned (`context`; an edited path absent from
  /// it starts empty) and the oracle's new contents.
  public static func searchReplace(
    context: Files, oracle: Files, output: String, shouldStop: (() -> Bool)? = nil
  ) throws -> Result {
    try searchReplace(context: context, oracle: oracle, outputs: [output], shouldStop: shouldStop)[0]
  }

  /// The search/replace rewards of several outputs for one problem (a
  /// group of samples): the oracle's patches are computed once, and the
  /// outputs are scored on all cores. Each result equals the one-output
  /// version's.
  public static func searchReplace(
    context: Files, oracle: Files, outputs: [String], shouldStop: (() -> Bool)? = nil
  ) throws -> [Result] {
    let ctx = table(context)
    let oraclePatches = try patches(ctx, table(oracle).map { (path: $0.key, content: $0.value) }, shouldStop: shouldStop)
    var results = [Result](repeating: Result(reward: 0), count: outputs.count)
    var errors = [Error?](repeating: nil, count: outputs.count)
    results.withUnsafeMutableBufferPointer { out in
      errors.withUnsafeMutableBufferPointer { err in
        _ = Parallel.forEachChunk(outputs.count, chunk: 1) { _, range in
          for i in range {
            do {
              out[i] = try scored(outputs[i], ctx, oraclePatches, shouldStop: shouldStop)
            } catch {
              err[i] = error
            }
          }
        }
      }
    }
    if let e = errors.lazy.compactMap({ $0 }).first { throw e }
    return results
  }

  /// One output's reward against precomputed oracle patches.
  static func scored(_ output: String, _ ctx: [[UInt8]: [UInt8]], _ oraclePatches: [[UInt8]: [UInt8]], shouldStop: (() -> Bool)?)
    throws -> Result
  {
    let predicted: [(path: [UInt8], content: [UInt8])]
    let thought: [UInt32]
    let solution: [UInt32]
    do {
      (thought, solution) = try SearchReplace.thoughtAndSolution(PythonText.codePoints(output))
      let edits = SearchReplace.edits(solution)
      guard !edits.isEmpty else { throw SearchReplace.FormatError("the solution holds no valid search/replace block") }
      predicted = try SearchReplace.apply(edits, to: ctx)
    } catch let e as SearchReplace.FormatError {
      return Result(reward: -1, error: e.message)
    }
    var r = try compare(ctx, oraclePatches: oraclePatches, predicted: predicted, shouldStop: shouldStop)
    r.thought = PythonText.string(thought)
    r.solution = PythonText.string(solution)
    return r
  }

  /// The general reward: the predicted new contents of the files instead of
  /// a model output.
  public static func general(context: Files, oracle: Files, predicted: Files, shouldStop: (() -> Bool)? = nil) throws
    -> Result
  {
    let ctx = table(context)
    let oraclePatches = try patches(ctx, table(oracle).map { (path: $0.key, content: $0.value) }, shouldStop: shouldStop)
    let pred = table(predicted).map { (path: $0.key, content: $0.value) }
    return try compare(ctx, oraclePatches: oraclePatches, predicted: pred, shouldStop: shouldStop)
  }

  /// SWE-RL's normalized patch of one file (see the type's description).
  public static func normalizedPatch(old: String, new: String) -> String {
    let p = (try? patch(Array(old.utf8), Array(new.utf8), shouldStop: nil)) ?? []
    return String(decoding: p, as: UTF8.self)
  }

  // MARK: -

  /// Files by path, as UTF-8 (byte order is code-point order).
  static func table(_ files: Files) -> [[UInt8]: [UInt8]] {
    var t: [[UInt8]: [UInt8]] = [:]
    for f in files { t[Array(f.path.utf8)] = Array(f.content.utf8) }
    return t
  }

  static func patch(_ old: [UInt8], _ new: [UInt8], shouldStop: (() -> Bool)?) throws -> [UInt8] {
    try UnifiedDiff.hunks(UnifiedDiff.splitLines(old), UnifiedDiff.splitLines(new), context: 3, shouldStop: shouldStop)
  }

  /// The non-empty normalized patches of `files` against `context`.
  static func patches<S: Sequence>(_ context: [[UInt8]: [UInt8]], _ files: S, shouldStop: (() -> Bool)?) throws
    -> [[UInt8]: [UInt8]] where S.Element == (path: [UInt8], content: [UInt8])
  {
    var out: [[UInt8]: [UInt8]] = [:]
    for f in files {
      let p = try patch(context[f.path] ?? [], f.content, shouldStop: shouldStop)
      if !p.isEmpty { out[f.path] = p }
    }
    return out
  }

  static func compare(
    _ context: [[UInt8]: [UInt8]], oraclePatches: [[UInt8]: [UInt8]], predicted: [(path: [UInt8], content: [UInt8])],
    shouldStop: (() -> Bool)?
  ) throws -> Result {
    let predPatches = try patches(context, predicted, shouldStop: shouldStop)
    let paths = Set(oraclePatches.keys).union(predPatches.keys).sorted { $0.lexicographicallyPrecedes($1) }
    guard !paths.isEmpty else { return Result(reward: 1) }
    var result = Result(reward: 0)
    var sum = 0.0
    for path in paths {
      let p = String(decoding: predPatches[path] ?? [], as: UTF8.self)
      let o = String(decoding: oraclePatches[path] ?? [], as: UTF8.self)
      // The ratio counts code points, as Python's str.
      let s = p.isEmpty || o.isEmpty ? 0 : try SequenceMatcher.ratio(p, o, autojunk: false, shouldStop: shouldStop)
      sum += s
      result.similarities.append(
        FileSimilarity(path: String(decoding: path, as: UTF8.self), predicted: p, oracle: o, similarity: s))
    }
    result.reward = sum / Double(paths.count)
    return result
  }
}
