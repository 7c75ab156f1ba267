import CallModel
import Testing

@testable import Ingress

@Suite("Envelope splitting")
struct NotificationEnvelopeSplitterTests {
    static let limits = NotificationEnvelopeSplitter.Limits(maxNotifications: 16, maxCalls: 4)

    private func split(
        _ body: [UInt8], limits: NotificationEnvelopeSplitter.Limits = Self.limits
    ) throws -> [NotificationEnvelopeSplitter.Envelope] {
        try NotificationEnvelopeSplitter.split(body, parsed: try NotificationParser.parseEnvelope(body), limits: limits)
    }

    static let graphPrefix = ##"{"@odata.type":"#microsoft.graph.commsNotifications","value":["##

    @Test("a body about one call is returned as the same bytes")
    func oneCall() throws {
        let body = Notification.body(items: [Notification.item(callID: "a"), Notification.item(callID: "a", changeType: "deleted")])
        #expect(try split(body) == [.init(callID: "a", bytes: body)])
    }

    @Test("items are cut at their boundaries even with brackets, braces and escaped quotes inside strings")
    func trickyStrings() throws {
        let first = #"{"changeType":"created","resourceUrl":"/communications/calls/a","note":"]}{[\"\\","n":[1,{"x":null}],"t":true}"#
        let second = #"{"changeType":"deleted","resourceUrl":"/communications/calls/b","n":-1.5e3}"#
        let head: [UInt8] = Array(#"{"value" : [ "#.utf8) + Array(first.utf8)
        let tail: [UInt8] = Array(" ,\t\r\n".utf8) + Array(second.utf8)
        let body: [UInt8] = head + tail + Array(##" ], "@odata.type":"#microsoft.graph.commsNotifications"}"##.utf8)
        let envelopes = try split(body)
        #expect(envelopes.map { $0.callID } == ["a", "b"])
        #expect(String(decoding: envelopes[0].bytes, as: UTF8.self) == Self.graphPrefix + first + "]}")
        #expect(String(decoding: envelopes[1].bytes, as: UTF8.self) == Self.graphPrefix + second + "]}")
    }

    @Test("an escaped member name is still recognised as value")
    func escapedKey() throws {
        let a = #"{"changeType":"created","resourceUrl":"/communications/calls/a"}"#
        let b = #"{"changeType":"created","resourceUrl":"/communications/calls/b"}"#
        let body = Array(#"{"\u0076alue":["# .utf8) + Array(a.utf8) + [UInt8(ascii: ",")] + Array(b.utf8) + Array("]}".utf8)
        // Without an @odata.type in the body, the envelopes have none either.
        #expect(try split(body).map { String(decoding: $0.bytes, as: UTF8.self) } == [
            #"{"value":["# + a + "]}", #"{"value":["# + b + "]}",
        ])
    }

    @Test("items of one call stay together in their original order; calls in order of first appearance")
    func grouping() throws {
        let items = [
            Notification.item(callID: "b"), Notification.item(callID: "a"),
            Notification.item(callID: "b", changeType: "deleted"), Notification.item(callID: "c"),
        ]
        let envelopes = try split(Notification.body(items: items))
        #expect(envelopes.map(\.callID) == ["b", "a", "c"])
        // The whitespace around the items is not theirs; of what is outside the array only @odata.type is kept.
        let prefix = Self.graphPrefix
        #expect(envelopes.map { String(decoding: $0.bytes, as: UTF8.self) } == [
            prefix + items[0] + "," + items[2] + "]}", prefix + items[1] + "]}", prefix + items[3] + "]}",
        ])
        // Every envelope is a notification body the worker can read.
        for envelope in envelopes {
            #expect(try NotificationParser.parse(envelope.bytes).value.allSatisfy { $0.callID == envelope.callID })
        }
    }

    @Test("two value members are refused by the parser, naming the place of the second")
    func duplicateValue() {
        let item = Notification.item(callID: "a")
        let body = Array(#"{"value":["#.utf8) + Array(item.utf8) + Array(#"],"value":[]}"#.utf8)
        #expect {
            try NotificationParser.parseEnvelope(body)
        } throws: { error in
            let error = error as? NotificationParseError
            return error?.code == .invalidJSON && error?.message.contains("duplicate member name \"value\"") == true
                && error?.line == 1 && error?.column == item.count + 13
        }
    }

    @Test("a split envelope copies nothing from outside value but @odata.type, however large the rest is")
    func noAmplification() throws {
        let items = (0..<4).map { Notification.item(callID: "call-\($0)") }
        let padding = String(repeating: "x", count: 100_000)
        let body = Array((##"{"@odata.type":"#microsoft.graph.commsNotifications","padding":"\##(padding)","value":["##
            + items.joined(separator: ",") + "]}").utf8)
        let envelopes = try split(body)
        #expect(envelopes.map(\.callID) == (0..<4).map { "call-\($0)" })
        #expect(envelopes.map { String(decoding: $0.bytes, as: UTF8.self) } == items.map { Self.graphPrefix + $0 + "]}" })
        // Stored bytes stay within the body's own size, not four times it.
        #expect(envelopes.reduce(0) { $0 + $1.bytes.count } < body.count)
    }

    @Test("a body over the item or call limit is refused with 413 naming the limit")
    func limits() throws {
        let limits = NotificationEnvelopeSplitter.Limits(maxNotifications: 3, maxCalls: 2)
        let sameCall = Notification.body(items: (0..<4).map { _ in Notification.item(callID: "a") })
        let tooManyItems = try #require(throws: IngressRejection.self) { try split(sameCall, limits: limits) }
        #expect(tooManyItems.status == .contentTooLarge)
        #expect(tooManyItems.code == "too-many-notifications")
        #expect(tooManyItems.detail.contains("4 notifications") && tooManyItems.detail.contains("limit is 3"))

        let threeCalls = Notification.body(items: ["a", "b", "c"].map { Notification.item(callID: $0) })
        let tooManyCalls = try #require(throws: IngressRejection.self) { try split(threeCalls, limits: limits) }
        #expect(tooManyCalls.status == .contentTooLarge)
        #expect(tooManyCalls.code == "too-many-calls")
        #expect(tooManyCalls.detail.contains("limit is 2"))

        let atLimit = Notification.body(items: ["a", "b", "a"].map { Notification.item(callID: $0) })
        #expect(try split(atLimit, limits: limits).map(\.callID) == ["a", "b"])
    }
}
