import Foundation
import Testing

/// CI must not flake on a loaded machine: no test may assert an upper bound on measured wall-clock
/// time. Tests inject a clock, or assert order and lower bounds instead.
///
/// This scans the test sources for `#expect`/`#require` lines that compare a measured duration
/// (`elapsed`, `ContinuousClock.now - …`, `.duration(to: .now)`, a `slack` allowance) with `<`/`<=`.
@Suite("Test hygiene")
struct WallClockAssertionTests {
    /// Words that name a duration measured with the real clock.
    static let measuredTime = ["elapsed", "now - ", "now-", ".duration(to: .now)", "duration(to: ContinuousClock.now)", "slack", "failedAt", "failedAfter"]

    static func offendingLines(in text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            let code = line.trimmingCharacters(in: .whitespaces)
            guard code.hasPrefix("#expect(") || code.hasPrefix("#require(") || code.hasPrefix("try #require(") else { return nil }
            // The condition only: a message string after it may say anything.
            let condition = code.split(separator: "\"", maxSplits: 1).first.map(String.init) ?? code
            guard measuredTime.contains(where: condition.contains) else { return nil }
            guard condition.contains(" < ") || condition.contains(" <= ") else { return nil }
            return code
        }
    }

    @Test("the scan recognises an upper bound on elapsed time, and lets lower bounds pass")
    func scanner() {
        #expect(Self.offendingLines(in: "    #expect(elapsed < .seconds(4))").count == 1)
        #expect(Self.offendingLines(in: "#expect(clock.now - started < .seconds(10))").count == 1)
        #expect(Self.offendingLines(in: "#expect(started.duration(to: .now) < .milliseconds(1400))").count == 1)
        #expect(Self.offendingLines(in: "#expect(elapsed >= .milliseconds(300))").isEmpty)
        #expect(Self.offendingLines(in: "#expect(failedAt >= deadline, \"failed < deadline\")").isEmpty)
        #expect(Self.offendingLines(in: "#expect(bucket.reserve(now: start) == .zero)").isEmpty)
    }

    @Test("no test asserts an upper bound on measured wall-clock time")
    func noUpperBoundsOnWallClock() throws {
        // …/Tests/CallModelTests/WallClockAssertionTests.swift → …/Tests
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let files = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
        var offending: [String] = []
        var scanned = 0
        for case let file as URL in files where file.pathExtension == "swift" && file.lastPathComponent != "WallClockAssertionTests.swift" {
            scanned += 1
            let text = try String(contentsOf: file, encoding: .utf8)
            offending += Self.offendingLines(in: text).map { "\(file.lastPathComponent): \($0)" }
        }
        #expect(scanned > 50, "the scan found the test sources")
        #expect(offending.isEmpty, "upper bounds on wall-clock time flake under load:\n\(offending.joined(separator: "\n"))")
    }
}
