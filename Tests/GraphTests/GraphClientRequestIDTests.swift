import Foundation
@testable import Graph
import Testing

@Suite struct GraphClientRequestIDTests {
    @Test("Each attempt's client-request-id is a version-5 UUID derived only from the key and the attempt")
    func deterministic() throws {
        let key = try #require(UUID(uuidString: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"))
        let first = GraphClientRequestID.derive(idempotencyKey: key, attempt: 1)
        #expect(first == GraphClientRequestID.derive(idempotencyKey: key, attempt: 1))
        #expect(first != GraphClientRequestID.derive(idempotencyKey: key, attempt: 2))
        #expect(first != GraphClientRequestID.derive(idempotencyKey: UUID(), attempt: 1))
        let text = first.uuidString
        #expect(text[text.index(text.startIndex, offsetBy: 14)] == "5")
        #expect("89AB".contains(text[text.index(text.startIndex, offsetBy: 19)]))
    }

    @Test("The derivation matches RFC 9562's version-5 algorithm (DNS namespace, python.org)")
    func knownAnswer() throws {
        // RFC 9562 / Python: uuid5(NAMESPACE_DNS, "python.org") = 886313e1-3b8a-5372-9b90-0c9aee199e5d
        let dns = try #require(UUID(uuidString: "6ba7b810-9dad-11d1-80b4-00c04fd430c8"))
        let derived = GraphClientRequestID.nameBased(namespace: dns, name: "python.org")
        #expect(derived.uuidString.lowercased() == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }
}
