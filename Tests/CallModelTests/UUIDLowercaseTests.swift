import CallModel
import Foundation
import Testing

@Suite struct UUIDLowercaseTests {
    @Test func matchesFoundationsLowercasedText() {
        let fixed = [
            UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            UUID(uuid: (0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)),
            IdempotencyKey.namespace,
        ]
        for id in fixed + (0..<200).map({ _ in UUID() }) {
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
        #expect(IdempotencyKey.namespace.lowercasedString == "80e3bf26-bf99-5c00-824f-1c296a90ebdf")
    }
}
