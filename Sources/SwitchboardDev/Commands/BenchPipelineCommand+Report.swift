import CallModel
import Foundation
import Worker

extension BenchPipelineCommand.PipelineRun {
    /// What one run measured.
    struct Result {
        var ordering: WorkerOrdering
        var calls: Int
        var rate: Int?
        var started: Date
        var fedAt: Date
        var events: [OutcomeEvent]
        /// When the first redirect request of each measured call reached the simulated Graph (wall clock).
        var graphArrivals: [String: Date]
        /// Redirects that reached the simulator after the call's window closed.
        var lateArrivals: Int
        var cpuSeconds: Double
        var maxRSSKilobytes: Int
        /// Whether calls were offered (and their tokens signed) during the measured phase.
        var liveOffers: Bool
        /// The worker process's own CPU over the measured phase, when it ran in its own process.
        var workerCPUSeconds: Double?
        /// The worker process's peak memory, when it ran in its own process.
        var workerMaxRSSKilobytes: Int?
        /// The worker's resident memory at the start, halfway through and at the end of the measured phase.
        var workerRSSKilobytes: [Int]
        /// Calls the worker may have open at once: `--max-in-flight` with key ordering, one per partition with
        /// partition ordering.
        var concurrencySlots: Int
        /// The simulated Graph's mean redirect latency.
        var meanGraphLatency: Duration
        /// The whole machine's busy cores while feeding (fed at once: until the last outcome).
        var machineBusyCores: Double?
        /// The machine's cores online.
        var machineCores: Int?

        /// `meanGraphLatency` in seconds.
        var meanGraphLatencySeconds: Double {
            Double(meanGraphLatency.components.seconds) + Double(meanGraphLatency.components.attoseconds) / 1e18
        }

        /// Little's law: the most calls per second `concurrencySlots` open calls carry at the mean Graph latency.
        /// The worker's own time per call (the write-ahead produce, the decision's) keeps it a few percent lower.
        var concurrencyBound: Double? {
            let seconds = meanGraphLatencySeconds
            return seconds > 0 ? Double(concurrencySlots) / seconds : nil
        }

        /// Redirects Graph would have refused as late: accepted more than 15 s after the ingress received the call.
        var lateRedirects: Int {
            redirected.filter { ($0.outcome.timings.latencyMilliseconds ?? 0) > 15_000 }.count
        }

        var redirected: [OutcomeEvent] { events.filter { $0.type == .redirected } }

        /// Redirects completed per second. Fed at a rate: completions during the feed after the first
        /// second and the mean Graph latency, when the first calls' answers are in (steady state). Fed at
        /// once (baseline): all redirects over the time to the last one.
        var callsPerSecond: Double {
            let finished = redirected.map(\.outcome.timings.finishedAt)
            guard let last = finished.max() else { return 0 }
            if rate != nil {
                let windowStart = started.addingTimeInterval(1 + meanGraphLatencySeconds)
                let window = fedAt.timeIntervalSince(windowStart)
                if window >= 2 {
                    let inWindow = finished.filter { $0 >= windowStart && $0 <= fedAt }.count
                    return Double(inWindow) / window
                }
            }
            return Double(finished.count) / max(0.001, last.timeIntervalSince(started))
        }

