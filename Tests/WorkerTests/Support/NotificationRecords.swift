import CallModel
import Foundation
import Kafka
import SeedExamples

/// Notification records as the ingress writes them.
enum NotificationRecords {
    static let tenant = "632899f8-2ea1-4604-8413-27bd2892079f"
    static let topic = "calls.notifications"

    /// A record holding `body`, with the ingress's headers.
    static func record(
        _ body: [UInt8],
        key: String?,
        partition: Int32 = 0,
        offset: Int64,
        receivedAt: Date,
        tenant: String? = NotificationRecords.tenant,
        topic: String = NotificationRecords.topic
    ) -> KafkaRecord {
        var headers = [
            KafkaHeader(key: NotificationHeaders.receivedAt, string: String(Int64(receivedAt.timeIntervalSince1970 * 1000)))
        ]
        if let tenant { headers.append(KafkaHeader(key: NotificationHeaders.tenant, string: tenant)) }
        headers.append(KafkaHeader(key: NotificationHeaders.scenarioID, string: "scenario-\(offset)"))
        return KafkaRecord(
            topic: topic,
            partition: partition,
            offset: offset,
            key: key.map { Array($0.utf8) },
            value: body,
            headers: headers,
            timestamp: KafkaTimestamp(milliseconds: Int64(receivedAt.timeIntervalSince1970 * 1000), kind: .createTime)
        )
    }

    /// A seed scenario's incoming notification with its call id replaced (seed examples 1 and 3 share one id).
    static func incoming(_ scenario: SeedScenario, callID: String) -> [UInt8] {
        replacingCallID(in: scenario.incomingNotification, scenario: scenario, with: callID)
    }

    /// A seed scenario's terminated notification with its call id replaced.
    static func terminated(_ scenario: SeedScenario, callID: String) -> [UInt8] {
        replacingCallID(in: scenario.terminatedNotification, scenario: scenario, with: callID)
    }

    /// The call id of a seed scenario's incoming notification.
    static func callID(of scenario: SeedScenario) throws -> String {
        try NotificationParser.parse(scenario.incomingNotification).value[0].callID
    }

    private static func replacingCallID(in bytes: [UInt8], scenario: SeedScenario, with callID: String) -> [UInt8] {
        var text = String(decoding: bytes, as: UTF8.self)
        for id in ["491f0b00-ffff-4bc9-a43e-b226498ec22a", "481f0b00-ffff-4ca1-8c67-a5f1e31e8e82"] {
            text = text.replacingOccurrences(of: id, with: callID)
        }
        return Array(text.utf8)
    }

    /// The seed examples' rules file (`examples/rules.yaml` at the package root).
    static func seedRules() throws -> RoutingRules {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("examples/rules.yaml"), encoding: .utf8)
        return try RoutingRules.load(yaml: text, apiVersion: .beta)
    }

    /// A weekday at 10:00 in New York, inside the example rules' business hours.
    static let businessHours = Date(timeIntervalSince1970: 1_748_959_200)  // Tuesday 2025-06-03 14:00 UTC
}
