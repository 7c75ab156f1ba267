import CallModel
import Foundation
import Kafka
import Logging
import Metrics
import Prometheus

@testable import Worker

/// A `NotificationProcessor` over fakes, with partition 0 assigned (generation 1) and a wall clock
/// that starts at `start` and advances with real time.
struct ProcessorHarness {
    let publisher: FakePublisher
    let redirector: FakeRedirector
    let ledgers: PartitionLedgers
    let processor: NotificationProcessor
    let registry = PrometheusCollectorRegistry()
    let owned = LockedBox(true)
    let clock: TestWallClock
    let configuration: WorkerConfiguration

    init(
        rules: RoutingRules,
        shadowRules: RoutingRules? = nil,
        start: Date = NotificationRecords.businessHours,
        configuration: WorkerConfiguration = WorkerConfiguration(produceRetryBackoff: .milliseconds(5)),
        redirector: FakeRedirector = FakeRedirector(),
        publisher: FakePublisher = FakePublisher()
    ) {
        self.redirector = redirector
        self.publisher = publisher
        self.configuration = configuration
        clock = TestWallClock(start: start)
        ledgers = PartitionLedgers(timeToLive: .seconds(120), maxEntriesPerPartition: 1000)
        ledgers.install(ledgers.makeLedger(), partition: 0, generation: 1)
        let metrics = WorkerMetrics(factory: PrometheusMetricsFactory(registry: registry))
        let clock = self.clock
        let owned = self.owned
        processor = NotificationProcessor(
            configuration: configuration,
            redirector: redirector,
            publisher: OutcomePublisher(
                sink: publisher,
                configuration: configuration,
                isOwned: { _, _ in owned.value },
                metrics: metrics,
                now: { clock.now }
            ),
            ledgers: ledgers,
            rules: { rules },
            metrics: metrics,
            now: { clock.now },
            logger: Logger(label: "test"),
            shadow: shadowRules.map { shadow in ShadowRules(rules: { shadow }, metrics: metrics, now: { clock.now }) }
        )
    }

    func process(_ record: KafkaRecord) async -> NotificationProcessor.Completion {
        await processor.process(record, parsed: nil, generation: 1)
    }

    /// The outcomes published, without the `attempting` markers written ahead of Graph attempts.
    var outcomes: [OutcomeEvent] {
        publisher.sent(to: configuration.outcomesTopic).compactMap(\.outcome).filter { $0.type != .attempting }
    }

    /// The `attempting` markers published, in order.
    var attemptMarkers: [OutcomeEvent] {
        publisher.sent(to: configuration.outcomesTopic).compactMap(\.outcome).filter { $0.type == .attempting }
    }

    var deadLetters: [FakePublisher.Sent] {
        publisher.sent(to: configuration.deadLetterTopic)
    }

    func metricsText() -> String {
        String(decoding: registry.emitToBuffer(), as: UTF8.self)
    }
}

/// A wall clock that starts at a chosen instant and advances with real time.
final class TestWallClock: Sendable {
    let start: Date
    let reference = ContinuousClock.now

    init(start: Date) {
        self.start = start
    }

    var now: Date {
        start.addingTimeInterval((ContinuousClock.now - reference).timeInterval)
    }
}
