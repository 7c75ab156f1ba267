import ArgumentParser
import CallModel
import Foundation
import SeedExamples
import SwitchboardCLISupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `switchboard-dev bench route`: the CPU cost of parse + route + body for one notification, on one core.
struct BenchRouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Measure parse + route + build body for a seed incoming notification on one core.",
        discussion: """
            Prints ops/s and ns/op for the whole path and for each step, measured as this thread's CPU time, \
            plus Foundation's JSONSerialization on the same bytes for comparison. Target: at least 50,000 ops/s \
            (20 µs) per core. Also the worker's outcome encoding (the `attempting` marker and the final \
            outcome, value and headers) and reading an outcome back, as the ledger rebuild does. `--step call` runs only the \
            worker's per-call domain path (parse, route, body, two outcomes, the call's ids), for `valgrind --tool=callgrind` \
            (instructions per call) or memcheck (allocations per call): compare two iteration counts.
            """
    )

    @Option(help: "Measured iterations. Env: SWITCHBOARD_BENCH_ITERATIONS. Default: 200000.")
    var iterations: Int?

    @Option(help: "Seed example whose incoming notification is routed: 1, 2 or 3. Env: SWITCHBOARD_BENCH_EXAMPLE. Default: 1.")
    var example: Int?

    @Option(help: ArgumentHelp(
        "Rules file to route with (validated for Graph beta). Env: SWITCHBOARD_RULES_FILE. Default: a built-in set of 8 rules.",
        valueName: "file"))
    var rules: String?

    @Option(help: ArgumentHelp("The instant to decide at, ISO 8601. Default: 2025-06-03T14:00:00Z (a Tuesday).", valueName: "time"))
    var at: String?

    @Option(help: "all (every measurement) or call (only the worker's per-call path, for valgrind). Default: all.")
    var step: String = "all"

    func run() throws {
        let environment = SettingsEnvironment.process
        let iterations = max(1, try environment.value(self.iterations, "SWITCHBOARD_BENCH_ITERATIONS", default: 200_000))
        let exampleNumber = try environment.value(example, "SWITCHBOARD_BENCH_EXAMPLE", default: 1)
        guard let scenario = try SeedScenario.all().first(where: { $0.number == exampleNumber }) else {
            throw ValidationError("--example \(exampleNumber) is not 1, 2 or 3")
        }
        let rulesText: String
        var rulesSource = "built-in rules"
        if let path = try environment.optionalValue(rules, "SWITCHBOARD_RULES_FILE") {
            rulesText = try String(contentsOfFile: path, encoding: .utf8)
            rulesSource = path
        } else {
            rulesText = BenchRouteCommand.builtInRules
        }
        let routing = try RoutingRules.load(yaml: rulesText, apiVersion: .beta)
        let instantText = at ?? "2025-06-03T14:00:00Z"
        guard let instant = try? Date.ISO8601FormatStyle().parse(instantText) else {
            throw ValidationError("--at \(instantText) is not an ISO 8601 time")
        }
        let bytes = scenario.incomingNotification

        // One pass outside the clock shows what is being measured.
        let call = try NotificationParser.parse(bytes).value[0].resourceData ?? GraphCall()
        let decision = routing.decide(for: call, at: instant)
        print("bench route: seed example \(exampleNumber) incoming notification (\(bytes.count) bytes), "
            + "\(routing.rules.count) rules (\(rulesSource)), at \(instantText)")
        print("decision: \(decision.rule?.label ?? "none") → " + (decision.redirectPlan?.summary ?? "\(decision.action)"))
        print("iterations: \(iterations) per measurement after \(iterations / 10) warm-up, one thread")

        let outcome = Self.redirectedOutcome(call: call, plan: decision.redirectPlan, rule: decision.rule)
        var marker = outcome
        marker.type = .attempting
        func encodeOutcomes() -> Int {
            var size = 0
            for event in [OutcomeEvent(outcome: marker), OutcomeEvent(outcome: outcome)] {
                size &+= event.value().count &+ event.kafkaHeaders().count
            }
            return size
        }
        guard step != "call" else {
            let path = measure(iterations) {
                guard let parsed = try? NotificationParser.parse(bytes), let call = parsed.value.first?.resourceData else { return 0 }
                guard let plan = routing.decide(for: call, at: instant).redirectPlan else { return 1 }
                // The call's key and the first attempt's client-request-id, as the Graph client derives them.
                let requestID = IdempotencyKey.clientRequestID(key: IdempotencyKey.forCall(outcome.callID), round: UUID(), attempt: 1)
                return RedirectRequestBody.make(plan: plan, call: call).jsonBytes().count &+ encodeOutcomes()
                    &+ requestID.lowercasedString.utf8.count
            }
            report("per call: parse + route + body + 2 outcomes + ids", path)
            if path.sink == 42 { print("") }
            return
        }
        guard step == "all" else { throw ValidationError("--step must be all or call") }

        var sink = 0
        let whole = measure(iterations) {
            guard let parsed = try? NotificationParser.parse(bytes), let call = parsed.value.first?.resourceData else { return 0 }
            guard let plan = routing.decide(for: call, at: instant).redirectPlan else { return 1 }
            return RedirectRequestBody.make(plan: plan, call: call).jsonBytes().count
        }
        let parse = measure(iterations) { (try? NotificationParser.parse(bytes))?.value.count ?? 0 }
        let route = measure(iterations) { routing.decide(for: call, at: instant).explanation.utf8.count }
        let body = measure(iterations) {
            decision.redirectPlan.map { RedirectRequestBody.make(plan: $0, call: call).jsonBytes().count } ?? 0
        }
        let foundation = measure(iterations) {
            (try? JSONSerialization.jsonObject(with: Data(bytes))) == nil ? 0 : 1
        }
        let outcomes = measure(iterations, encodeOutcomes)
        // What the worker's ledger rebuild and `outcomes tail` do per record.
        let written = OutcomeEvent(outcome: outcome)
        let (headers, value) = (written.kafkaHeaders(), written.value())
        let readBack = measure(iterations) {
            (try? OutcomeEvent(kafkaHeaders: headers, value: value)).map { $0.outcome.attempts } ?? 0
        }
        sink &+= whole.sink &+ parse.sink &+ route.sink &+ body.sink &+ foundation.sink &+ outcomes.sink &+ readBack.sink

        report("parse + route + body", whole)
        report("  parse (NotificationParser)", parse)
        report("  route (decide + explanation)", route)
        report("  body (make + jsonBytes)", body)
        report("  for comparison: JSONSerialization.jsonObject only", foundation)
        report("outcomes (attempting + redirected: value, headers)", outcomes)
        report("outcome read back (headers and value, strict reader)", readBack)
        let target = 50_000.0
        print("target: at least 50,000 ops/s per core (20,000 ns/op): " + (whole.opsPerSecond >= target ? "met" : "NOT met"))
        if sink == 42 { print("") }  // keeps the measured work observable to the optimizer
    }

    /// A redirected outcome as the worker writes it for this call.
    static func redirectedOutcome(call: GraphCall, plan: RedirectPlan?, rule: RuleReference?) -> CallOutcome {
        let received = Date(timeIntervalSince1970: 1_748_959_200.125)
        let callID = call.id ?? "491f0b00-ffff-4bc9-a43e-b226498ec22a"
        return CallOutcome(
            type: .redirected, callID: callID, tenantID: call.tenantID, rule: rule,
            explanation: "rules[0] (bench) matched", targets: plan?.targets ?? [], attempts: 1,
            graphRequestID: "3d97a1e4-0000-4000-8000-000000000001",
            clientRequestID: IdempotencyKey.clientRequestID(key: IdempotencyKey.forCall(callID), round: UUID(), attempt: 1)
                .lowercasedString,
            timings: OutcomeTimings(
                receivedAt: received, decidedAt: received.addingTimeInterval(0.002),
                finishedAt: received.addingTimeInterval(0.2), deadline: received.addingTimeInterval(15)),
            callerKind: .user, scenarioID: "e0a2c4d6-0000-4000-8000-000000000002",
            source: OutcomeSource(topic: "calls.notifications", partition: 3, offset: 1_234, item: 0))
    }

    struct Measurement {
        var cpuNanoseconds: Double
        var wallNanoseconds: Double
        var iterations: Int
        var sink: Int

        var nanosecondsPerOp: Double { cpuNanoseconds / Double(iterations) }
        var opsPerSecond: Double { 1e9 / nanosecondsPerOp }
    }

    private func measure(_ iterations: Int, _ body: () -> Int) -> Measurement {
        var sink = 0
        for _ in 0..<max(1, iterations / 10) { sink &+= body() }
        let wallStart = ContinuousClock.now
        let cpuStart = Self.threadCPUNanoseconds()
        for _ in 0..<iterations { sink &+= body() }
        let cpu = Self.threadCPUNanoseconds() - cpuStart
        let wall = ContinuousClock.now - wallStart
        let wallNanoseconds = Double(wall.components.seconds) * 1e9 + Double(wall.components.attoseconds) / 1e9
        return Measurement(cpuNanoseconds: cpu, wallNanoseconds: wallNanoseconds, iterations: iterations, sink: sink)
    }

    private func report(_ label: String, _ measurement: Measurement) {
        let wallPerOp = measurement.wallNanoseconds / Double(measurement.iterations)
        let padded = label.count < 52 ? label + String(repeating: " ", count: 52 - label.count) : label
        print(padded + String(format: " %9.0f ops/s %8.0f ns/op CPU (%8.0f ns/op wall)",
                              measurement.opsPerSecond, measurement.nanosecondsPerOp, wallPerOp))
    }

    /// This thread's CPU time, so other processes on a shared machine do not inflate the figures.
    private static func threadCPUNanoseconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) * 1e9 + Double(spec.tv_nsec)
    }
}
