/// Where accepted notifications are stored: the notifications topic in Kafka; an in-memory fake in tests.
protocol NotificationSink: Sendable {
    /// Stores one record and returns where it was stored.
    ///
    /// Returns only once the broker acknowledged the record (all in-sync replicas); throws
    /// ``StoreDeadlineExceeded`` when that has not happened by `deadline`, and other errors when it
    /// cannot be stored. After a deadline failure (or a cancellation) the record may still be stored
    /// later: never acknowledged to the sender, so at worst stored twice, never lost.
    func send(
        key: [UInt8],
        value: [UInt8],
        headers: [NotificationRecordHeader],
        deadline: ContinuousClock.Instant
    ) async throws -> NotificationPosition

    /// Whether the cluster answered a metadata request within `timeout`.
    func isReachable(timeout: Duration) async -> Bool

    /// Waits up to `flushTimeout` for records in flight, then releases the connection.
    func shutdown(flushTimeout: Duration) async
}

/// A header of a notification record.
struct NotificationRecordHeader: Sendable, Hashable {
    var name: String
    var value: String
}

/// Where a notification record was stored.
struct NotificationPosition: Sendable, Hashable {
    var partition: Int32
    var offset: Int64
}
