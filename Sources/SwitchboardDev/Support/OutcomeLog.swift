import CallModel
import Kafka

/// The outcome records a bench run has read, in the order of each partition's offsets.
///
/// The embedded broker deletes a partition's oldest records once it holds about 5 MiB, and a read from a
/// deleted offset silently starts at the oldest one left. A topic the run created
/// holds every offset from 0 up (no compaction, no transactions), so a record past the next expected
/// offset means records were deleted before they were read: the log counts them, and the run stops with
/// ``problem`` instead of waiting for outcomes that will never come.
///
/// While the run goes on, only the `ce_type` header is looked at (decisions are counted from it), so
/// reading costs the measured machine little; ``events()`` decodes the records once, at the end.
struct OutcomeLog: Sendable {
    private(set) var records: [KafkaRecord] = []
    /// Records of final outcome types (the `attempting` markers and `completed` events not counted).
    private(set) var decisions = 0
    /// Offsets skipped over: deleted before they were read.
    private(set) var lost = 0
    /// The first record whose `ce_type` is not a Switchboard outcome type.
    private var foreign: String?
    private var nextOffsets: [Int32: Int64] = [:]

    /// Takes a record; one at an offset already read (reads that overlap) is not taken again.
    ///
    /// - Returns: Whether the record was new.
    @discardableResult
    mutating func append(_ record: KafkaRecord) -> Bool {
        let expected = nextOffsets[record.partition, default: 0]
        guard record.offset >= expected else { return false }
        lost += Int(record.offset - expected)
        nextOffsets[record.partition] = record.offset + 1
        records.append(record)
        let typeText = record.headers.last { $0.key == CloudEventHeaders.type }?.stringValue
        if let type = typeText.flatMap(OutcomeType.init(cloudEventType:)) {
            if type.isFinal { decisions += 1 }
        } else if foreign == nil {
            foreign = "the outcome record at partition \(record.partition), offset \(record.offset) has "
                + (typeText.map { "ce_type \($0), not a Switchboard outcome type" } ?? "no ce_type header")
        }
        return true
    }

    /// The offset to read `partition` from next.
    func nextOffset(of partition: Int32) -> Int64 { nextOffsets[partition, default: 0] }

    /// Why the run cannot count every outcome: records lost, or one that is not an outcome.
    var problem: BenchPipelineCommand.BenchError? {
        if lost > 0 {
            return BenchPipelineCommand.BenchError(
                "the embedded broker deleted \(lost) outcome records before the bench read them (it keeps about 5 MiB "
                    + "per partition); run fewer --calls or more --partitions")
        }
        return foreign.map { BenchPipelineCommand.BenchError($0) }
    }

    /// Every record read, decoded.
    ///
    /// - Throws: ``OutcomeEventError`` for a record that is not a valid outcome event.
    func events() throws -> [OutcomeEvent] {
        try records.map { record in
            try OutcomeEvent(kafkaHeaders: record.headers.map { (key: $0.key, value: $0.stringValue ?? "") }, value: record.value)
        }
    }
}
