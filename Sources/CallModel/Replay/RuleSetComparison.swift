public import Foundation

/// Counts, call by call, how two rule sets decide the same recorded notifications: calls per
/// (old decision → new decision), with a few sample call ids per row.
///
/// Memory stays bounded however many records stream through: rows are keyed by the pair of
/// decisions (at most (rules + 2)² of them), each row keeps at most ``sampleLimit`` call ids, and at
/// most ``unevaluatedSampleLimit`` records that could not be evaluated are named (all are counted).
///
/// ```swift
/// var comparison = RuleSetComparison(old: current, new: candidate)
/// for record in records { comparison.add(record) }
/// print(comparison.textReport())
/// ```
public struct RuleSetComparison: Sendable {
    /// One (old decision → new decision) pair.
    public struct Change: Sendable, Hashable, Comparable {
        /// What the baseline rules decided.
        public var old: DecisionSummary
        /// What the candidate rules decided.
        public var new: DecisionSummary

        /// Creates a pair.
        public init(old: DecisionSummary, new: DecisionSummary) {
            self.old = old
            self.new = new
        }

        /// Whether the caller would be treated differently.
        public var isChange: Bool { old.disagrees(with: new) }

        /// Orders by old, then new decision.
        public static func < (lhs: Change, rhs: Change) -> Bool {
            lhs.old == rhs.old ? lhs.new < rhs.new : lhs.old < rhs.old
        }
    }

    /// The calls of one ``Change``.
    public struct Row: Sendable, Hashable {
        /// The pair of decisions.
        public var change: Change
        /// How many calls were decided this way.
        public var calls: Int
        /// The first call ids seen, at most ``RuleSetComparison/sampleLimit``.
        public var sampleCallIDs: [String]
    }

    /// A record (or one notification of it) that could not be evaluated, and why.
    public struct Unevaluated: Sendable, Hashable {
        /// Where it came from (`line 7`, `calls.notifications[2]@118`).
        public var source: String
        /// A short stable code: `no-receive-time` or a notification parse error code.
        public var code: String
        /// What is wrong, for a person.
        public var reason: String
    }

    /// The baseline rules.
    public let old: RoutingRules
    /// The candidate rules.
    public let new: RoutingRules
    /// Call ids kept per row, default 3.
    public let sampleLimit: Int
    /// Unevaluated records named in the report, default 20 (all are counted).
    public let unevaluatedSampleLimit: Int

    /// Records read.
    public private(set) var records = 0
    /// Incoming-call notifications evaluated with both rule sets.
    public private(set) var calls = 0
    /// Notifications that are not incoming calls (`terminated`, `updated`…): read, not routed.
    public private(set) var otherNotifications = 0
    /// Records or notifications that could not be evaluated, by code.
    public private(set) var unevaluatedByCode: [String: Int] = [:]
    /// The first unevaluated records, with reasons.
    public private(set) var unevaluatedSamples: [Unevaluated] = []
    /// The earliest and latest receive times of evaluated calls.
    public private(set) var earliest: Date?
    /// See ``earliest``.
    public private(set) var latest: Date?
    private var rowsByChange: [Change: Row] = [:]

    /// Starts an empty comparison.
    ///
    /// - Parameters:
    ///   - old: The rules in force (the baseline).
    ///   - new: The candidate rules.
    ///   - sampleLimit: Call ids kept per row.
    ///   - unevaluatedSampleLimit: Unevaluated records named.
    public init(old: RoutingRules, new: RoutingRules, sampleLimit: Int = 3, unevaluatedSampleLimit: Int = 20) {
        self.old = old
        self.new = new
        self.sampleLimit = max(0, sampleLimit)
        self.unevaluatedSampleLimit = max(0, unevaluatedSampleLimit)
    }

    /// Evaluates every incoming-call notification of `record` with both rule sets at the call's own
    /// receive time, so schedules and holidays apply as they did when the call rang.
    public mutating func add(_ record: RecordedNotification) {
        records += 1
        let notifications: CommsNotifications
        do {
            notifications = try NotificationParser.parse(record.body)
        } catch {
            unevaluated(record.source, code: error.code.rawValue, reason: error.message)
            return
        }
        for notification in notifications.value {
            guard notification.isIncomingCall, let call = notification.resourceData else {
                otherNotifications += 1
                continue
            }
            guard let receivedAt = record.receivedAt else {
                unevaluated(
                    record.source, code: "no-receive-time",
                    reason: "call \(notification.callID) has no receive time (neither a switchboard-received-at header nor a timestamp)")
                continue
            }
            add(
                callID: notification.callID,
                old: DecisionSummary(old.decide(for: call, at: receivedAt)),
                new: DecisionSummary(new.decide(for: call, at: receivedAt)))
            earliest = min(earliest ?? receivedAt, receivedAt)
            latest = max(latest ?? receivedAt, receivedAt)
        }
    }

    /// Counts a record that could not be read at all (the caller names it and says why).
    public mutating func unevaluated(_ source: String, code: String, reason: String) {
        unevaluatedByCode[code, default: 0] += 1
        if unevaluatedSamples.count < unevaluatedSampleLimit {
            unevaluatedSamples.append(Unevaluated(source: source, code: code, reason: reason))
        }
    }

    mutating func add(callID: String, old: DecisionSummary, new: DecisionSummary) {
        calls += 1
        let change = Change(old: old, new: new)
        var row = rowsByChange[change] ?? Row(change: change, calls: 0, sampleCallIDs: [])
        row.calls += 1
        if row.sampleCallIDs.count < sampleLimit { row.sampleCallIDs.append(callID) }
        rowsByChange[change] = row
    }

    /// Every row: changed calls first, then by number of calls (most first), then by decisions.
    public var rows: [Row] {
        rowsByChange.values.sorted { lhs, rhs in
            if lhs.change.isChange != rhs.change.isChange { return lhs.change.isChange }
            if lhs.calls != rhs.calls { return lhs.calls > rhs.calls }
            return lhs.change < rhs.change
        }
    }

    /// Calls the candidate rules would treat differently.
    public var changedCalls: Int {
        rowsByChange.values.reduce(0) { $0 + ($1.change.isChange ? $1.calls : 0) }
    }

    /// Records or notifications that could not be evaluated.
    public var unevaluatedCount: Int {
        unevaluatedByCode.values.reduce(0, +)
    }
}
