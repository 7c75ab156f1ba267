public import CallModel
public import CoreMetrics
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization

/// The routing rules, loaded from a YAML file and reloaded when the file changes.
///
/// The file is re-read every ``pollInterval`` and compared with the last text seen, which also
/// catches a Kubernetes ConfigMap update (an atomic symlink swap that may keep the size and
/// modification time of the visible path). A new file that does not validate is logged issue by
/// issue and kept out: the rules in force stay, and `switchboard_worker_rules_valid` drops to 0
/// until a valid file arrives.
///
/// ```swift
/// let rules = try RoutingRulesFile(path: "/etc/switchboard/rules.yaml", apiVersion: .v1, logger: logger)
/// let decision = rules.current.decide(for: call, at: receivedAt)
/// ```
public final class RoutingRulesFile: Service, Sendable {
    /// What the worker does with the file's decisions.
    public enum Role: String, Sendable, Hashable {
        /// The rules the worker acts on (`--rules-file`).
        case live
        /// Candidate rules evaluated beside the live ones and only counted (`--shadow-rules-file`);
        /// their metrics are `switchboard_worker_shadow_rules_*`.
        case shadow
    }

    /// The file's path.
    public let path: String
    /// How often the file is checked for changes.
    public let pollInterval: Duration
    /// Whether these are the live or the shadow rules.
    public let role: Role
    private let apiVersion: GraphAPIVersion
    private let state: Mutex<(rules: RoutingRules, seenText: String)>
    private let metrics: WorkerMetrics
    private let logger: Logger

    /// Loads the rules file.
    ///
    /// - Parameters:
    ///   - path: The YAML file (a ConfigMap mount is fine).
    ///   - apiVersion: The Graph API version redirects go to (beta-only fields are errors with `v1.0`).
    ///   - pollInterval: How often the file is checked, default 2 s.
    ///   - role: Live (default) or shadow rules; decides the metric names and the log metadata `rules.role`.
    ///   - metricsFactory: Where reload metrics go.
    ///   - logger: Receives reload results and every issue of an invalid file.
    /// - Throws: ``WorkerError`` `rulesFileUnreadable` or `rulesFileInvalid` (with every issue).
    public convenience init(
        path: String,
        apiVersion: GraphAPIVersion,
        pollInterval: Duration = .seconds(2),
        role: Role = .live,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) throws(WorkerError) {
        try self.init(
            path: path, apiVersion: apiVersion, pollInterval: pollInterval, role: role,
            metrics: WorkerMetrics(factory: metricsFactory), logger: logger)
    }

    init(
        path: String,
        apiVersion: GraphAPIVersion,
        pollInterval: Duration,
        role: Role = .live,
        metrics: WorkerMetrics,
        logger: Logger
    ) throws(WorkerError) {
        self.path = path
        self.apiVersion = apiVersion
        self.pollInterval = pollInterval
        self.role = role
        self.metrics = metrics
        var logger = logger
        logger[metadataKey: "rules.role"] = "\(role.rawValue)"
        self.logger = logger
        let text = try Self.read(path)
        let rules = try Self.load(text, path: path, apiVersion: apiVersion)
        self.state = Mutex((rules, text))
        metrics.rulesValidGauge(role).record(1)
        logger.info("Routing rules loaded", metadata: ["rules.path": "\(path)", "rules.count": "\(rules.rules.count)"])
    }

    /// The rules in force.
    public var current: RoutingRules {
        state.withLock { $0.rules }
    }

    /// Checks the file every ``pollInterval`` until graceful shutdown or cancellation; both end it
    /// normally (a service that throws would fail the whole service group).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while true {
                do {
                    try await Task.sleep(for: self.pollInterval)
                } catch {
                    return
                }
                self.reloadIfChanged()
            }
        }
    }

    /// What a check of the file found.
    enum ReloadResult: Sendable, Equatable {
        case unchanged, reloaded, invalid, unreadable
    }

    /// Reads the file and, when its text changed, validates it and swaps it in.
    @discardableResult
    func reloadIfChanged() -> ReloadResult {
        let text: String
        do {
            text = try Self.read(path)
        } catch {
            logger.warning("Routing rules file unreadable; keeping the rules in force", metadata: ["error": "\(error)"])
            metrics.rulesReload("unreadable", role: role)
            return .unreadable
        }
        guard text != state.withLock({ $0.seenText }) else { return .unchanged }
        do {
            let rules = try Self.load(text, path: path, apiVersion: apiVersion)
            state.withLock { $0 = (rules, text) }
            metrics.rulesReload("success", role: role)
            metrics.rulesValidGauge(role).record(1)
            logger.notice("Routing rules reloaded", metadata: ["rules.path": "\(path)", "rules.count": "\(rules.rules.count)"])
            return .reloaded
        } catch {
            state.withLock { $0.seenText = text }
            metrics.rulesReload("invalid", role: role)
            metrics.rulesValidGauge(role).record(0)
            logger.error(
                "Routing rules file is invalid; keeping the rules in force",
                metadata: ["rules.path": "\(path)", "rules.issue_count": "\(error.issues.count)"]
            )
            for issue in error.issues {
                logger.error("Routing rules issue", metadata: ["rules.path": "\(path)", "rules.issue": "\(issue)"])
            }
            return .invalid
        }
    }

    private static func read(_ path: String) throws(WorkerError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WorkerError(code: .rulesFileUnreadable, message: "cannot read the routing rules file \(path) as UTF-8 text")
        }
        return text
    }

    private static func load(_ text: String, path: String, apiVersion: GraphAPIVersion) throws(WorkerError) -> RoutingRules {
        do {
            return try RoutingRules.load(yaml: text, apiVersion: apiVersion)
        } catch {
            throw WorkerError(
                code: .rulesFileInvalid,
                message: "the routing rules file \(path) is invalid",
                issues: error.issues.map { "\($0.path): \($0.message)" }
            )
        }
    }
}
