import CallModel
import Foundation
import Kafka
import Logging
import Prometheus
import SeedExamples
import ServiceLifecycle

@testable import Worker

/// A `WorkerService` over a fake consumer, producer, Graph and history.
struct WorkerHarness {
    let worker: WorkerService
    let consumer: FakeConsumer
    let publisher = FakePublisher()
    let redirector: FakeRedirector
    let history = FakeHistory()
    let registry = PrometheusCollectorRegistry()
    let clock: TestWallClock
    let configuration: WorkerConfiguration

    init(
        configuration: WorkerConfiguration = WorkerConfiguration(commitInterval: .milliseconds(50)),
        rules: RoutingRules,
        redirector: FakeRedirector = FakeRedirector()
    ) throws {
        self.configuration = configuration
        self.redirector = redirector
        let clock = TestWallClock(start: NotificationRecords.businessHours)
        self.clock = clock
        let consumerBox = LockedBox<FakeConsumer?>(nil)
        worker = try WorkerService(
            configuration: configuration,
            makeConsumer: { listener in
                let consumer = FakeConsumer(listener: listener)
                consumerBox.value = consumer
                return consumer
            },
            publisher: publisher,
            redirector: redirector,
            history: history,
            rules: { rules },
            metrics: WorkerMetrics(factory: PrometheusMetricsFactory(registry: registry)),
            now: { clock.now },
            logger: Logger(label: "worker-test")
        )
        guard let consumer = consumerBox.value else { preconditionFailure("the worker creates its consumer in init") }
        self.consumer = consumer
    }

    static func partition(_ number: Int32) -> KafkaTopicPartition {
        KafkaTopicPartition(topic: NotificationRecords.topic, partition: number)
    }

    /// An incoming call notification for `callID` at `offset` of partition `partition`, received now.
    func incoming(callID: String, offset: Int64, partition: Int32 = 0, scenario: Int = 0) throws -> KafkaRecord {
        NotificationRecords.record(
            NotificationRecords.incoming(try SeedScenarioCache.all[scenario], callID: callID),
            key: callID, partition: partition, offset: offset, receivedAt: clock.now)
    }

    /// The outcomes published, without the `attempting` markers written ahead of Graph attempts.
    var outcomes: [OutcomeEvent] {
        publisher.sent(to: configuration.outcomesTopic).compactMap(\.outcome).filter { $0.type != .attempting }
    }

    /// The `attempting` markers published, in order.
    var attemptMarkers: [OutcomeEvent] {
        publisher.sent(to: configuration.outcomesTopic).compactMap(\.outcome).filter { $0.type == .attempting }
    }

    /// Runs the worker in a service group for the body, then shuts it down gracefully.
    func run<T: Sendable>(_ body: @Sendable (ServiceGroup) async throws -> T) async throws -> T {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [worker], logger: Logger(label: "group")))
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            let result = try await body(group)
            await group.triggerGracefulShutdown()
            while let next = try await tasks.next() {
                if next == nil { break }
            }
            return result
        }
    }
}

/// Waits until `condition` holds, polling, for at most `timeout`; returns whether it held.
@discardableResult
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while !condition() {
        guard clock.now < deadline else { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}

/// The seed scenarios, loaded once.
enum SeedScenarioCache {
    static var all: [SeedScenario] {
        get throws { try SeedScenario.all() }
    }
}
