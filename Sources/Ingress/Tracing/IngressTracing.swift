import CallModel
import HTTPTypes
import Tracing

/// The ingress's spans: what they are called and how their context crosses HTTP and Kafka headers.
///
/// With no tracer bootstrapped (the default) the spans are no-ops: one task-local binding each, no
/// allocation of attributes (they are set only when `isRecording`), and the `traceparent` the record
/// carries is the one ``TraceParent`` propagates or starts.
enum IngressTracing {
    static let requestSpan = "POST /api/calls"
    static let produceSpan = "send calls.notifications"

    /// The W3C `traceparent` of `context` as the bootstrapped instrument writes it, or `nil` when no
    /// instrument writes one (tracing off).
    static func traceparent(of context: ServiceContext) -> String? {
        var carrier = TraceparentCarrier()
        InstrumentationSystem.instrument.inject(context, into: &carrier, using: TraceparentInjector())
        return carrier.traceparent
    }

    /// The context of an incoming request: its `traceparent` (and `tracestate`) when present.
    static func context(of headers: HTTPFields) -> ServiceContext {
        var context = ServiceContext.current ?? .topLevel
        InstrumentationSystem.instrument.extract(headers, into: &context, using: HTTPFieldsExtractor())
        return context
    }
}

struct TraceparentCarrier {
    var traceparent: String?
}

/// Keeps the `traceparent` an instrument injects; the notification record has no `tracestate` header.
struct TraceparentInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout TraceparentCarrier) {
        if key == NotificationHeaders.traceparent { carrier.traceparent = value }
    }
}

struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        guard let name = HTTPField.Name(key) else { return nil }
        return carrier[name]
    }
}
