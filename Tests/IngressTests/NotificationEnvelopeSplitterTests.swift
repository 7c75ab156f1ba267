import Testing

@testable import Ingress

@Suite("Envelope splitting")
struct NotificationEnvelopeSplitterTests {
    @Test("a body about one call is returned as the same bytes")
    func oneCall() throws {
        let body = Notification.body(items: [Notification.item(callID: "a"), Notification.item(callID: "a")])
        let envelopes = try NotificationEnvelopeSplitter.split(body, callIDs: ["a", "a"])
        #expect(envelopes == [.init(callID: "a", bytes: body)])
    }

    @Test("items are cut at their boundaries even with brackets, braces and escaped quotes inside strings")
    func trickyStrings() throws {
        let first = #"{"resourceUrl":"/communications/calls/a","note":"]}{[\"\\","n":[1,{"x":null}],"t":true}"#
        let second = #"{"resourceUrl":"/communications/calls/b","n":-1.5e3}"#
        let head: [UInt8] = Array(#"{"value" : [ "#.utf8) + Array(first.utf8)
        let tail: [UInt8] = Array(" ,\t\r\n".utf8) + Array(second.utf8)
        let body: [UInt8] = head + tail + Array(##" ], "@odata.type":"#microsoft.graph.commsNotifications"}"##.utf8)
        let envelopes = try NotificationEnvelopeSplitter.split(body, callIDs: ["a", "b"])
        #expect(envelopes.map { $0.callID } == ["a", "b"])
        let suffix = ##"], "@odata.type":"#microsoft.graph.commsNotifications"}"##
        #expect(String(decoding: envelopes[0].bytes, as: UTF8.self) == #"{"value" : ["# + first + suffix)
        #expect(String(decoding: envelopes[1].bytes, as: UTF8.self) == #"{"value" : ["# + second + suffix)
    }

    @Test("an escaped member name is still recognised as value")
    func escapedKey() throws {
        let body = Array(#"{"\u0076alue":[{"id":"a"},{"id":"b"}]}"#.utf8)
        let envelopes = try NotificationEnvelopeSplitter.split(body, callIDs: ["a", "b"])
        #expect(envelopes.map { String(decoding: $0.bytes, as: UTF8.self) } == [#"{"\u0076alue":[{"id":"a"}]}"#, #"{"\u0076alue":[{"id":"b"}]}"#])
    }

    @Test("two value members make the body ambiguous, and it is refused")
    func duplicateValue() {
        let body = Array(#"{"value":[{"id":"a"}],"value":[{"id":"a"},{"id":"b"}]}"#.utf8)
        #expect(throws: NotificationBodyError.self) {
            try NotificationEnvelopeSplitter.split(body, callIDs: ["a", "b"])
        }
    }

    @Test("an empty value array has no call to store")
    func emptyValue() {
        #expect(throws: NotificationBodyError.self) {
            try NotificationEnvelopeSplitter.split(Array(#"{"value":[]}"#.utf8), callIDs: [])
        }
    }
}
