import Logging
import Testing

@testable import Observability

@Suite struct TextLogHandlerTests {
    private func lines(_ body: (inout Logger) -> Void) throws -> [String] {
        try capturedLog(TextLogLine.self, body).split(separator: "\n").map(String.init)
    }

    @Test func writesStreamLogHandlersLineWithSortedMetadata() throws {
        let written = try lines { logger in
            logger[metadataKey: "graph.tenant"] = "contoso"
            logger[metadataKey: "call.id"] = "491f0b00"
            logger.info("Call outcome", metadata: ["outcome.type": "redirected", "call.id": "overridden"])
            logger.debug("below the level, dropped")
            logger.warning("no metadata of its own")
        }
        #expect(written.count == 2)
        let first = try #require(written.first)
        // 2026-12-04T21:16:01+0000 info switchboard.worker: call.id=… [ObservabilityTests] Call outcome
        let pattern = #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4} info switchboard\.worker: (.*) \[(\w+)\] Call outcome$/#
        let match = try #require(first.wholeMatch(of: pattern))
        #expect(match.1 == "call.id=overridden graph.tenant=contoso outcome.type=redirected")
        #expect(match.2 == "ObservabilityTests")
        #expect(written[1].hasSuffix(" warning switchboard.worker: call.id=491f0b00 graph.tenant=contoso [ObservabilityTests] no metadata of its own"))
    }

    @Test func aLineWithoutMetadataHasNone() throws {
        let written = try lines { logger in logger.notice("Worker stopped") }
        #expect(written.count == 1)
        #expect(written.first?.hasSuffix(" notice switchboard.worker: [ObservabilityTests] Worker stopped") == true)
    }

    @Test func changingMetadataKeepsTheLevelAndLabel() {
        var handler = TextLogHandler(label: "switchboard.worker", logLevel: .debug)
        handler[metadataKey: "call.id"] = "491f0b00"
        #expect(handler.metadata["call.id"] == "491f0b00")
        #expect(handler.logLevel == .debug)
        #expect(handler.label == "switchboard.worker")
    }

    @Test func anErrorIsWrittenAsItsMessageAndType() throws {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused" } }
        let written = try lines { logger in logger.error("Produce failed", error: Refused()) }
        #expect(written.first?.contains("error.message=refused") == true)
        #expect(written.first?.contains("error.type=") == true)
    }
}
