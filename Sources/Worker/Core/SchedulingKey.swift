/// What orders records: records with equal keys run one at a time, in offset order; records with
/// different keys run concurrently.
enum SchedulingKey: Hashable, Sendable {
    /// Key-ordered mode: the record key (the call id) within its partition.
    case key(partition: Int32, bytes: [UInt8])
    /// Partition-ordered mode (the usual consumer, kept as a baseline): one record at a time per partition.
    case partition(Int32)
    /// A record with no key and no readable call id: nothing to order it with, so it runs on its own.
    case record(partition: Int32, offset: Int64)

    /// Hashes a record key's bytes as one block: an array hashes byte by byte, and the scheduler hashes
    /// each record's key several times (its queue, its partition's set of keys).
    func hash(into hasher: inout Hasher) {
        switch self {
        case .key(let partition, let bytes):
            hasher.combine(0 as UInt8)
            hasher.combine(partition)
            hasher.combine(bytes.count)
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        case .partition(let partition):
            hasher.combine(1 as UInt8)
            hasher.combine(partition)
        case .record(let partition, let offset):
            hasher.combine(2 as UInt8)
            hasher.combine(partition)
            hasher.combine(offset)
        }
    }

    /// The partition the key belongs to; keys never span partitions.
    var partition: Int32 {
        switch self {
        case .key(let partition, _), .partition(let partition), .record(let partition, _): partition
        }
    }
}

/// How the worker orders the records of a partition.
public enum WorkerOrdering: String, Sendable, CaseIterable {
    /// Records of one call (record key) run in offset order; different calls run concurrently,
    /// also within a partition. A slow redirect holds up only its own call.
    case key
    /// One record at a time per partition, as a plain consumer does. A benchmark baseline only:
    /// one slow redirect delays every call behind it on the partition.
    case partition
}
