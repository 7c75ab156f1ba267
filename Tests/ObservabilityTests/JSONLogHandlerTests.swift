import Foundation
import Logging
import Testing

@testable import Observability

@Suite struct JSONLogHandlerTests {
    /// The one line written, without its newline.
    private func line(_ body: (inout Logger) -> Void) throws -> String {
        let output = try capturedLog(JSONLogLine.self, level: .debug, body)
        #expect(output.hasSuffix("\n"))
        #expect(output.filter { $0 == "\n" }.count == 1)
        return String(output.dropLast())
    }

    @Test func writesOneJSONObjectPerLineWithMetadata() throws {
        let text = try line { logger in
            logger[metadataKey: "component"] = "pipeline"
            logger.info("call redirected", metadata: ["call.id": "491f0b00", "graph.status": "202"])
            logger.trace("below the level, dropped")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(object["message"] == "call redirected")
        #expect(object["level"] == "info")
        #expect(object["label"] == "switchboard.worker")
        #expect(object["call.id"] == "491f0b00")
        #expect(object["graph.status"] == "202")
        #expect(object["component"] == "pipeline")
        #expect(object["time"]?.hasSuffix("Z") == true)
    }

    @Test func keysAreSortedAndTheFixedMembersWin() throws {
        let text = try line { logger in
            logger[metadataKey: "message"] = "not the message"
            logger.info("redirected", metadata: ["zone": "b", "attempts": "1"])
        }
        let time = #/"time":"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"/#
        let stamp = try #require(text.firstMatch(of: time)).1
        #expect(
            text == #"{"attempts":"1","label":"switchboard.worker","level":"info","message":"redirected","#
                + #""source":"ObservabilityTests","time":"\#(stamp)","zone":"b"}"#)
    }

    @Test func textIsEscaped() throws {
        let text = try line { logger in
            logger.info("a \"quoted\" line\nand a second", metadata: ["path": "C:\\calls\t1"])
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(object["message"] == "a \"quoted\" line\nand a second")
        #expect(object["path"] == "C:\\calls\t1")
    }
}
