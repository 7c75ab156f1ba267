import CallModel
import Foundation
import Graph
import Logging

extension NotificationProcessor {
    /// A `created` + `incoming` call: unless it already has an outcome or its window has passed,
    /// route it and send the redirect with the time left.
    ///
    /// A `reject` decision goes the same way as a redirect (write-ahead `attempting`, deadline, retries,
    /// idempotency) and ends `rejected` when Graph accepts.
    ///
    /// A call whose redirect or reject was attempted without a final outcome (its worker stopped, or lost
    /// the partition, after writing `attempting`) is in doubt: Graph may have acted on it. It is never
    /// reported `failed` or `expired`; it is answered again while the window allows, and ends
    /// `redirected` (or `rejected`) when Graph accepts, else `unconfirmed`.
    func handleIncoming(_ notification: CommsNotification, _ context: RecordContext, logger: Logger) async -> Completion {
        let callID = notification.callID
        guard let call = notification.resourceData else {
            preconditionFailure("an incoming call notification always has resourceData")
        }
        let now = self.now()
        var earlierAttempt: RecordedOutcome?
        switch ledgers.verdict(
            callID: callID, partition: context.record.partition, generation: context.generation,
            offset: context.record.offset, item: context.item, now: now)
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
            outcome.reason = "the call already has a \(final.type.rawValue) outcome (event \(final.eventID.lowercasedString))"
            return await emit(outcome, context, logger: logger)
        case .inDoubt(let attempting):
            earlierAttempt = attempting
        case .new:
            break
        }

        let deadline = context.deadline
            ?? CallDeadline(receivedAt: now, window: configuration.callWindow, safetyMargin: configuration.safetyMargin)
        if now >= deadline.deadline {
            let late = Int((now.timeIntervalSince(deadline.deadline) * 1000).rounded())
            if let earlierAttempt {
                var outcome = baseOutcome(.unconfirmed, call: call, callID: callID, context, finishedAt: now)
                outcome.reason = Self.doubtReason(earlierAttempt)
                    + "; the window closed \(late) ms before this worker took the call, so nothing settled it"
                return await emit(outcome, context, logger: logger)
            }
            var outcome = baseOutcome(.expired, call: call, callID: callID, context, finishedAt: now)
            outcome.reason = "the call's window (less the safety margin) closed \(late) ms before the worker took it; Graph was not called"
            return await emit(outcome, context, logger: logger)
        }

