import CRdKafka

/// A reference to an `rd_kafka_queue_t`.
///
/// librdkafka queues are thread-safe; each owner destroys its reference exactly once, on its poll
/// thread, before the handle is destroyed, which is why the pointer may be shared.
struct RDKafkaQueue: @unchecked Sendable {
    let pointer: OpaquePointer

    /// The handle's main queue (delivery reports, errors, logs).
    static func main(of handle: OpaquePointer) -> RDKafkaQueue {
        RDKafkaQueue(pointer: rd_kafka_queue_get_main(handle))
    }

    /// Releases this reference.
    func destroy() {
        rd_kafka_queue_destroy(pointer)
    }
}
