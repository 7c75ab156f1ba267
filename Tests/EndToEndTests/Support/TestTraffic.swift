import Foundation
import GraphSimulator
import Synchronization

/// Calls offered at the simulator and delivered to the ingress by it, as Graph would.
struct TestTraffic {
    let simulator: SimulatorControl

    /// Offers `count` calls (default offers: the examples' user calling the bot) with `concurrency`
    /// deliveries at once; returns every offer with the ingress's answer.
    func burst(_ count: Int, concurrency: Int = 32) async throws -> [SimulatorControl.Offer] {
        try await withThrowingTaskGroup(of: SimulatorControl.Offer.self) { group in
            var offers: [SimulatorControl.Offer] = []
            for index in 0..<count {
                if index >= concurrency, let offer = try await group.next() { offers.append(offer) }
                group.addTask { try await simulator.offerCall() }
            }
            for try await offer in group { offers.append(offer) }
            return offers
        }
    }

    /// Offers calls at `rate` per second for `duration`, each delivered without waiting for the
    /// previous ones; `during` runs alongside (to inject a failure mid-run).
    func steady(
        rate: Double, for duration: Duration, during: @Sendable @escaping () async throws -> Void = {}
    ) async throws -> [SimulatorControl.Offer] {
        let count = Int((Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18) * rate)
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: SimulatorControl.Offer?.self) { group in
            group.addTask {
                try await during()
                return nil
            }
            for index in 0..<count {
                try await Task.sleep(until: start + .seconds(Double(index) / rate), clock: .continuous)
                group.addTask { try await simulator.offerCall() }
            }
            var offers: [SimulatorControl.Offer] = []
            for try await offer in group {
                if let offer { offers.append(offer) }
            }
            return offers
        }
    }
}

extension Array where Element == SimulatorControl.Offer {
    /// The call ids the ingress acknowledged (202).
    var acknowledgedCallIDs: [String] { filter(\.acknowledged).map(\.callId) }

    /// How many deliveries got each status (`-1` for a delivery that failed without one).
    var statusCounts: [Int: Int] {
        reduce(into: [:]) { counts, offer in counts[offer.delivery?.status ?? -1, default: 0] += 1 }
    }
}

/// Prints one line of figures for the test log (the suite's figures in the report come from these).
func figures(_ test: String, _ items: KeyValuePairs<String, Any>) {
    print("[e2e figures] \(test): " + items.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
}

/// Seconds since `start`, rounded to a tenth, for figures.
func elapsedSeconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = start.duration(to: .now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (seconds * 10).rounded() / 10
}
