import Foundation

extension RuleSetComparison {
    /// The stable JSON shape of `switchboard rules replay --format json` (documented in the README).
    public struct Report: Sendable, Hashable {
        /// One row of the diff.
        public struct Row: Sendable, Hashable {
            /// Baseline decision.
            public var old: DecisionSummary
            /// Candidate decision.
            public var new: DecisionSummary
            /// Whether the caller would be treated differently.
            public var changed: Bool
            /// Calls decided this way.
            public var calls: Int
            /// A few of them.
            public var sampleCallIds: [String]
        }

        /// Records that could not be evaluated.
        public struct UnevaluatedSummary: Sendable, Hashable {
            /// How many.
            public var count: Int
            /// How many per code.
            public var byCode: [String: Int]
            /// The first ones, named, with the reason.
            public var samples: [Unevaluated]
        }

        /// Records read.
        public var records: Int
        /// Incoming calls evaluated with both rule sets.
        public var calls: Int
        /// Calls the candidate rules treat differently.
        public var changedCalls: Int
        /// Notifications that are not incoming calls (read, not routed).
        public var otherNotifications: Int
        /// Receive time of the earliest evaluated call (ISO 8601), if any.
        public var earliestReceivedAt: String?
        /// Receive time of the latest evaluated call (ISO 8601), if any.
        public var latestReceivedAt: String?
        /// Every (old → new) pair; changed rows first, then by calls.
        public var rows: [Row]
        /// What could not be evaluated.
        public var unevaluated: UnevaluatedSummary
    }

    /// The comparison as the JSON report's value.
    public var report: Report {
        let format = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return Report(
            records: records,
            calls: calls,
            changedCalls: changedCalls,
            otherNotifications: otherNotifications,
            earliestReceivedAt: earliest.map { $0.formatted(format) },
            latestReceivedAt: latest.map { $0.formatted(format) },
            rows: rows.map {
                Report.Row(
                    old: $0.change.old, new: $0.change.new, changed: $0.change.isChange, calls: $0.calls,
                    sampleCallIds: $0.sampleCallIDs)
            },
            unevaluated: Report.UnevaluatedSummary(
                count: unevaluatedCount, byCode: unevaluatedByCode, samples: unevaluatedSamples)
        )
    }

    /// The JSON report: keys sorted, so equal comparisons give equal bytes.
    public func jsonReport() -> String {
        String(decoding: report.jsonValue.jsonBytes(prettyPrinted: true), as: UTF8.self)
    }

    public func textReport() -> String {
        var lines: [String] = []
        let percent = calls == 0 ? 0 : Double(changedCalls) * 100 / Double(calls)
        lines.append(
            "\(records) records: \(calls) calls evaluated, \(otherNotifications) other notifications (not routed), "
                + "\(unevaluatedCount) could not be evaluated")
        if let earliest, let latest {
            let format = Date.ISO8601FormatStyle()
            lines.append("calls received \(earliest.formatted(format)) … \(latest.formatted(format))")
        }
        lines.append(
            "\(changedCalls) of \(calls) calls would be handled differently ("
                + percent.formatted(.number.precision(.fractionLength(1))) + "%)")
        for row in rows {
            lines.append("")
            let calls = row.calls == 1 ? "1 call" : "\(row.calls) calls"
            lines.append((row.change.isChange ? "changed  " : "same     ") + calls)
            lines.append("  baseline  [\(row.change.old.rule)] \(row.change.old.action)")
            lines.append("  candidate [\(row.change.new.rule)] \(row.change.new.action)")
            if !row.sampleCallIDs.isEmpty {
                lines.append("  e.g. " + row.sampleCallIDs.joined(separator: ", "))
            }
        }
        if unevaluatedCount > 0 {
            lines.append("")
            let codes = unevaluatedByCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            lines.append("could not be evaluated: \(unevaluatedCount) (\(codes))")
            for sample in unevaluatedSamples {
                lines.append("  \(sample.source): [\(sample.code)] \(sample.reason)")
            }
            if unevaluatedSamples.count < unevaluatedCount {
                lines.append("  … and \(unevaluatedCount - unevaluatedSamples.count) more")
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension RuleSetComparison.Report {
    /// The report as JSON, keys sorted at every level (so equal reports give equal bytes).
    var jsonValue: JSONValue {
        let object: JSONObject = [
            "calls": .number(Double(calls)),
            "changedCalls": .number(Double(changedCalls)),
            "earliestReceivedAt": earliestReceivedAt.map(JSONValue.string) ?? .null,
            "latestReceivedAt": latestReceivedAt.map(JSONValue.string) ?? .null,
            "otherNotifications": .number(Double(otherNotifications)),
            "records": .number(Double(records)),
            "rows": .array(rows.map { row in
                .object([
                    "calls": .number(Double(row.calls)),
                    "changed": .bool(row.changed),
                    "new": row.new.jsonValue,
                    "old": row.old.jsonValue,
                    "sampleCallIds": .array(row.sampleCallIds.map(JSONValue.string)),
                ])
            }),
            "unevaluated": .object([
                "byCode": .object(JSONObject(unevaluated.byCode.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: .number(Double($0.value))) })),
                "count": .number(Double(unevaluated.count)),
                "samples": .array(unevaluated.samples.map { sample in
                    .object(["code": .string(sample.code), "reason": .string(sample.reason), "source": .string(sample.source)])
                }),
            ]),
        ]
        // Without received times (no call evaluated) those two members are left out, not null.
        return .object(JSONObject(object.members.filter { $0.value != .null }))
    }
}

extension DecisionSummary {
    var jsonValue: JSONValue { .object(["action": .string(action), "rule": .string(rule)]) }
}
