import CallModel
import Foundation
import Kafka
import Testing

@testable import SwitchboardDev

@Suite("bench pipeline: the outcome records it reads")
struct OutcomeLogTests {
    static func record(_ type: OutcomeType, call: Int, partition: Int32, offset: Int64) -> KafkaRecord {
        let finished = Date(timeIntervalSince1970: 1_764_900_000 + Double(call))
        let event = OutcomeEvent(
            outcome: CallOutcome(
                type: type, callID: "call-\(call)",
                timings: OutcomeTimings(receivedAt: finished.addingTimeInterval(-0.2), finishedAt: finished)))
        return KafkaRecord(
            topic: "bench-outcomes", partition: partition, offset: offset, key: Array(event.kafkaKey.utf8),
            value: event.value(), headers: event.kafkaHeaders().map { KafkaHeader(key: $0.key, string: $0.value) },
            timestamp: nil)
    }

    @Test("every record once: decisions count final outcomes only; nothing is lost when offsets follow on")
    func inOrder() throws {
        var log = OutcomeLog()
        let records: [(OutcomeType, call: Int, partition: Int32, offset: Int64)] = [
            (.attempting, 1, 0, 0), (.redirected, 1, 0, 1), (.attempting, 2, 1, 0), (.failed, 2, 1, 1), (.duplicate, 1, 0, 2),
        ]
        for (type, call, partition, offset) in records {
            let taken = log.append(Self.record(type, call: call, partition: partition, offset: offset))
            #expect(taken, "\(type) at \(partition):\(offset)")
        }
        #expect(log.decisions == 2)
        #expect(log.lost == 0)
        #expect(log.problem == nil)
        let events = try log.events()
        #expect(events.map(\.type) == records.map(\.0))
        #expect(events.map(\.outcome.callID) == records.map { "call-\($0.call)" })
    }

    @Test("a record read again (reads that overlap) is not counted twice")
    func readAgain() throws {
        var log = OutcomeLog()
        log.append(Self.record(.attempting, call: 1, partition: 0, offset: 0))
        log.append(Self.record(.redirected, call: 1, partition: 0, offset: 1))
        let again = log.append(Self.record(.redirected, call: 1, partition: 0, offset: 1))
        let earlier = log.append(Self.record(.attempting, call: 1, partition: 0, offset: 0))
        #expect(!again && !earlier)
        // Where the tail reads each partition from next.
        #expect(log.nextOffset(of: 0) == 2)
        #expect(log.nextOffset(of: 5) == 0)
        #expect(try log.events().count == 2)
        #expect(log.decisions == 1)
        #expect(log.problem == nil)
    }

    @Test("offsets skipped over (deleted by the broker before they were read) are counted and named")
    func deleted() throws {
        var log = OutcomeLog()
        log.append(Self.record(.redirected, call: 1, partition: 0, offset: 0))
        // The consumer was reset to the oldest offset left: 1..<157 are gone.
        log.append(Self.record(.redirected, call: 2, partition: 0, offset: 157))
        // A partition first read after its offsets 0..<4 had gone.
        log.append(Self.record(.redirected, call: 3, partition: 2, offset: 4))
        #expect(log.lost == 156 + 4)
        #expect(log.nextOffset(of: 0) == 158)
        #expect(log.decisions == 3)
        let problem = try #require(log.problem)
        #expect(problem.description.contains("deleted 160 outcome records before the bench read them"))
        #expect(problem.description.contains("--calls"))
    }

    @Test("a record that is not a Switchboard outcome stops the run, named by its place")
    func foreign() throws {
        var log = OutcomeLog()
        var stranger = Self.record(.redirected, call: 1, partition: 3, offset: 0)
        stranger.headers = stranger.headers.map {
            $0.key == CloudEventHeaders.type ? KafkaHeader(key: $0.key, string: "com.example.other") : $0
        }
        log.append(stranger)
        let problem = try #require(log.problem)
        #expect(problem.description == "the outcome record at partition 3, offset 0 has ce_type com.example.other, not a Switchboard outcome type")
        #expect(log.decisions == 0)
        #expect(throws: OutcomeEventError.self) { try log.events() }
    }
}
