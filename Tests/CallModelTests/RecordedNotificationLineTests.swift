import CallModel
import Foundation
import Testing

@Suite("recorded-notification lines (rules replay --input)")
struct RecordedNotificationLineTests {
    @Test("Switchboard's line: the envelope and an ISO 8601 or epoch-milliseconds receive time")
    func ownFormat() throws {
        let envelope = incomingEnvelope(callID: "c1")
        let iso = try #require(
            try RecordedNotificationLine.parse(#"{"receivedAt":"2025-06-03T22:00:00.250Z","notification":\#(envelope)}"#, number: 4))
        #expect(iso.source == "line 4")
        #expect(iso.receivedAt == Date(timeIntervalSince1970: 1_748_988_000.25))
        #expect(try NotificationParser.parse(iso.body).value.first?.callID == "c1")
        let epoch = try #require(try RecordedNotificationLine.parse(#"{"receivedAt":1748988000250,"notification":\#(envelope)}"#, number: 5))
        #expect(epoch.receivedAt == iso.receivedAt)
    }

    @Test("kcat -J lines: the payload string, the received-at header before the record timestamp")
    func kcatFormat() throws {
        let payload = String(decoding: try JSONEncoder().encode(incomingEnvelope(callID: "c2")), as: UTF8.self)
        let withHeader = #"{"topic":"calls.notifications","partition":3,"offset":120,"tstype":"create","ts":1748988009999,"#
            + #""broker":1,"headers":["switchboard-received-at","1748988000000","traceparent","x"],"key":"c2","payload":\#(payload)}"#
        let record = try #require(try RecordedNotificationLine.parse(withHeader, number: 1))
        #expect(record.receivedAt == Date(timeIntervalSince1970: 1_748_988_000))
        #expect(record.source == "line 1 (calls.notifications[3]@120)")
        #expect(try NotificationParser.parse(record.body).value.first?.callID == "c2")
        let timestampOnly = #"{"topic":"t","partition":0,"offset":1,"ts":1748988009999,"payload":\#(payload)}"#
        #expect(try RecordedNotificationLine.parse(timestampOnly, number: 2)?.receivedAt == Date(timeIntervalSince1970: 1_748_988_009.999))
    }

    @Test("blank lines are nothing; bad lines name their number and what is wrong")
    func badLines() throws {
        #expect(try RecordedNotificationLine.parse("   ", number: 1) == nil)
        let cases: [(String, String)] = [
            ("{oops", "not JSON"),
            ("[1]", "expected a JSON object, found an array"),
            (#"{"notification":{"value":[]}}"#, "\"receivedAt\" is missing"),
            (#"{"receivedAt":"yesterday","notification":{"value":[]}}"#, "is not an ISO 8601 time"),
            (#"{"receivedAt":1,"notification":"x"}"#, "must be the notification envelope object"),
            (#"{"payload":{"value":[]}}"#, "kcat \"payload\" must be a string"),
            (#"{"something":1}"#, "has neither \"notification\""),
        ]
        for (line, message) in cases {
            #expect {
                try RecordedNotificationLine.parse(line, number: 7)
            } throws: { error in
                guard let error = error as? RecordedNotificationLineError else { return false }
                return error.line == 7 && error.message.contains(message) && error.description.hasPrefix("line 7: ")
            }
        }
    }
}