        func percentile(_ fraction: Double) -> Int? {
            let latencies = redirected.compactMap(\.outcome.timings.latencyMilliseconds).sorted()
            guard !latencies.isEmpty else { return nil }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))]
        }

        /// Received (the received-at header) → the first redirect request at Graph, in ms, sorted:
        /// consume, parse, route, the write-ahead `attempting` marker and the Graph client, without Graph's own latency.
        var receiveToGraphMilliseconds: [Int] {
            var milliseconds: [Int] = []
            milliseconds.reserveCapacity(graphArrivals.count)
            for event in redirected {
                guard let receivedAt = event.outcome.timings.receivedAt,
                    let arrived = graphArrivals[event.outcome.callID]
                else { continue }
                milliseconds.append(Int((arrived.timeIntervalSince(receivedAt) * 1000).rounded()))
            }
            return milliseconds.sorted()
        }

        func print() {
            let counts = Dictionary(grouping: events, by: \.type).mapValues(\.count)
            let expired = counts[.expired] ?? 0
            let lastFinished = redirected.map(\.outcome.timings.finishedAt).max() ?? fedAt
            let fedFor = fedAt.timeIntervalSince(started)
            Swift.print("\n[\(ordering.rawValue) ordering] \(calls) calls" + (rate.map { " at \($0)/s" } ?? " fed at once"))
            Swift.print(String(format: "  fed in %.2f s (%.0f calls/s); last redirect %.2f s after the first notification",
                fedFor, Double(calls) / max(fedFor, 0.001), lastFinished.timeIntervalSince(started)))
            Swift.print(String(format: "  sustained: %.0f calls/s redirected", callsPerSecond))
            Swift.print("  outcomes: " + OutcomeType.allCases.compactMap { type in counts[type].map { "\(type.rawValue) \($0)" } }
                .joined(separator: ", ") + " (of \(events.count))")
            if let p50 = percentile(0.5), let p99 = percentile(0.99), let max = percentile(1) {
                Swift.print("  receive → Graph 202: p50 \(p50) ms, p99 \(p99) ms, max \(max) ms")
            }
            let toGraph = receiveToGraphMilliseconds
            if let max = toGraph.last {
                func at(_ fraction: Double) -> Int { toGraph[min(toGraph.count - 1, Int(Double(toGraph.count) * fraction))] }
                Swift.print("  receive → request at Graph: p50 \(at(0.5)) ms, p99 \(at(0.99)) ms, max \(max) ms (\(toGraph.count) calls)")
            }
            if let bound = concurrencyBound {
                // What the worker could at most carry: the smaller of the offered rate and the bound.
                let ceiling = rate.map { min(Double($0), bound) } ?? bound
                Swift.print(String(format: "  bound: %d open calls ÷ mean Graph latency %.0f ms = %.0f calls/s; sustained is %.0f %% of %@",
                    concurrencySlots, meanGraphLatencySeconds * 1000, bound, callsPerSecond / ceiling * 100,
                    rate.map { Double($0) < bound ? "the offered rate" : "the bound" } ?? "the bound"))
            }
            if let machineBusyCores, let machineCores {
                Swift.print(String(format: "  machine%@: %d cores, %.2f busy, %.2f idle",
                    rate == nil ? " until the last outcome" : " while feeding", machineCores, machineBusyCores,
                    Double(machineCores) - machineBusyCores))
            }
            let late = lateArrivals + lateRedirects
            // The simulated Graph never fails, so an unconfirmed call is one whose window ran out with an attempt sent.
            let unconfirmed = counts[.unconfirmed] ?? 0
            Swift.print("  deadline misses: \(expired + unconfirmed + late) (expired \(expired), unconfirmed \(unconfirmed), "
                + "late at Graph \(late)), failed \(counts[.failed] ?? 0)")
            Swift.print(String(format: "  CPU: %.0f µs per call (bench process: broker, simulator, feeder%@%@; %.1f s over the run)",
                cpuSeconds / Double(max(calls, 1)) * 1e6, workerCPUSeconds == nil ? ", worker" : "",
                liveOffers ? ", notification signing" : "", cpuSeconds))
            if let workerCPUSeconds {
                Swift.print(String(format: "  worker process alone: CPU %.0f µs per call (%.1f s), max RSS %.0f MiB",
                    workerCPUSeconds / Double(max(calls, 1)) * 1e6, workerCPUSeconds, Double(workerMaxRSSKilobytes ?? 0) / 1024))
                Swift.print(String(format: "  bench process (broker, simulator, feeder): max RSS %.0f MiB", Double(maxRSSKilobytes) / 1024))
            } else {
                Swift.print(String(format: "  max RSS: %.0f MiB (whole process, so far)", Double(maxRSSKilobytes) / 1024))
            }
            if !workerRSSKilobytes.isEmpty {
                Swift.print("  worker RSS start / middle / end: "
                    + workerRSSKilobytes.map { String(format: "%.0f", Double($0) / 1024) }.joined(separator: " / ") + " MiB")
            }
        }
    }
}
