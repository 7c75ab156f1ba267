import CallModel
import Foundation
import Graph
import Logging

extension NotificationProcessor {
    /// A `created` + `incoming` call: unless it already has an outcome or its window has passed,
    /// route it and send the redirect with the time left.
    func handleIncoming(_ notification: CommsNotification, _ context: RecordContext, logger: Logger) async -> Completion {
        let callID = notification.callID
        guard let call = notification.resourceData else {
            preconditionFailure("an incoming call notification always has resourceData")
        }
        let now = self.now()
        switch ledgers.verdict(
            callID: callID, partition: context.record.partition, generation: context.generation,
            offset: context.record.offset, now: now)
        {
        case nil:
            return .abandoned
        case .replay:
            metrics.skipped("replay")
            logger.debug(
                "Notification already handled before a restart or rebalance; skipped",
                metadata: ["call.id": "\(callID)", "kafka.partition": "\(context.record.partition)", "kafka.offset": "\(context.record.offset)"])
            return .finished
        case .duplicate(let final):
            var outcome = baseOutcome(.duplicate, call: call, callID: callID, context, finishedAt: now)
            outcome.reason = "the call already has a \(final.type.rawValue) outcome (event \(final.eventID.uuidString.lowercased()))"
            return await emit(outcome, context, logger: logger)
        case .new:
            break
        }

        let deadline = context.deadline
            ?? CallDeadline(receivedAt: now, window: configuration.callWindow, safetyMargin: configuration.safetyMargin)
        if now >= deadline.deadline {
            var outcome = baseOutcome(.expired, call: call, callID: callID, context, finishedAt: now)
            let late = Int((now.timeIntervalSince(deadline.deadline) * 1000).rounded())
            outcome.reason = "the call's window (less the safety margin) closed \(late) ms before the worker took it; Graph was not called"
            return await emit(outcome, context, logger: logger)
        }

        let decision = rules().decide(for: call, at: deadline.receivedAt)
        var outcome = baseOutcome(.ignored, call: call, callID: callID, context, finishedAt: now)
        outcome.rule = decision.rule
        outcome.explanation = decision.explanation
        switch decision.action {
        case .noMatch:
            outcome.reason = "no rule matched"
            return await emit(outcome, context, logger: logger)
        case .ignore(let reason):
            outcome.reason = reason
            return await emit(outcome, context, logger: logger)
        case .redirect(let plan):
            outcome.targets = plan.targets
            return await redirect(call, callID: callID, plan: plan, deadline: deadline, outcome: outcome, context, logger: logger)
        }
    }

    private func redirect(
        _ call: GraphCall,
        callID: String,
        plan: RedirectPlan,
        deadline: CallDeadline,
        outcome: CallOutcome,
        _ context: RecordContext,
        logger: Logger
    ) async -> Completion {
        var outcome = outcome
        let decidedAt = now()
        guard let tenantID = call.tenantID.flatMap({ $0.isEmpty ? nil : $0 }) ?? context.headerTenant else {
            outcome.type = .failed
            outcome.reason = "the notification names no tenant to request a Graph token for"
            return await emit(outcome, context, logger: logger)
        }
        let body = RedirectRequestBody.make(plan: plan, call: call).jsonBytes()
        let result = await redirector.redirect(
            callID: callID,
            tenantID: tenantID,
            body: body,
            idempotencyKey: IdempotencyKey.forCall(callID),
            deadline: deadline.instant(now: decidedAt, at: .now),
            logger: logger
        )
        let finishedAt = now()
        outcome.tenantID = tenantID
        outcome.attempts = result.attempts.count
        outcome.clientRequestID = result.attempts.last?.clientRequestID.uuidString.lowercased()
        outcome.timings = OutcomeTimings(
            receivedAt: deadline.receivedAt, decidedAt: decidedAt, finishedAt: finishedAt, deadline: deadline.windowEnd)
        switch result.outcome {
        case .accepted(let response):
            outcome.type = .redirected
            outcome.graphRequestID = response.requestID
            outcome.clientRequestID = response.clientRequestID ?? outcome.clientRequestID
            metrics.redirectLatency.recordInterval(since: deadline.receivedAt, until: finishedAt)
            metrics.deadlineSlack.record(deadline.windowEnd.timeIntervalSince(finishedAt))
        case .failed(let error):
            outcome.type = .failed
            outcome.graph = GraphErrorSummary(error)
            outcome.reason = error.message
            metrics.deadlineSlack.record(deadline.windowEnd.timeIntervalSince(finishedAt))
        case .expired(let lastError):
            outcome.type = .expired
            outcome.graph = lastError.map(GraphErrorSummary.init)
            outcome.reason = "the call's window closed before Graph accepted the redirect"
        }
        return await emit(outcome, context, logger: logger)
    }

    /// A `terminated` call: a `completed` outcome with Graph's `resultInfo`.
    func handleTerminated(_ notification: CommsNotification, _ context: RecordContext, logger: Logger) async -> Completion {
        let callID = notification.callID
        guard let call = notification.resourceData else {
            preconditionFailure("a terminated call notification always has resourceData")
        }
        let now = self.now()
        switch ledgers.verdict(
            callID: callID, partition: context.record.partition, generation: context.generation,
            offset: context.record.offset, now: now)
        {
        case nil:
            return .abandoned
        case .replay:
            metrics.skipped("replay")
            return .finished
        case .duplicate, .new:
            break
        }
        var outcome = baseOutcome(.completed, call: call, callID: callID, context, finishedAt: now)
        outcome.resultInfo = call.resultInfo
        outcome.answeredBy = call.answeredBy?.identity
        return await emit(outcome, context, logger: logger)
    }
}

extension GraphErrorSummary {
    /// Graph's error as an outcome carries it.
    init(_ error: GraphError) {
        self.init(
            status: error.status,
            code: error.graphCode ?? (error.status == nil ? error.code.description : nil),
            message: error.message,
            requestID: error.requestID,
            clientRequestID: error.clientRequestID,
            date: error.date
        )
    }
}
