import Foundation
import Logging
import Testing

@testable import Observability

@Suite struct JSONLogHandlerTests {
    @Test func writesOneJSONObjectPerLineWithMetadata() throws {
        let pipe = Pipe()
        let handler = JSONLogHandler(
            label: "switchboard.worker",
            logLevel: .debug,
            metadataProvider: nil,
            stream: LogOutputStream(handle: pipe.fileHandleForWriting)
        )
        var logger = Logger(label: "switchboard.worker") { _ in handler }
        logger[metadataKey: "component"] = "pipeline"
        logger.info("call redirected", metadata: ["call.id": "491f0b00", "graph.status": "202"])
        logger.trace("below the level, dropped")
        try pipe.fileHandleForWriting.close()

        let output = try #require(String(data: pipe.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8))
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: String]
        )
        #expect(object["message"] == "call redirected")
        #expect(object["level"] == "info")
        #expect(object["label"] == "switchboard.worker")
        #expect(object["call.id"] == "491f0b00")
        #expect(object["graph.status"] == "202")
        #expect(object["component"] == "pipeline")
        #expect(object["time"]?.hasSuffix("Z") == true)
    }
}
