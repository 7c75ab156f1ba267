/// The records a ``KafkaConsumer`` hands out, as an `AsyncSequence`.
///
/// Supports one iterator at a time. It ends (returns `nil`) once the consumer closes, and throws a
/// fatal ``KafkaError`` when librdkafka raises one. A cancelled `next()` returns `nil` without ending the sequence.
public struct KafkaRecordSequence: AsyncSequence, Sendable {
    public typealias Element = KafkaRecord
    public typealias Failure = KafkaError

    let core: ConsumerCore

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(core: core)
    }

    /// Iterates the consumer's records.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let core: ConsumerCore

        public mutating func next() async throws(KafkaError) -> KafkaRecord? {
            try await core.nextRecord()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async throws(KafkaError) -> KafkaRecord? {
            try await core.nextRecord()
        }
    }
}

extension ConsumerCore {
    /// The next buffered record; suspends until one arrives, the consumer closes, or the task is cancelled.
    func nextRecord() async throws(KafkaError) -> KafkaRecord? {
        let (fast, wake) = state.withLock { $0.nextRecord() }
        if wake { pollThread.wake() }
        switch fast {
        case .record(let record): return record
        case .end: return nil
        case .failure(let error): throw error
        case .empty: break
        }
        let id = state.withLock { $0.makeWaiterID() }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let (immediate, wake) = state.withLock { $0.wait(continuation, id: id, isCancelled: Task.isCancelled) }
                if wake { pollThread.wake() }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            state.withLock { $0.cancelWait(id) }?.resume(returning: .success(nil))
        }
        return try result.get()
    }
}
