import CallModel
import Testing

@testable import Ingress

@Suite("Envelope splitting")
struct NotificationEnvelopeSplitterTests {
    private func split(_ body: [UInt8]) throws -> [NotificationEnvelopeSplitter.Envelope] {
        NotificationEnvelopeSplitter.split(body, parsed: try NotificationParser.parseEnvelope(body))
    }

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
        let suffix = ##"], "@odata.type":"#microsoft.graph.commsNotifications"}"##
        #expect(String(decoding: envelopes[0].bytes, as: UTF8.self) == #"{"value" : ["# + first + suffix)
        #expect(String(decoding: envelopes[1].bytes, as: UTF8.self) == #"{"value" : ["# + second + suffix)
    }

    @Test("an escaped member name is still recognised as value")
    func escapedKey() throws {
        let a = #"{"changeType":"created","resourceUrl":"/communications/calls/a"}"#
        let b = #"{"changeType":"created","resourceUrl":"/communications/calls/b"}"#
        let body = Array(#"{"\u0076alue":["# .utf8) + Array(a.utf8) + [UInt8(ascii: ",")] + Array(b.utf8) + Array("]}".utf8)
        #expect(try split(body).map { String(decoding: $0.bytes, as: UTF8.self) } == [
            #"{"\u0076alue":["# + a + "]}", #"{"\u0076alue":["# + b + "]}",
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
        // The whitespace around the items is not theirs; everything outside the array is kept.
        let prefix = Notification.envelopePrefix
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
}
