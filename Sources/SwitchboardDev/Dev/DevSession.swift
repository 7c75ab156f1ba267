import Foundation
import GraphSimulator
import Logging
import ServiceLifecycle
import Synchronization

/// The part of `switchboard-dev dev` a person watches: waits until everything is ready, prints how to
/// use it, replays the examples, offers the synthetic calls with a live progress line, and prints
/// the summary when the calls are done (then the whole run stops) or on Ctrl-C.
struct DevSession: Service {
    let settings: DevSettings
    let simulator: SimulatedGraph
    let traffic: TrafficSource
    let tally: DevTally
    let console: DevConsole
    /// What is not ready yet, or `nil` once everything is.
    let notReady: @Sendable () async -> String?
    /// The lines telling how to send notifications and read outcomes.
    let instructions: @Sendable () async -> [String]
    let logger: Logger
    /// Replays the run through the candidate rules after the summary; `nil` without them.
    var whatIf: DevWhatIf? = nil

    /// How long to wait for outstanding outcomes once all calls were offered: a call's window plus margin.
    static let drainTimeout = Duration.seconds(20)

    func run() async throws {
        let started = ContinuousClock.now
        let planned = settings.calls == 0 ? nil : settings.calls + 3
        let becameReady = Atomic(false)
        do {
            try await cancelWhenGracefulShutdown {
                try await waitUntilReady()
                becameReady.store(true, ordering: .relaxed)
                for line in await instructions() { console.line(line) }
                try await traffic.replaySeedExamples()
                console.line()
                console.line(
                    settings.calls == 0
                        ? "Offering synthetic calls at \(format(settings.rate))/s until Ctrl-C:"
                        : "Offering \(settings.calls) synthetic calls at \(format(settings.rate))/s (Ctrl-C stops early):")
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { try await showProgress(planned: planned) }
                    await traffic.offerSyntheticCalls(count: settings.calls, rate: settings.rate)
                    try await waitForOutstandingOutcomes()
                    group.cancelAll()
                }
            }
        } catch is CancellationError where !becameReady.load(ordering: .relaxed) {
            // Stopped while starting (Ctrl-C, or a part that failed to start): nothing to sum up.
            console.endStatus()
            console.line("Stopping (logs in \(settings.logFile)) …")
            return
        } catch is CancellationError {
            // Ctrl-C: the workers still run (they stop after this service), so the calls already
            // acknowledged get a moment to reach their decision before the summary counts them.
            await waitForDecisions(upTo: Self.interruptSettleTime)
        } catch {
            console.endStatus()
            throw error
        }
        console.status(DevReport.progress(tally.snapshot(), planned: planned), force: true)
        console.endStatus()
        console.line()
        for line in DevReport.summary(tally.snapshot(), simulator: simulator.stats(), elapsed: started.duration(to: .now)) {
            console.line(line)
        }
        if let whatIf {
            console.line()
            for line in await whatIf.lines() { console.line(line) }
        }
        console.line()
        console.line("Stopping (logs in \(settings.logFile)) …")
    }

    private func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        var waitingFor = await notReady()
        while let what = waitingFor {
            guard ContinuousClock.now < deadline else {
                throw DevError("not ready after 60 s: \(what); see \(settings.logFile)")
            }
            try await Task.sleep(for: .milliseconds(100))
            waitingFor = await notReady()
        }
    }

    private func showProgress(planned: Int?) async throws {
        while true {
            console.status(DevReport.progress(tally.snapshot(), planned: planned))
            try await Task.sleep(for: console.isTerminal ? .milliseconds(250) : .seconds(1))
        }
    }

    /// Waits until every acknowledged call has its decision and every redirected call its `completed`
    /// outcome, for at most ``drainTimeout``.
    private func waitForOutstandingOutcomes() async throws {
        let deadline = ContinuousClock.now + Self.drainTimeout
        while ContinuousClock.now < deadline {
            let snapshot = tally.snapshot()
            if snapshot.awaiting == 0 && snapshot.awaitingCompletion == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// How long Ctrl-C waits for decisions of calls already acknowledged: most finish within Graph's latency.
    static let interruptSettleTime = Duration.seconds(3)

    /// Waits until no acknowledged call lacks its decision, for at most `limit`.
    private func waitForDecisions(upTo limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        // Graceful shutdown cancels only the operation above; a cancelled task (a second Ctrl-C) stops at once.
        while tally.snapshot().awaiting > 0, ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func format(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}
