import CRdKafka

#if canImport(Glibc)
import Glibc
#endif

/// One dedicated thread per client that serves librdkafka, woken through an eventfd.
///
/// librdkafka writes to the eventfd when its (previously empty) queue gets an event
/// (`rd_kafka_queue_io_event_enable`), and the owner writes to it to hand the thread new work.
/// The thread sleeps in `poll(2)` between wake-ups, so an idle client costs no CPU; `tick` bounds the
/// sleep so periodic duties (e.g. staying within `max.poll.interval.ms`) happen even without events.
final class KafkaPollThread: Sendable {
    /// The eventfd both librdkafka and the owner write to; closed when the last reference goes away,
    /// so a late `wake()` never writes to a reused descriptor.
    let eventFD: Int32

    /// Creates the eventfd; the thread starts with ``start(name:tick:serve:)``.
    ///
    /// - Throws: ``KafkaError/Code/fail`` when the process has no file descriptors left.
    init() throws(KafkaError) {
        let descriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard descriptor >= 0 else {
            throw KafkaError(.fail, message: "cannot create an eventfd for the Kafka poll thread (errno \(errno))")
        }
        self.eventFD = descriptor
    }

    deinit {
        close(eventFD)
    }

    /// Makes librdkafka wake this thread when `queue` gets an event. Call with the queue the thread drains.
    func wakeOnEvents(of queue: OpaquePointer) {
        var one: UInt64 = 1
        // librdkafka copies the payload.
        rd_kafka_queue_io_event_enable(queue, eventFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Stops librdkafka from writing to the eventfd (before the queue is destroyed).
    static func stopWakeups(of queue: OpaquePointer) {
        rd_kafka_queue_io_event_enable(queue, -1, nil, 0)
    }

    /// Wakes the thread so it calls `serve` soon.
    func wake() {
        var one: UInt64 = 1
        _ = write(eventFD, &one, MemoryLayout<UInt64>.size)
    }

    /// Starts the thread; it calls `serve` after every wake-up or tick until `serve` returns `false`.
    func start(name: String, tick: Duration, serve: @escaping @Sendable () -> Bool) {
        start(name: name) { serve() ? tick : nil }
    }

    /// Starts the thread; it calls `serve` after every wake-up, and `serve` says how long the thread
    /// may sleep at most before it calls again (`nil`: stop the thread).
    func start(name: String, serve: @escaping @Sendable () -> Duration?) {
        KafkaThread.detach(name: name) { [self] in
            var descriptor = pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0)
            while let sleep = serve() {
                if poll(&descriptor, 1, Self.milliseconds(roundingUp: sleep)) > 0 {
                    var counter: UInt64 = 0
                    _ = read(eventFD, &counter, MemoryLayout<UInt64>.size)
                }
            }
        }
    }

    /// `poll(2)`'s timeout for `duration`, rounded up so the thread never wakes before a deadline.
    static func milliseconds(roundingUp duration: Duration) -> Int32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        guard seconds < Int64(Int32.max / 1000) else { return Int32.max }
        return Int32(seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
