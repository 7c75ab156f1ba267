import CallModel
import Foundation
import Kafka
import Testing

@testable import SwitchboardCLI
@testable import SwitchboardCLISupport

@Suite("outcomes tail: filters and the table")
struct OutcomesTailTests {
    static let callID = "491f0b00-ffff-4bc9-a43e-b226498ec22a"
    static let finished = Date(timeIntervalSince1970: 1_748_959_200.305)

    static func record(_ type: OutcomeType, callID: String = callID, finishedAt: Date = finished) -> KafkaRecord {
        var outcome = CallOutcome(
            type: type, callID: callID, rule: RuleReference(name: "front-desk", index: 3),
            targets: [RedirectTarget(kind: .phone, id: "+12345678901")], attempts: type == .attempting ? 0 : 2,
            timings: OutcomeTimings(receivedAt: finishedAt.addingTimeInterval(-0.18), finishedAt: finishedAt))
        if type == .failed {
            outcome.graph = GraphErrorSummary(status: 403, code: "7505", message: "Request authorization tenant mismatch.")
        }
        let event = OutcomeEvent(outcome: outcome, source: "/switchboard/worker")
        return KafkaRecord(
            topic: "calls.redirect-outcomes", partition: 0, offset: 1, key: Array(callID.utf8), value: event.value(),
            headers: event.kafkaHeaders().map { KafkaHeader(key: $0.key, string: $0.value) }, timestamp: nil)
    }

    @Test("--type, --call and --since each select; together they all must hold")
    func filters() throws {
        let command = try OutcomesTailCommand.parse([
            "--kafka-bootstrap-servers", "k:9092", "--type", "failed", "--type", "redirected", "--call", Self.callID,
            "--since", "2025-06-03T14:00:00Z",
        ])
        let filter = try command.filter(now: Date())
        #expect(filter.types == [.failed, .redirected])
        #expect(filter.admits(Self.record(.failed)))
        #expect(!filter.admits(Self.record(.attempting)), "type")
        #expect(!filter.admits(Self.record(.failed, callID: "another-call")), "call")
        #expect(!filter.admits(Self.record(.failed, finishedAt: Self.finished.addingTimeInterval(-3600))), "since")
        #expect(OutcomeFilter().admits(Self.record(.attempting)), "no filter hides nothing")
    }

    @Test("--since takes a duration ago; bad types, times and formats are refused with what is expected")
    func refusals() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let tenMinutes = try OutcomesTailCommand.parse(["--kafka-bootstrap-servers", "k:9092", "--since", "10m"]).filter(now: now)
        #expect(tenMinutes.since == now.addingTimeInterval(-600))
        #expect { try OutcomesTailCommand.parse(["--kafka-bootstrap-servers", "k:9092", "--type", "lost"]).filter(now: now) }
            throws: { "\($0)".contains("redirected") }
        #expect { try OutcomesTailCommand.parse(["--kafka-bootstrap-servers", "k:9092", "--since", "yesterday"]).filter(now: now) }
            throws: { "\($0)".contains("RFC 3339") }
        #expect { try OutcomesTailCommand.parse(["--kafka-bootstrap-servers", "k:9092", "--format", "xml"]).rendersTable(standardOutputIsTerminal: true) }
            throws: { "\($0)".contains("table or json") }
        let piped = try OutcomesTailCommand.parse(["--kafka-bootstrap-servers", "k:9092"])
        #expect(try piped.rendersTable(standardOutputIsTerminal: true))
        #expect(try !piped.rendersTable(standardOutputIsTerminal: false))
    }

    @Test("a table line names the time, type, call, rule and what happened")
    func tableLine() {
        let failed = OutcomeTableLine.render(Self.record(.failed))
        #expect(failed.hasPrefix("14:00:00.305  failed       \(Self.callID)  front-desk"))
        #expect(failed.contains("Graph 403 7505: Request authorization tenant mismatch.; 2 attempts; 180 ms"))
        #expect(OutcomeTableLine.render(Self.record(.redirected)).contains("→ phone:+12345678901"))
        #expect(OutcomeTableLine.header.hasPrefix("TIME          TYPE         CALL"))
    }
}
