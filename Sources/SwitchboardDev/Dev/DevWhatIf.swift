import CallModel
import Foundation
import Kafka
import Logging
import SwitchboardCLISupport

/// The what-if `switchboard dev` prints after its summary: this run's notifications, read back from the
/// embedded topic, decided by the run's rules and by the candidate rules at each call's receive time.
struct DevWhatIf: Sendable {
    let baselinePath: String
    let candidatePath: String
    let baseline: RoutingRules
    let candidate: RoutingRules
    let client: KafkaClientConfiguration
    let topic: String
    let logger: Logger

    /// The report's lines (or one line saying why there is none).
    func lines() async -> [String] {
        var comparison = RuleSetComparison(old: baseline, new: candidate)
        // The embedded cluster is new with every run, so the whole topic is this run.
        let reader = NotificationRangeReader(
            configuration: client, topic: topic, from: Date(timeIntervalSince1970: 0), until: nil, logger: logger)
        do {
            _ = try await reader.read { comparison.add($0) }
        } catch {
            return ["What-if skipped: reading \(topic) back failed: \(error)"]
        }
        return ["What-if: this run's notifications with \(candidatePath) instead of \(baselinePath)", ""]
            + comparison.textReport().split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
            + ["", "(switchboard rules replay --baseline \(baselinePath) --rules \(candidatePath) --from … does this on a real topic)"]
    }
}
