import CallModel
import Kafka
import Logging
import Synchronization

/// Reads a bench run's outcomes topic while the worker writes it, into an ``OutcomeLog``.
///
/// Reading as the run goes, rather than the whole topic at the end, keeps every outcome of a long run:
/// the embedded broker deletes a partition's oldest records once it holds about 5 MiB (a few thousand
/// calls' outcomes). Each partition is read from where the last look ended, once a second, in one batch:
/// a consumer following the topic record by record took a tenth to a third of a core from the machine
/// being measured, and raised the worker's receive → Graph p99 with it.
final class OutcomeTail: Sendable {
    /// How often the partitions are read.
    static let interval = Duration.seconds(1)

    private let log = Mutex(OutcomeLog())
    private let failure = Mutex<BenchPipelineCommand.BenchError?>(nil)

    private init() {}

    /// Runs `body` while the partitions `0..<partitions` of `topic` are read from the beginning.
    static func withRunning<T: Sendable>(
        client: KafkaClientConfiguration, topic: String, partitions: Int, logger: Logger,
        _ body: (OutcomeTail) async throws -> T
    ) async throws -> T {
        let tail = OutcomeTail()
        let reading = Task { await tail.follow(client: client, topic: topic, partitions: partitions, logger: logger) }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(tail))
        } catch {
            result = .failure(error)
        }
        // Ends after the read under way, while the broker still runs.
        reading.cancel()
        await reading.value
        return try result.get()
    }

    /// The events read so far, decoded.
    ///
    /// - Throws: ``OutcomeEventError`` for a record that is not a valid outcome event.
    func events() throws -> [OutcomeEvent] { try log.withLock { $0 }.events() }

    /// Waits until `count` decisions (final outcomes) have been read.
    ///
    /// - Parameter check: Called between looks; throws to stop waiting (e.g. the worker exited).
    /// - Throws: A ``BenchPipelineCommand/BenchError`` when records were lost or could not be read, when
    ///   `check` throws, or when `timeout` passes first.
    func waitForDecisions(_ count: Int, timeout: Duration, check: () throws -> Void = {}) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let (decisions, problem) = log.withLock { ($0.decisions, $0.problem) }
            if let error = failure.withLock({ $0 }) ?? problem { throw error }
            if decisions >= count { return }
            try check()
            guard clock.now < deadline else {
                throw BenchPipelineCommand.BenchError("fewer than \(count) decided calls after \(timeout) (\(decisions) read)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func follow(client: KafkaClientConfiguration, topic: String, partitions: Int, logger: Logger) async {
        while !Task.isCancelled {
            for partition in 0..<Int32(partitions) {
                let records: [KafkaRecord]
                do {
                    records = try await KafkaPartitionReader.read(
                        configuration: client, topic: topic, partition: partition,
                        from: log.withLock { $0.nextOffset(of: partition) }, until: nil, timeout: .seconds(30), logger: logger)
                } catch {
                    let problem = BenchPipelineCommand.BenchError("reading \(topic)[\(partition)] failed: \(error)")
                    failure.withLock { $0 = $0 ?? problem }
                    return
                }
                // Offsets below the oldest one kept are skipped by the read; the log counts them as lost.
                log.withLock { log in
                    for record in records { log.append(record) }
                }
            }
            try? await Task.sleep(for: Self.interval)
        }
    }
}