        let decision = rules().decide(for: call, at: deadline.receivedAt)
        shadow?.compare(call, callID: callID, live: decision, at: deadline.receivedAt, logger: logger)
        var outcome = baseOutcome(.ignored, call: call, callID: callID, context, finishedAt: now)
        outcome.rule = decision.rule
        outcome.explanation = decision.explanation
        switch decision.action {
        case .noMatch, .ignore:
            if case .ignore(let reason) = decision.action { outcome.reason = reason } else { outcome.reason = "no rule matched" }
            if let earlierAttempt {
                outcome.type = .unconfirmed
                outcome.reason = Self.doubtReason(earlierAttempt) + "; the rules in force now neither redirect nor reject it"
            }
            return await emit(outcome, context, logger: logger)
        case .redirect(let plan):
            outcome.targets = plan.targets
            return await answer(
                .redirect, call, callID: callID, body: { RedirectRequestBody.make(plan: plan, call: call).jsonBytes() },
                deadline: deadline, outcome: outcome, earlierAttempt: earlierAttempt, context, logger: logger)
        case .reject(let reason):
            outcome.rejectReason = reason
            return await answer(
                .reject, call, callID: callID, body: { RejectRequestBody(reason: reason).jsonBytes() },
                deadline: deadline, outcome: outcome, earlierAttempt: earlierAttempt, context, logger: logger)
        }
    }

    /// Why a call is in doubt because of an earlier owner's attempt.
    static func doubtReason(_ attempting: RecordedOutcome) -> String {
        "a redirect or reject was attempted before (event \(attempting.eventID.lowercasedString)) with no outcome "
            + "after it, so Graph may have redirected or rejected the call"
    }

    /// Sends `action` (redirect or reject) for the call after writing `attempting`, and publishes how it ended.
    private func answer(
        _ action: CallAnswer,
        _ call: GraphCall,
        callID: String,
        body makeBody: () -> [UInt8],
        deadline: CallDeadline,
        outcome: CallOutcome,
        earlierAttempt: RecordedOutcome?,
        _ context: RecordContext,
        logger: Logger
    ) async -> Completion {
        var outcome = outcome
        let decidedAt = now()
        // The ingress-verified tenant (a lowercase GUID) wins; the body's agrees with it or the record went to the DLQ.
        guard let tenantID = context.headerTenant ?? call.tenantID.flatMap({ $0.isEmpty ? nil : $0 }) else {
            outcome.type = earlierAttempt == nil ? .failed : .unconfirmed
            outcome.reason = "the notification names no tenant to request a Graph token for"
            return await emit(outcome, context, logger: logger)
        }
        let body = makeBody()

        // Write-ahead: the outcomes topic holds `attempting` (acknowledged by the brokers) before Graph can
        // act, so whoever owns the partition next knows the call may have been redirected or rejected.
        var marker = outcome
        marker.type = .attempting
        marker.tenantID = tenantID
        marker.reason = nil
        guard await emit(marker, context, logger: logger) == .finished else { return .abandoned }

        let result = await redirector.answer(
            action,
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
        outcome.clientRequestID = result.attempts.last?.clientRequestID.lowercasedString
        outcome.timings = OutcomeTimings(
            receivedAt: deadline.receivedAt, decidedAt: decidedAt, finishedAt: finishedAt, deadline: deadline.windowEnd)
        switch result.outcome {
        case .accepted(let response):
            outcome.type = action == .reject ? .rejected : .redirected
            outcome.graphRequestID = response.requestID
            outcome.clientRequestID = response.clientRequestID ?? outcome.clientRequestID
            if action == .redirect {
                metrics.redirectLatency.recordInterval(since: deadline.receivedAt, until: finishedAt)
            }
            metrics.deadlineSlack.record(deadline.windowEnd.timeIntervalSince(finishedAt))
        case .failed(let error):
            outcome.graph = GraphErrorSummary(error)
            outcome.reason = error.message
            if let doubt = Self.doubt(earlierAttempt: earlierAttempt, result: result, refusal: error, action: action) {
                outcome.type = .unconfirmed
                outcome.reason = doubt + "; Graph then answered: " + error.message
            } else {
                outcome.type = .failed
            }
            metrics.deadlineSlack.record(deadline.windowEnd.timeIntervalSince(finishedAt))
        case .expired(let lastError):
            outcome.graph = lastError.map(GraphErrorSummary.init)
            if let doubt = Self.doubt(earlierAttempt: earlierAttempt, result: result, refusal: nil, action: action) {
                outcome.type = .unconfirmed
                outcome.reason = doubt + "; the call's window closed before an answer settled it"
            } else {
                outcome.type = .expired
                outcome.reason = "the call's window closed before Graph accepted the \(action.rawValue)"
            }
        }
        return await emit(outcome, context, logger: logger)
    }

    /// Why a redirect that was not seen accepted may still have happened, or `nil` when it cannot have.
    ///
    /// In doubt: an earlier owner's attempt without an outcome, whatever Graph answers now; or an attempt
    /// of this round that ended without a settling answer (``GraphAttempt/isInDoubt``), when the round then
    /// expired or Graph refused the call as no longer incoming (404, 409, code 8522), which is what a call
    /// already redirected looks like. Other refusals (400, 403) judge the request itself and settle it.
    static func doubt(
        earlierAttempt: RecordedOutcome?, result: GraphRedirectResult, refusal: GraphError?, action: CallAnswer = .redirect
    ) -> String? {
        if let earlierAttempt { return doubtReason(earlierAttempt) }
        guard let attempt = result.attempts.first(where: \.isInDoubt) else { return nil }
        if let refusal, !(refusal.status == 404 || refusal.status == 409 || refusal.graphCode == "8522") { return nil }
        let what = attempt.status.map { "was answered \($0)" } ?? "got no answer (\(attempt.error?.message ?? "no response"))"
        return "attempt \(attempt.number) (client-request-id \(attempt.clientRequestID.lowercasedString)) \(what) "
            + "after it may have reached Graph, so Graph may have \(action == .reject ? "rejected" : "redirected") the call"
    }

    /// A `terminated` call: a `completed` outcome with Graph's `resultInfo`, its normalised disposition, and
    /// the time since the redirect (or reject) Graph accepted, when this worker's ledger holds it.
    func handleTerminated(_ notification: CommsNotification, _ context: RecordContext, logger: Logger) async -> Completion {
        let callID = notification.callID
        guard let call = notification.resourceData else {
            preconditionFailure("a terminated call notification always has resourceData")
        }
        let now = self.now()
        switch ledgers.verdict(
            callID: callID, partition: context.record.partition, generation: context.generation,
            offset: context.record.offset, item: context.item, now: now)
        {
        case nil:
            return .abandoned
        case .replay:
            metrics.skipped("replay")
            return .finished
        case .duplicate, .inDoubt, .new:
            break
        }
        var outcome = baseOutcome(.completed, call: call, callID: callID, context, finishedAt: now)
        outcome.resultInfo = call.resultInfo
        outcome.answeredBy = call.answeredBy?.identity
        outcome.disposition = CallDisposition(resultInfo: call.resultInfo, answered: call.answeredBy != nil)
        if let earlier = ledgers.latest(callID: callID, partition: context.record.partition, generation: context.generation) {
            outcome.settles = SettledOutcome(type: earlier.type, eventID: earlier.eventID)
            if earlier.type == .redirected || earlier.type == .rejected {
                outcome.redirectToEndMilliseconds = max(0, Int((now.timeIntervalSince(earlier.time) * 1000).rounded()))
            }
        }
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
