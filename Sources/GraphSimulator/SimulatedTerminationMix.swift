import Foundation

/// Which `terminated` notifications the simulator posts after accepted redirects: one kind, or several
/// taken in turn, so a run covers each of Graph's documented call end reasons.
///
/// Text form: comma-separated items, each `answered`, `unanswered`, `bare` or a documented
/// `CODE/SUBCODE` (`408/10057`), optionally `=WEIGHT` (a whole number: that many turns in each round);
/// `documented` is every documented end reason once. Examples: `answered`, `answered=6,408/10057=2,480/10076`,
/// `documented`.
public struct SimulatedTerminationMix: Sendable, Hashable, CustomStringConvertible {
    /// The terminations of one round, in order; the `n`-th accepted redirect gets entry `n % count`.
    public var round: [SimulatedTermination]

    /// Creates a mix from one round of terminations (at least one).
    public init(round: [SimulatedTermination]) {
        precondition(!round.isEmpty, "a termination mix needs at least one termination")
        self.round = round
    }

    /// One termination for every redirect.
    public init(_ termination: SimulatedTermination) {
        self.round = [termination]
    }

    /// Every documented end reason of Graph's table, once each.
    public static let documented = SimulatedTerminationMix(round: SimulatedTermination.documented)

    /// The termination of the `index`-th accepted redirect (0-based).
    public func termination(at index: Int) -> SimulatedTermination {
        round[index % round.count]
    }

    /// Parses the text form; `nil` names no valid item.
    public init?(parsing text: String) {
        if text.lowercased() == "documented" {
            self = .documented
            return
        }
        var round: [SimulatedTermination] = []
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = parts.first, let termination = SimulatedTermination(parsing: name) else { return nil }
            var weight = 1
            if parts.count == 2 {
                guard let parsed = Int(parts[1]), (1...1000).contains(parsed) else { return nil }
                weight = parsed
            }
            round.append(contentsOf: repeatElement(termination, count: weight))
        }
        guard !round.isEmpty else { return nil }
        self.round = round
    }

    public var description: String {
        round == SimulatedTermination.documented ? "documented" : round.map(\.description).joined(separator: ",")
    }
}
