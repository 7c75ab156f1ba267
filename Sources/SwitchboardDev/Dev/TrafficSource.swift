import CallModel
import Foundation
import GraphSimulator
import Logging
import SeedExamples
import Synchronization

/// Offers calls at the simulated Graph and has it post their signed notifications to the ingress,
/// as Microsoft would: first the page's three examples, one at a time, then synthetic calls at a
/// steady rate.
struct TrafficSource: Sendable {
    let simulator: SimulatedGraph
    let ingressURL: String
    let tally: DevTally
    let console: DevConsole
    let logger: Logger

    /// The most notifications being posted at once; past it the source waits (a slow ingress slows the
    /// offered rate instead of piling up requests).
    static let maxInFlight = 256

    /// Offers the page's examples one after the other, waiting for each one's outcome, and prints what happened.
    func replaySeedExamples() async throws {
        console.line("Replaying the three examples of Graph's call: redirect page:")
        for scenario in try SeedScenario.all() {
            let offered = try await simulator.offer(seedScenario: scenario)
            tally.offered()
            let before = tally.events(callID: offered.callID).count
            let status = await deliver(offered)
            guard status == 202 else {
                console.line("  example \(scenario.number): the ingress answered \(status.map(String.init) ?? "nothing") (see the log file)")
                continue
            }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(16)
            var events = tally.events(callID: offered.callID).dropFirst(before)
            while !events.contains(where: { $0.type.isFinal || $0.type == .duplicate }), clock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                events = tally.events(callID: offered.callID).dropFirst(before)
            }
            console.line("  example \(scenario.number): " + Self.describe(events.first { $0.type.isFinal || $0.type == .duplicate }, callID: offered.callID))
        }
    }

    /// Offers `calls` synthetic calls (0: until cancelled) at `rate` per second.
    func offerSyntheticCalls(count calls: Int, rate: Double) async {
        let inFlight = InFlightCount()
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            var index = 0
            while calls == 0 || index < calls {
                let due = start + .seconds(Double(index) / rate)
                do {
                    try await Task.sleep(until: due, clock: .continuous)
                    while inFlight.value >= Self.maxInFlight {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                } catch {
                    return  // cancelled: stop offering
                }
                let offer = SyntheticCalls.offer(at: index)
                inFlight.add(1)
                group.addTask {
                    defer { inFlight.add(-1) }
                    do {
                        let call = try await simulator.offerIncomingCall(offer)
                        tally.offered()
                        _ = await deliver(call)
                    } catch {
                        logger.warning("Could not offer a synthetic call", metadata: ["error": "\(error)"])
                    }
                }
                index += 1
            }
        }
    }

    /// Posts the call's notification to the ingress; the status it answered, `nil` when the post failed.
    private func deliver(_ call: OfferedCall) async -> Int? {
        do {
            let status = try await simulator.deliver(call, to: ingressURL + "/api/calls")
            tally.delivered(callID: call.callID, status: status)
            return status
        } catch is CancellationError {
            return nil  // Ctrl-C while posting: not a failure of the ingress
        } catch {
            guard !Task.isCancelled else { return nil }
            tally.deliveryFailed()
            logger.warning("Could not post a notification to the ingress", metadata: ["call.id": "\(call.callID)", "error": "\(error)"])
            return nil
        }
    }

    /// One line about a replayed example's outcome.
    static func describe(_ event: OutcomeEvent?, callID: String) -> String {
        guard let event else { return "call \(callID): no outcome within 16 s (see the log file)" }
        let outcome = event.outcome
        var text = "call \(callID) → \(event.type.rawValue)"
        if let rule = outcome.rule { text += " by rule \(rule.name)" }
        if !outcome.targets.isEmpty { text += " to \(outcome.targets.map(\.summary).joined(separator: " + "))" }
        if let latency = outcome.timings.latencyMilliseconds { text += " in \(latency) ms" }
        if event.type == .duplicate {
            text += " (the page's examples 1 and 3 share this call id, which already has an outcome: not redirected twice)"
        } else if let reason = outcome.reason, event.type != .redirected {
            text += ": \(reason)"
        }
        return text
    }
}

/// Notifications being posted right now.
private final class InFlightCount: Sendable {
    private let count = Atomic<Int>(0)

    var value: Int { count.load(ordering: .relaxed) }

    func add(_ delta: Int) {
        count.add(delta, ordering: .relaxed)
    }
}
