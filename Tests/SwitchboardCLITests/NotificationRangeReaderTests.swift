import CallModel
import Foundation
import Kafka
import Logging
import Testing

@testable import SwitchboardCLI
import SwitchboardCLISupport

@Suite("rules replay reads a time range of the notifications topic")
struct NotificationRangeReaderTests {
    static func envelope(_ callID: String) -> [UInt8] {
        Array(
            (#"{"value":[{"changeType":"created","resourceUrl":"/communications/calls/\#(callID)","resourceData":{"#
                + #""state":"incoming","direction":"incoming","source":{"identity":{"phone":{"id":"+14255550123"}}},"#
                + #""targets":[{"identity":{"application":{"id":"24701998-1a73-4d42-8085-bf46ed0ae039"}}}],"id":"\#(callID)"}}]}"#).utf8)
    }

    @Test("records stamped before --from are left out; every partition is read; calls are decided at their received-at header")
    func timeRange() async throws {
        let logger = Logger(label: "replay-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        defer { cluster.shutdown() }
        let topic = "notifications-\(UUID().uuidString.prefix(8))"
        try cluster.createTopic(topic, partitions: 3, replicationFactor: 1)
        let client = KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client, linger: .milliseconds(1)), logger: logger)

        // Tuesday 2025-06-03 in New York: 10:00 (open) and 19:00 (closed), as the ingress stamped them.
        let open = NotificationHeaders.receivedAtValue(Date(timeIntervalSince1970: 1_748_959_200))
        let closed = NotificationHeaders.receivedAtValue(Date(timeIntervalSince1970: 1_748_991_600))
        for index in 0..<6 {
            _ = try await producer.send(
                topic: topic, key: Array("early-\(index)".utf8), value: Self.envelope("early-\(index)"),
                headers: [KafkaHeader(key: NotificationHeaders.receivedAt, string: open)])
        }
        // Record timestamps are the producer's clock in whole milliseconds: step past the early ones.
        try await Task.sleep(for: .milliseconds(20))
        let from = Date()
        try await Task.sleep(for: .milliseconds(20))
        for index in 0..<9 {
            _ = try await producer.send(
                topic: topic, key: Array("late-\(index)".utf8), value: Self.envelope("late-\(index)"),
                headers: [KafkaHeader(key: NotificationHeaders.receivedAt, string: index % 3 == 0 ? closed : open)])
        }
        _ = try await producer.send(topic: topic, key: Array("bad".utf8), value: Array("{\"value\": 1}".utf8), headers: [])
        await producer.shutdown(flushTimeout: .seconds(10))

        let rules = """
            timeZone: America/New_York
            rules:
              - name: front-desk
                when:
                  schedule: {weekdays: [mon-fri], hours: "08:00-18:00"}
                action:
                  redirect: {targets: [{phone: "+12345678901"}]}
            default:
              ignore: {reason: closed}
            """
        let old = try RoutingRules.load(yaml: rules, apiVersion: .v1)
        let new = try RoutingRules.load(yaml: rules.replacingOccurrences(of: "ignore: {reason: closed}", with: "reject: {reason: busy}"), apiVersion: .v1)
        var comparison = RuleSetComparison(old: old, new: new, sampleLimit: 10)
        let reader = NotificationRangeReader(configuration: client, topic: topic, from: from, until: nil, chunk: 2, logger: logger)
        let ranges = try await reader.read { comparison.add($0) }

        #expect(ranges.map(\.partition) == [0, 1, 2], "\(ranges)")
        #expect(comparison.records == 10, "the 9 late records and the bad one, none of the 6 early ones")
        #expect(comparison.calls == 9)
        #expect(comparison.changedCalls == 3)
        let changed = try #require(comparison.rows.first)
        #expect(Set(changed.sampleCallIDs) == ["late-0", "late-3", "late-6"])
        #expect(comparison.unevaluatedCount == 1)
        #expect(comparison.unevaluatedSamples.first?.source.hasPrefix("\(topic)[") == true)

        // A range that ends before the late records holds none of them.
        var before = RuleSetComparison(old: old, new: new)
        let earlyOnly = NotificationRangeReader(
            configuration: client, topic: topic, from: Date(timeIntervalSince1970: 0), until: from, logger: logger)
        _ = try await earlyOnly.read { before.add($0) }
        #expect(before.calls == 6)
        #expect(before.changedCalls == 0)
    }

    @Test("a topic the cluster does not have is named in the error")
    func missingTopic() async throws {
        let logger = Logger(label: "replay-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let cluster = try KafkaMockCluster(brokers: 1, logger: logger)
        defer { cluster.shutdown() }
        let reader = NotificationRangeReader(
            configuration: KafkaClientConfiguration(bootstrapServers: cluster.bootstrapServers), topic: "no-such-topic",
            from: Date(timeIntervalSince1970: 0), until: nil, timeout: .seconds(5), logger: logger)
        await #expect {
            _ = try await reader.read { _ in }
        } throws: { error in
            "\(error)".contains("no-such-topic")
        }
    }
}
