import CallModel
import CoreMetrics
import Foundation
import Logging
import Tracing

extension NotificationProcessor {
    /// An outcome with the fields every type shares.
    func baseOutcome(
        _ type: OutcomeType,
        call: GraphCall,
        callID: String,
        _ context: RecordContext,
        finishedAt: Date
    ) -> CallOutcome {
        CallOutcome(
            type: type,
            callID: callID,
            tenantID: context.headerTenant ?? call.tenantID,
            timings: OutcomeTimings(
                receivedAt: context.deadline?.receivedAt, finishedAt: finishedAt, deadline: context.deadline?.windowEnd),
            callerKind: call.callerKind,
            scenarioID: context.scenarioID,
            source: context.source
        )
    }

    /// Publishes an outcome, then remembers it in the partition's ledger; only then may the record finish.
    ///
    /// An owner that lost the partition publishes nothing: the next owner decides the call, and two owners
    /// must not publish different final outcomes for it. Ownership is checked here as well as when a
    /// produce fails.
    func emit(_ outcome: CallOutcome, _ context: RecordContext, logger: Logger) async -> Completion {
        guard ledgers.owns(partition: context.record.partition, generation: context.generation) else {
            logger.debug(
                "Outcome not published: the partition moved to another worker, which decides the call",
                metadata: ["call.id": "\(outcome.callID)", "outcome.type": "\(outcome.type.rawValue)"])
            return .abandoned
        }
        let event = OutcomeEvent(outcome: outcome, source: configuration.outcomeSource)
        if context.span.isRecording, outcome.type != .attempting { Self.describe(outcome, on: context.span) }
        let published = await tracer.withSpan(WorkerTracing.outcomeSpan, ofKind: .producer) { span in
            if span.isRecording {
                span.attributes["messaging.system"] = "kafka"
                span.attributes["switchboard.outcome.type"] = outcome.type.rawValue
                span.attributes["switchboard.call.id"] = outcome.callID
            }
            return await publisher.publish(
                event, partition: context.record.partition, generation: context.generation, logger: logger)
        }
        guard published else {
            return .abandoned
        }
        ledgers.record(
            RecordedOutcome(event),
            callID: outcome.callID,
            partition: context.record.partition,
            generation: context.generation,
            offset: context.record.offset,
            item: context.item
        )
        metrics.outcome(outcome.type)
        let level: Logger.Level =
            switch outcome.type {
            case .failed, .expired, .unconfirmed: .warning
            case .attempting: .debug
            default: .info
            }
        // Built only when the line is written: this runs once per call.
        if logger.logLevel <= level {
            logger.log(level: level, "Call outcome", metadata: Self.logMetadata(outcome, context))
        }
        return .finished
    }
}

extension NotificationProcessor {
    /// The outcome's log fields: call, record, type, rule, decision, reason, Graph request id and error, attempts, latency.
    static func logMetadata(_ outcome: CallOutcome, _ context: RecordContext) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "call.id": "\(outcome.callID)",
            "outcome.type": "\(outcome.type.rawValue)",
            "kafka.partition": "\(context.record.partition)",
            "kafka.offset": "\(context.record.offset)",
        ]
        if let rule = outcome.rule { metadata["rule"] = "\(rule.label)" }
        if let explanation = outcome.explanation { metadata["decision"] = "\(explanation)" }
        if let reason = outcome.reason { metadata["outcome.reason"] = "\(reason)" }
        if let requestID = outcome.graphRequestID ?? outcome.graph?.requestID { metadata["graph.request_id"] = "\(requestID)" }
        if let graph = outcome.graph {
            metadata["graph.error"] = "\(graph.status.map(String.init) ?? "-") \(graph.code ?? "-"): \(graph.message)"
        }
        if outcome.attempts > 0 { metadata["graph.attempts"] = "\(outcome.attempts)" }
        if let latency = outcome.timings.latencyMilliseconds { metadata["latency_ms"] = "\(latency)" }
        return metadata
    }
}

extension NotificationProcessor {
    /// The decision and how the call ended, on the span of handling its record.
    static func describe(_ outcome: CallOutcome, on span: any Span) {
        span.attributes["switchboard.call.id"] = outcome.callID
        span.attributes["switchboard.outcome.type"] = outcome.type.rawValue
        if let rule = outcome.rule { span.attributes["switchboard.rule"] = rule.label }
        if let explanation = outcome.explanation { span.attributes["switchboard.decision"] = explanation }
        if let reason = outcome.reason { span.attributes["switchboard.outcome.reason"] = reason }
        if outcome.attempts > 0 { span.attributes["switchboard.graph.attempts"] = outcome.attempts }
        if [.failed, .expired, .unconfirmed].contains(outcome.type) { span.setStatus(SpanStatus(code: .error)) }
    }
}

extension CoreMetrics.Timer {
    /// Records the time between two wall-clock instants (zero when negative).
    func recordInterval(since start: Date, until end: Date) {
        recordNanoseconds(max(0, Int64((end.timeIntervalSince(start) * 1e9).rounded())))
    }
}
