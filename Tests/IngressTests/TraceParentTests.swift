import Testing

@testable import Ingress

@Suite("traceparent")
struct TraceParentTests {
    @Test(
        "valid traceparents are propagated as they are",
        arguments: [
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00",
            "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future",
        ]
    )
    func propagates(_ value: String) {
        #expect(TraceParent.propagatingOrStarting(value) == value)
    }

    @Test(
        "invalid traceparents are replaced by a new trace",
        arguments: [
            "", "garbage", "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
            "00-00000000000000000000000000000000-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
            "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        ]
    )
    func replaces(_ value: String) {
        let result = TraceParent.propagatingOrStarting(value)
        #expect(result != value)
        #expect(TraceParent.isValid(result))
        #expect(result.hasPrefix("00-") && result.hasSuffix("-01"))
    }

    @Test("new traces have distinct ids")
    func distinct() {
        #expect(Set((0..<100).map { _ in TraceParent.start() }).count == 100)
    }
}

@Suite("traceparent ids")
struct TraceParentIDTests {
    @Test("new traces are well formed, distinct in every id, and spread over all hex digits")
    func spread() {
        let values = (0..<2_000).map { _ in TraceParent.start() }
        #expect(values.allSatisfy { TraceParent.isValid($0) && $0.hasPrefix("00-") && $0.hasSuffix("-01") })
        let traceIDs = values.map { $0.dropFirst(3).prefix(32) }
        let parentIDs = values.map { $0.dropFirst(36).prefix(16) }
        #expect(Set(traceIDs).count == values.count)
        #expect(Set(parentIDs).count == values.count)
        // Consecutive ids share no long common prefix (they are mixed, not counted).
        #expect(zip(parentIDs, parentIDs.dropFirst()).allSatisfy { $0.prefix(6) != $1.prefix(6) })
        #expect(Set(traceIDs.joined()).count == 16)
    }
}
