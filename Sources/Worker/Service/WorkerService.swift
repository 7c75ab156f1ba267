import CallModel
public import CoreMetrics
import Foundation
public import Graph
public import Kafka
public import Logging
public import Observability
public import ServiceLifecycle

/// The worker: consumes Graph's call notifications, redirects incoming calls within their window,
/// and publishes one outcome per call result.
///
/// Records of one call (record key) are handled in offset order; records of different calls run
/// concurrently, also within a partition, up to ``WorkerConfiguration/maxInFlight`` held records.
/// The committed offset of a partition is its lowest unfinished offset, committed every
/// ``WorkerConfiguration/commitInterval`` and when partitions are revoked, so a crash re-delivers
/// unfinished work and never skips it.
///
/// ```swift
/// let worker = try WorkerService(
///     configuration: WorkerConfiguration(),
///     consumerConfiguration: KafkaConsumerConfiguration(client: kafka, groupID: "switchboard-worker"),
///     producer: producer, graph: graph, rules: rules, metricsFactory: metrics, logger: logger)
/// let group = ServiceGroup(services: [rules, worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
/// try await group.run()
/// ```
/// - Important: On graceful shutdown the worker stops taking records, lets running calls finish (at
///   most ``WorkerConfiguration/drainTimeout``), commits, and leaves the group. The producer and the
///   Graph client are the caller's to shut down afterwards.
public final class WorkerService: Service, Sendable {
    /// The worker's settings.
    public let configuration: WorkerConfiguration
    let consumer: any NotificationConsuming
    let work: InFlightWork<PendingRecord>
    let ledgers: PartitionLedgers
    let processor: NotificationProcessor
    let rebalance: WorkerRebalanceHandler
    let lifecycle: WorkerLifecycle
    let history: any PartitionHistoryReading
    let metrics: WorkerMetrics
    let logger: Logger
    let jobs: AsyncStream<InFlightWork<PendingRecord>.Item>
    let jobsContinuation: AsyncStream<InFlightWork<PendingRecord>.Item>.Continuation

    /// Creates a worker and its consumer-group member.
    ///
    /// - Parameters:
    ///   - configuration: Topics, ordering, bounds and timeouts.
    ///   - consumerConfiguration: The group and connection. The worker commits explicitly, so
    ///     automatic commits are turned off, and the rebalance timeout is raised above the drain timeout.
    ///   - producer: Publishes outcomes and dead letters (idempotent, `acks=all`).
    ///   - graph: Sends redirects.
    ///   - rules: The routing rules file (run it as a service too, to pick up changes).
    ///   - shadowRules: Candidate rules decided beside the live ones for every call and only counted
    ///     (`switchboard_worker_shadow_disagreements_total`); run it as a service too. Default: none.
    ///   - metricsFactory: Where the worker's metrics go.
    ///   - logger: The worker's logger.
    /// - Throws: ``WorkerError`` `kafka` when the consumer cannot be created, `invalidConfiguration`
    ///   for settings out of range.
    public convenience init(
        configuration: WorkerConfiguration,
        consumerConfiguration: KafkaConsumerConfiguration,
        producer: KafkaProducer,
        graph: GraphClient,
        rules: RoutingRulesFile,
        shadowRules: RoutingRulesFile? = nil,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) throws(WorkerError) {
        var consumerConfiguration = consumerConfiguration
        consumerConfiguration.autoCommitInterval = nil
        consumerConfiguration.rebalanceTimeout = max(
            consumerConfiguration.rebalanceTimeout, configuration.drainTimeout + .seconds(10))
        let settings = consumerConfiguration
        try self.init(
            configuration: configuration,
            makeConsumer: { listener throws(WorkerError) in
                do {
                    return KafkaNotificationConsumer(
                        try KafkaConsumer(configuration: settings, logger: logger, rebalanceListener: listener))
                } catch {
                    throw WorkerError(code: .kafka, message: "cannot create the Kafka consumer: \(error)")
                }
            },
            publisher: producer,
            redirector: graph,
            history: KafkaPartitionHistory(configuration: settings.client, timeout: .seconds(10), logger: logger),
            rules: { rules.current },
            shadowRules: Self.current(shadowRules),
            metrics: WorkerMetrics(factory: metricsFactory),
            now: { Date() },
            logger: logger
        )
    }

