public import Topology

/// How a worker consumes notifications, decides, redirects and publishes outcomes.
public struct WorkerConfiguration: Sendable {
    /// The topic Graph's notifications arrive on (key = call id). Default `calls.notifications`.
    public var notificationsTopic: String
    /// The topic outcomes are published to; co-partitioned with ``notificationsTopic``.
    /// Default `calls.redirect-outcomes`.
    public var outcomesTopic: String
    /// The dead-letter topic for records that cannot be handled. Default `calls.notifications.dlq`.
    public var deadLetterTopic: String
    /// The most records held at once (running, queued behind their call, or waiting for a partition
    /// to open) before the worker stops taking records; the consumer's buffer then pauses fetching.
    /// Default 1024.
    public var maxInFlight: Int
    /// How records of a partition are ordered. Default ``WorkerOrdering/key``.
    public var ordering: WorkerOrdering
    /// How long Graph offers a call. Default 15 s.
    public var callWindow: Duration
    /// Time kept in hand before the window closes: a notification received more than
    /// `callWindow − safetyMargin` ago is `expired` and not sent to Graph. Default 1 s.
    public var safetyMargin: Duration
    /// How long a revoke or shutdown waits for running calls before giving them up (uncommitted,
    /// so the next owner re-delivers them). Default 15 s, the call window.
    public var drainTimeout: Duration
    /// How often finished offsets are committed. Default 1 s.
    public var commitInterval: Duration
    /// How far back, on assignment, the outcomes of a partition are read to rebuild its ledger.
    /// Must cover two call windows plus clock skew (see ``CallLedgerRebuild``). Default 2 min.
    public var outcomeLookback: Duration
    /// The most outcome records read when a partition's ledger is rebuilt on a broker that cannot look
    /// offsets up by time (the newest are read). Where it can, the whole lookback is read, in chunks,
    /// whatever its size. Default 20 000.
    public var rebuildMaxRecords: Int
    /// How long an outcome is remembered, and the most outcomes remembered per partition.
    /// Defaults: the lookback, 100 000.
    public var ledgerTimeToLive: Duration
    /// See ``ledgerTimeToLive``.
    public var ledgerMaxEntriesPerPartition: Int
    /// A record without the ingress's verified tenant header is treated as suspicious (dead-lettered,
    /// not redirected). Default `true`; turn off only when records do not come through the ingress.
    public var requireVerifiedTenant: Bool
    /// The first wait before an outcome or dead-letter produce is retried; doubles up to
    /// ``produceRetryMaxBackoff``. Defaults 100 ms and 5 s.
    public var produceRetryBackoff: Duration
    /// See ``produceRetryBackoff``.
    public var produceRetryMaxBackoff: Duration
    /// How often consumer lag is measured. Default 10 s.
    public var lagInterval: Duration
    /// `ce_source` of published outcomes. Default `/switchboard/worker`.
    public var outcomeSource: String

    /// Creates a configuration; every parameter has the default documented on its property.
    public init(
        notificationsTopic: String = TopicRole.notifications.defaultName,
        outcomesTopic: String = TopicRole.outcomes.defaultName,
        deadLetterTopic: String = TopicRole.deadLetters.defaultName,
        maxInFlight: Int = 1024,
        ordering: WorkerOrdering = .key,
        callWindow: Duration = WorkerDefaults.callWindow,
        safetyMargin: Duration = .seconds(1),
        drainTimeout: Duration = WorkerDefaults.callWindow,
        commitInterval: Duration = .seconds(1),
        outcomeLookback: Duration = .seconds(120),
        rebuildMaxRecords: Int = 20_000,
        ledgerTimeToLive: Duration = .seconds(120),
        ledgerMaxEntriesPerPartition: Int = 100_000,
        requireVerifiedTenant: Bool = true,
        produceRetryBackoff: Duration = .milliseconds(100),
        produceRetryMaxBackoff: Duration = .seconds(5),
        lagInterval: Duration = .seconds(10),
        outcomeSource: String = "/switchboard/worker"
    ) {
        self.notificationsTopic = notificationsTopic
        self.outcomesTopic = outcomesTopic
        self.deadLetterTopic = deadLetterTopic
        self.maxInFlight = maxInFlight
        self.ordering = ordering
        self.callWindow = callWindow
        self.safetyMargin = safetyMargin
        self.drainTimeout = drainTimeout
        self.commitInterval = commitInterval
        self.outcomeLookback = outcomeLookback
        self.rebuildMaxRecords = rebuildMaxRecords
        self.ledgerTimeToLive = ledgerTimeToLive
        self.ledgerMaxEntriesPerPartition = ledgerMaxEntriesPerPartition
        self.requireVerifiedTenant = requireVerifiedTenant
        self.produceRetryBackoff = produceRetryBackoff
        self.produceRetryMaxBackoff = produceRetryMaxBackoff
        self.lagInterval = lagInterval
        self.outcomeSource = outcomeSource
    }
}
