import CallModel
import Foundation
import GraphSimulator

/// The words `switchboard-dev dev` shows: the live progress line and the final summary.
enum DevReport {
    /// `offered 120/200 · redirected 80 · rejected 0 · failed 0 · expired 0 · ignored 30 · p50 14 ms · p99 61 ms · lag 3`.
    ///
    /// Lag is the number of calls the ingress acknowledged that have no outcome yet.
    static func progress(_ tally: DevTally.Snapshot, planned: Int?) -> String {
        var parts = ["offered \(tally.offered)" + (planned.map { "/\($0)" } ?? "")]
        for type in [OutcomeType.redirected, .rejected, .failed, .expired, .ignored] {
            parts.append("\(type.rawValue) \(tally.count(type))")
        }
        if tally.latency.totalCount > 0 {
            parts.append("p50 \(tally.latency.valueAtPercentile(50)) ms")
            parts.append("p99 \(tally.latency.valueAtPercentile(99)) ms")
        }
        parts.append("lag \(tally.awaiting)")
        return parts.joined(separator: " · ")
    }

    /// The summary table printed at the end.
    static func summary(_ tally: DevTally.Snapshot, simulator: SimulatorStats, elapsed: Duration) -> [String] {
        var lines = [String(format: "Summary after %.1f s", seconds(elapsed))]
        let refused = tally.refused.values.reduce(0, +)
        var ingress = "  Calls offered \(tally.offered); the ingress acknowledged \(tally.acknowledged)"
        if refused > 0 {
            ingress += ", refused \(refused) ("
                + tally.refused.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: ", ") + ")"
        }
        if tally.deliveryErrors > 0 { ingress += ", \(tally.deliveryErrors) could not be posted" }
        lines.append(ingress)
        lines.append("")

        lines.append("  Outcomes by type")
        for type in OutcomeType.allCases {
            lines.append("    " + pad(type.rawValue, 14) + leftPad(String(tally.byType[type] ?? 0), 7))
        }
        lines.append("")

        let decisionTypes: [OutcomeType] = [.redirected, .rejected, .failed, .expired, .ignored]
        lines.append("  Decisions by rule      " + decisionTypes.map { leftPad($0.rawValue, 11) }.joined())
        for (rule, counts) in tally.byRule.sorted(by: { $0.key < $1.key }) {
            lines.append("    " + pad(rule, 21) + decisionTypes.map { leftPad(String(counts[$0] ?? 0), 11) }.joined())
        }
        if tally.byRule.isEmpty { lines.append("    (none)") }
        lines.append("")

        lines.append(dispositions(tally))
        lines.append("")

        let latency = tally.latency
        if latency.totalCount > 0 {
            lines.append(
                "  Latency, ingress receive → outcome (\(latency.totalCount) decisions): "
                    + [50.0, 90, 99, 99.9].map { "p\(format($0)) \(latency.valueAtPercentile($0)) ms" }.joined(separator: " · ")
                    + " · max \(latency.max) ms")
        } else {
            lines.append("  Latency: no decisions yet")
        }
        let misses = tally.count(.expired) + simulator.lateArrivals
        lines.append(
            "  Deadline misses: \(misses) (\(tally.count(.expired)) expired, "
                + "\(simulator.lateArrivals) redirects reached Graph after the call's 15 s window)")
        lines.append(
            "  Graph simulator: \(simulator.redirectsReceived) redirects received, \(simulator.redirectsAccepted) accepted, "
                + "\(simulator.faultsInjected) faults injected, \(simulator.duplicateRedirects) second redirects refused, "
                + "\(simulator.callbacksDelivered) terminated callbacks delivered")
        let credentials = simulator.tokensIssuedByCredential.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }
        let refusals = simulator.tokenRequestsRefused.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }
        lines.append(
            "  Graph tokens: \(simulator.tokensIssued) issued"
                + (credentials.isEmpty ? "" : " (\(credentials.joined(separator: ", ")))")
                + ", \(simulator.tokenRequestsRefused.values.reduce(0, +)) refused"
                + (refusals.isEmpty ? "" : " (\(refusals.joined(separator: ", ")))"))
        if tally.awaiting > 0 {
            lines.append("  Still without an outcome at the end: \(tally.awaiting) acknowledged calls")
        }
        return lines
    }

    /// `  Dispositions of completed calls: answered 12 · declined 0 · no-answer 3 · …`.
    static func dispositions(_ tally: DevTally.Snapshot) -> String {
        "  Dispositions of completed calls: "
            + CallDisposition.allCases.map { "\($0.rawValue) \(tally.byDisposition[$0] ?? 0)" }.joined(separator: " · ")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ percentile: Double) -> String {
        percentile == percentile.rounded() ? String(Int(percentile)) : String(percentile)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func leftPad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