    /// The rules in force of an optional rules file.
    private static func current(_ file: RoutingRulesFile?) -> (@Sendable () -> RoutingRules)? {
        guard let file else { return nil }
        return { file.current }
    }

    /// Creates a worker over seams (tests use fakes for Graph, Kafka and the clock).
    init(
        configuration: WorkerConfiguration,
        makeConsumer: (any KafkaRebalanceListener) throws(WorkerError) -> any NotificationConsuming,
        publisher: any RecordPublishing,
        redirector: any CallRedirecting,
        history: any PartitionHistoryReading,
        rules: @escaping @Sendable () -> RoutingRules,
        shadowRules: (@Sendable () -> RoutingRules)? = nil,
        metrics: WorkerMetrics,
        now: @escaping @Sendable () -> Date,
        rebuildDeadline: Duration = .seconds(30),
        logger: Logger
    ) throws(WorkerError) {
        try Self.validate(configuration)
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.history = history
        let work = InFlightWork<PendingRecord>(maxHeld: configuration.maxInFlight)
        let ledgers = PartitionLedgers(
            timeToLive: configuration.ledgerTimeToLive,
            maxEntriesPerPartition: configuration.ledgerMaxEntriesPerPartition
        )
        let lifecycle = WorkerLifecycle()
        self.work = work
        self.ledgers = ledgers
        self.lifecycle = lifecycle
        (jobs, jobsContinuation) = AsyncStream.makeStream(of: InFlightWork<PendingRecord>.Item.self)
        processor = NotificationProcessor(
            configuration: configuration,
            redirector: redirector,
            publisher: OutcomePublisher(
                sink: publisher,
                configuration: configuration,
                isOwned: { partition, generation in work.generation(of: partition) == generation },
                metrics: metrics,
                now: now
            ),
            ledgers: ledgers,
            rules: rules,
            metrics: metrics,
            now: now,
            logger: logger,
            shadow: shadowRules.map { ShadowRules(rules: $0, metrics: metrics, now: now) }
        )
        let continuation = jobsContinuation
        rebalance = WorkerRebalanceHandler(
            configuration: configuration,
            work: work,
            ledgers: ledgers,
            rebuild: CallLedgerRebuild(
                history: history, configuration: configuration, ledgers: ledgers, metrics: metrics, now: now,
                rebuildDeadline: rebuildDeadline, logger: logger),
            lifecycle: lifecycle,
            start: { items in for item in items { continuation.yield(item) } },
            metrics: metrics,
            logger: logger
        )
        consumer = try makeConsumer(rebalance)
    }

    private static func validate(_ configuration: WorkerConfiguration) throws(WorkerError) {
        func fail(_ message: String) -> WorkerError { WorkerError(code: .invalidConfiguration, message: message) }
        guard configuration.maxInFlight > 0 else { throw fail("maxInFlight must be positive") }
        guard configuration.rebuildMaxRecords > 0, configuration.ledgerMaxEntriesPerPartition > 0 else {
            throw fail("rebuildMaxRecords and ledgerMaxEntriesPerPartition must be positive")
        }
        guard configuration.safetyMargin >= .zero, configuration.safetyMargin < configuration.callWindow else {
            throw fail("the safety margin must be at least 0 and less than the \(configuration.callWindow) call window")
        }
        guard configuration.outcomeLookback >= configuration.callWindow * 2 else {
            throw fail("the outcome lookback must cover at least two call windows (\(configuration.callWindow * 2))")
        }
        guard configuration.ledgerTimeToLive >= configuration.callWindow * 2 else {
            throw fail("the ledger time to live must cover at least two call windows (\(configuration.callWindow * 2))")
        }
        guard configuration.drainTimeout >= .zero, configuration.commitInterval > .zero else {
            throw fail("the drain timeout must not be negative and the commit interval must be positive")
        }
    }

    /// Whether the worker consumes: running, assigned at least once, and not shutting down.
    public var readiness: HealthStatus {
        let (ready, detail) = lifecycle.readiness
        guard ready else { return HealthStatus(isReady: false, detail: detail) }
        return HealthStatus(isReady: true, detail: "\(detail) \(work.assignedPartitions.count) partitions")
    }

    /// Records running and records held (running, queued behind their call, or waiting for an assignment).
    public var load: (inFlight: Int, held: Int) {
        (work.inFlight, work.held)
    }
}
