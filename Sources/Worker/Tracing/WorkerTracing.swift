import Kafka
import Tracing

/// The worker's spans and how a record's `traceparent` becomes their parent.
///
/// With no tracer bootstrapped (the default) the spans are no-ops and attributes are never built:
/// they are set only when `isRecording`.
enum WorkerTracing {
    static let handlingSpan = "process calls.notifications"
    static let outcomeSpan = "send calls.redirect-outcomes"

    /// The context the ingress wrote into the record's headers (`traceparent`, `tracestate`).
    static func context(of record: KafkaRecord) -> ServiceContext {
        var context = ServiceContext.topLevel
        InstrumentationSystem.instrument.extract(record, into: &context, using: KafkaRecordExtractor())
        return context
    }
}

struct KafkaRecordExtractor: Extractor {
    func extract(key: String, from carrier: KafkaRecord) -> String? {
        carrier.headerString(key)
    }
}
