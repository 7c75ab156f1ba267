import CallModel
import Foundation
import Graph
import Kafka
import Logging
import Tracing

/// Handles one notification record end to end: parse, check trust, act on every notification in
/// it, and publish what happened, before the record may be marked finished.
struct NotificationProcessor: Sendable {
    /// How handling a record ended.
    enum Completion: Sendable, Equatable {
        /// Everything the record produced is stored; its offset may be committed.
        case finished
        /// The partition was given up (or the worker stopped) before that; the offset must not move.
        case abandoned
    }

    let configuration: WorkerConfiguration
    let redirector: any CallRedirecting
    let publisher: OutcomePublisher
    let ledgers: PartitionLedgers
    /// The routing rules in force (reloaded from the file).
    let rules: @Sendable () -> RoutingRules
    let metrics: WorkerMetrics
    let now: @Sendable () -> Date
    let logger: Logger
    /// Candidate rules decided beside the live ones and only counted; `nil` without a shadow file.
    var shadow: ShadowRules? = nil
    /// The record's handling span and its outcomes' producer spans.
    var tracer = ProcessTracer()

    /// Handles a record of the partition assignment `generation`.
    ///
    /// - Parameter parsed: The parse result when intake already parsed the record (to find its call id).
    func process(
        _ record: KafkaRecord,
        parsed: Result<CommsNotifications, NotificationParseError>?,
        generation: UInt64
    ) async -> Completion {
        await tracer.withSpan(WorkerTracing.handlingSpan, context: WorkerTracing.context(of: record), ofKind: .consumer) { span in
            if span.isRecording {
                span.attributes["messaging.system"] = "kafka"
                span.attributes["messaging.destination.name"] = record.topic
                span.attributes["messaging.destination.partition.id"] = "\(record.partition)"
                span.attributes["messaging.kafka.offset"] = Int(record.offset)
            }
            return await process(record, parsed: parsed, generation: generation, span: span)
        }
    }

    private func process(
        _ record: KafkaRecord,
        parsed: Result<CommsNotifications, NotificationParseError>?,
        generation: UInt64,
        span: any Span
    ) async -> Completion {
        // Log lines name the record and call in their own metadata: setting logger metadata for
        // every record costs more than the few lines that are written.
        let notifications: CommsNotifications
        switch parsed ?? Result(catching: { () throws(NotificationParseError) in try NotificationParser.parse(record.value) }) {
        case .success(let value):
            notifications = value
        case .failure(let error):
            if span.isRecording { span.attributes["switchboard.dead_letter"] = error.code.rawValue }
            return await deadLetter(record, code: error.code.rawValue, message: error.message, generation, logger)
        }

        let headerTenant = TenantCheck.normalized(record.headerString(NotificationHeaders.tenant).flatMap { $0.isEmpty ? nil : $0 })
        if let problem = TenantCheck.problem(
            in: notifications, headerTenant: headerTenant, requireHeader: configuration.requireVerifiedTenant)
        {
            if span.isRecording { span.attributes["switchboard.dead_letter"] = problem.code }
            return await deadLetter(record, code: problem.code, message: problem.message, generation, logger)
        }

        // The window counts from the ingress's receive time, but never from later than this worker saw the record.
        let seenAt = now()
        let deadline = CallDeadline(
            receivedAtHeader: record.headerString(NotificationHeaders.receivedAt),
            recordTimestamp: record.timestamp.map { Date(timeIntervalSince1970: Double($0.milliseconds) / 1000) },
            window: configuration.callWindow,
            safetyMargin: configuration.safetyMargin
        ).map { $0.capped(seenAt: seenAt, window: configuration.callWindow, safetyMargin: configuration.safetyMargin) }
        if let skew = deadline?.skew { metrics.clockSkew.record(skew) }
        let context = RecordContext(
            record: record,
            generation: generation,
            headerTenant: headerTenant,
            deadline: deadline?.deadline,
            scenarioID: record.headerString(NotificationHeaders.scenarioID)
                ?? record.headerString(NotificationHeaders.chainID),
            span: span
        )
        for (item, notification) in notifications.value.enumerated() {
            var context = context
            context.item = item
            let completion: Completion
            if notification.isIncomingCall {
                completion = await handleIncoming(notification, context, logger: logger)
            } else if notification.isTerminatedCall {
                completion = await handleTerminated(notification, context, logger: logger)
            } else {
                metrics.skipped("unhandled_change")
                logger.debug(
                    "Notification not acted on",
                    metadata: [
                        "call.id": "\(notification.callID)",
                        "kafka.partition": "\(record.partition)",
                        "kafka.offset": "\(record.offset)",
                        "call.change_type": "\(notification.changeType.rawValue)",
                        "call.state": "\(notification.resourceData?.state?.rawValue ?? "none")",
                    ]
                )
                continue
            }
            guard completion == .finished else { return .abandoned }
        }
        return .finished
    }

    private func deadLetter(
        _ record: KafkaRecord,
        code: String,
        message: String,
        _ generation: UInt64,
        _ logger: Logger
    ) async -> Completion {
        logger.warning(
            "Notification record moved to the dead-letter topic",
            metadata: [
                "dlq.code": "\(code)", "dlq.error": "\(message)",
                "kafka.partition": "\(record.partition)", "kafka.offset": "\(record.offset)",
            ]
        )
        guard await publisher.deadLetter(record, code: code, message: message, generation: generation, logger: logger)
        else {
            return .abandoned
        }
        metrics.deadLetter(code: code)
        return .finished
    }
}

/// What every notification of one record shares.
struct RecordContext: Sendable {
    let record: KafkaRecord
    let generation: UInt64
    /// The tenant the ingress verified from the bearer token.
    let headerTenant: String?
    /// `nil` when the record has neither the receive-time header nor a timestamp.
    let deadline: CallDeadline?
    /// Graph's correlation id from the ingress headers.
    let scenarioID: String?
    /// The span of handling the record; the outcomes' attributes go on it.
    let span: any Span
    /// The index of the notification being handled in the record's `value` array.
    var item = 0

    var source: OutcomeSource {
        // The item is written only past the first, so the common one-notification record reads as before.
        OutcomeSource(topic: record.topic, partition: Int(record.partition), offset: record.offset, item: item == 0 ? nil : item)
    }
}
