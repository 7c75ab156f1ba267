import InMemoryTracing
import Synchronization
import Testing
import Tracing

@testable import Graph

@Suite("Process tracer")
struct ProcessTracerTests {
    @Test("with a tracer, each span is started as a child of the given context, bound while it runs, and ended")
    func tracing() async {
        let recorder = InMemoryTracer()
        let tracer = ProcessTracer(recorder)
        let parent = recorder.startSpan("parent", context: .topLevel, ofKind: .consumer)
        let bound = await tracer.withSpan("child", context: parent.context, ofKind: .client) { span in
            span.attributes["answer"] = 42
            #expect(span.isRecording)
            return ServiceContext.current?.inMemorySpanContext
        }
        parent.end()
        let child = recorder.finishedSpans.first { $0.operationName == "child" }
        #expect(child?.kind == .client)
        #expect(child?.parentSpanID == parent.spanContext.spanID)
        #expect(child?.attributes["answer"]?.toSpanAttribute() == 42)
        #expect(bound == child?.spanContext)
    }

    @Test("with no tracer, the operation runs with a span that records nothing, and the context is not read or bound")
    func noTracer() async {
        let tracer = ProcessTracer(NoOpTracer())
        let contextRead = ContextReads()
        let bound = await tracer.withSpan("child", context: contextRead.topLevel(), ofKind: .client) { span in
            span.attributes["answer"] = 42
            #expect(!span.isRecording)
            return ServiceContext.current
        }
        #expect(bound == nil)
        #expect(contextRead.count.load(ordering: .relaxed) == 0)
    }
}

/// Counts how often the context argument is evaluated.
private final class ContextReads: Sendable {
    let count = Atomic(0)

    func topLevel() -> ServiceContext {
        count.add(1, ordering: .relaxed)
        return .topLevel
    }
}
