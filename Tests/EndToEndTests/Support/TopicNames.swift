import Foundation

/// Unique topic and group names for one stack, so stacks never share state.
struct TopicNames: Sendable {
    static let deadLetterPartitions = 3
    let notifications: String
    let outcomes: String
    let deadLetters: String
    let group: String

    init() {
        let suffix = UUID().uuidString.prefix(8).lowercased()
        notifications = "e2e-\(suffix).calls.notifications"
        outcomes = "e2e-\(suffix).calls.redirect-outcomes"
        deadLetters = "e2e-\(suffix).calls.notifications.dlq"
        group = "e2e-\(suffix).workers"
    }
}

/// Files of this test target, read by the processes the tests start.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    /// The example rules without their time-dependent rule, so the seed examples route the same way at any hour.
    static let seedRules = folder.appendingPathComponent("seed-rules.yaml").path
    /// A blocked caller is rejected `forbidden`, every other call `busy`.
    static let rejectRules = folder.appendingPathComponent("reject-rules.yaml").path
    /// Like ``rejectRules`` for the blocked caller; every other call would be ignored.
    static let shadowRules = folder.appendingPathComponent("shadow-rules.yaml").path
}
