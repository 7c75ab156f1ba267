package import Tracing

/// The process's tracer, looked up once; the Graph client and the worker start their spans through it.
///
/// The free `withSpan` looks the bootstrapped tracer up on every span (a lock and dynamic casts,
/// about 2 % of the worker's CPU per call). The tracer is bootstrapped once, when the process starts
/// and before any client or processor exists. With none bootstrapped, no span is started and no
/// context is bound: the operation gets a no-op span.
package struct ProcessTracer: Sendable {
    /// `nil` when no tracer is bootstrapped.
    private let tracer: (any Tracer)?

    package init(_ tracer: any Tracer = InstrumentationSystem.tracer) {
        self.tracer = tracer is NoOpTracer ? nil : tracer
    }

    /// Runs `operation` in a span named `name`, child of `context` (read only when tracing).
    package func withSpan<T>(
        _ name: String,
        context: @autoclosure () -> ServiceContext = .current ?? .topLevel,
        ofKind kind: SpanKind,
        isolation: isolated (any Actor)? = #isolation,
        _ operation: (any Span) async throws -> T
    ) async rethrows -> T {
        guard let tracer else {
            return try await operation(NoOpTracer.NoOpSpan(context: .topLevel))
        }
        return try await Self.withSpan(name, on: tracer, context: context(), ofKind: kind, isolation: isolation, operation)
    }

    /// The tracer's own `withSpan`, on the concrete tracer type.
    private static func withSpan<T, Concrete: Tracer>(
        _ name: String,
        on tracer: Concrete,
        context: ServiceContext,
        ofKind kind: SpanKind,
        isolation: isolated (any Actor)?,
        _ operation: (any Span) async throws -> T
    ) async rethrows -> T {
        try await tracer.withSpan(name, context: context, ofKind: kind, isolation: isolation) { span in
            try await operation(span)
        }
    }
}
