import XCTest

@testable import RLSPrimitives

final class TextMetricTests: XCTestCase {
  func testTokenizer13aRules() {
    // Punctuation but ' , - . becomes a token; "," and "." split unless
    // between digits; "-" splits after a digit.
    XCTAssertEqual(Tokenizer13a.tokenize("Hello, world!"), ["Hello", ",", "world", "!"])
    XCTAssertEqual(Tokenizer13a.tokenize("pi is 3.14."), ["pi", "is", "3.14", "."])
    XCTAssertEqual(Tokenizer13a.tokenize("1,000 don't (x)"), ["1,000", "don't", "(", "x", ")"])
    XCTAssertEqual(Tokenizer13a.tokenize("2-3 a-b"), ["2", "-", "3", "a-b"])
    XCTAssertEqual(Tokenizer13a.tokenize("a &amp; b<skipped>"), ["a", "&", "b"])
    XCTAssertEqual(Tokenizer13a.tokenize("line-\nbreak\nnext"), ["linebreak", "next"])
    XCTAssertEqual(Tokenizer13a.tokenize("  \u{3000} "), [])
  }

  func testPythonLowerUsesFinalSigma() {
    let lower = { (s: String) in PythonText.string(PythonText.lower(PythonText.codePoints(s))) }
    XCTAssertEqual(lower("ΟΔΟΣ ΣΑ"), "οδος σα")
    XCTAssertEqual(lower("ABC ÀÉ"), "abc àé")
    XCTAssertEqual(PythonText.lower(PythonText.codePoints("İ")), [0x69, 0x307])
  }

  func testIdenticalTextScoresHundred() throws {
    let hyps = ["The cat sat on the mat.", "A quick brown fox jumps."]
    let r = try TextBLEU.corpus(hypotheses: hyps, referenceStreams: [hyps])
    assertClose(r.score, 100)
    XCTAssertEqual(r.precisions, [100, 100, 100, 100])
    XCTAssertEqual(r.bp, 1)
    XCTAssertEqual(r.sysLen, 7 + 6)
    XCTAssertEqual(r.refLen, 13)
    assertClose(try ChrF.corpus(hypotheses: hyps, referenceStreams: [hyps]), 100)
    assertClose(try ChrF.corpus(hypotheses: hyps, referenceStreams: [hyps], wordOrder: 2), 100)
  }

  func testTextBLEUFromDefinition() throws {
    // Tokens: "a b c d" vs "a b c e": 3/4, 2/3, 1/2 and no 4-gram match,
    // which exp smoothing turns into 1 / (2 · 1) (percent: 50).
    let r = try TextBLEU.corpus(hypotheses: ["a b c d"], referenceStreams: [["a b c e"]])
    let p = [75.0, 200.0 / 3, 50, 50]
    for (x, y) in zip(r.precisions, p) { assertClose(x, y) }
    assertClose(r.score, exp(p.map(log).reduce(0, +) / 4))
    XCTAssertEqual(r.counts, [3, 2, 1, 0])
    XCTAssertEqual(r.totals, [4, 3, 2, 1])
    // Lowercasing.
    let upper = ["The Cat Sat Down"]
    let lower = [["the cat sat down"]]
    XCTAssertEqual(try TextBLEU.corpus(hypotheses: upper, referenceStreams: lower).score, 0)
    assertClose(try TextBLEU.corpus(hypotheses: upper, referenceStreams: lower, lowercase: true).score, 100)
    // Fewer than 4 tokens: no 4-grams at all, so the score is 0 (sacrebleu).
    XCTAssertEqual(try TextBLEU.corpus(hypotheses: ["a b"], referenceStreams: [["a b"]]).score, 0)
    // A short hypothesis: brevity penalty exp(1 − 4/2).
    let short = try TextBLEU.corpus(hypotheses: ["a b"], referenceStreams: [["a b c d"]])
    assertClose(short.bp, exp(1 - 4.0 / 2))
  }

  func testMissingReferencesAreSkipped() throws {
    let withNil = try TextBLEU.corpus(hypotheses: ["a b c", "d e f"], referenceStreams: [["a b c", nil], ["x", "d e f"]])
    let plain = try TextBLEU.corpus(hypotheses: ["a b c", "d e f"], referenceStreams: [["a b c", "d e f"]])
    XCTAssertEqual(withNil, plain)
  }

  func testChrFFromDefinition() throws {
    // "ab" vs "ab": every order present matches: 100. "ab" vs "cd": 0.
    assertClose(try ChrF.corpus(hypotheses: ["ab"], referenceStreams: [["ab"]]), 100)
    XCTAssertEqual(try ChrF.corpus(hypotheses: ["ab"], referenceStreams: [["cd"]]), 0)
    // "ab" vs "abc": unigrams P 1, R 2/3; bigrams P 1, R 1/2 (orders 3+
    // have no hypothesis n-grams); averaged P = 1, R = 7/12, β = 2.
    let p = 1.0
    let r = (2.0 / 3 + 1.0 / 2) / 2
    assertClose(try ChrF.corpus(hypotheses: ["ab"], referenceStreams: [["abc"]]), 100 * 5 * p * r / (4 * p + r))
    // The best reference per segment counts.
    assertClose(try ChrF.corpus(hypotheses: ["ab"], referenceStreams: [["zz"], ["ab"]]), 100)
  }

  func testChrFPunctuationSplit() {
    let words = ChrF.splitPunctuation(PythonText.codePoints("(hi) x, !")).map { PythonText.string($0) }
    XCTAssertEqual(words, ["(hi", ")", "x", ",", "!"])
  }

  func testErrors() {
    assertMetricError("hyps is empty") { try TextBLEU.corpus(hypotheses: [], referenceStreams: [[]]) }
    assertMetricError("ref_streams[0] has 1 entries but there are 2 hypotheses") {
      try TextBLEU.corpus(hypotheses: ["a", "b"], referenceStreams: [["a"]])
    }
    assertMetricError("hypothesis 0 has no reference") {
      try ChrF.corpus(hypotheses: ["a"], referenceStreams: [[nil]])
    }
    assertMetricError("ref_streams is empty") { try ChrF.corpus(hypotheses: ["a"], referenceStreams: []) }
  }
}
