import CallModel
import Foundation
import GraphSimulator
import Kafka
import Logging

extension BenchPipelineCommand {
    /// Offers calls at the simulator and writes their notifications as the ingress would.
    struct Feed: Sendable {
        let simulator: SimulatedGraph
        let producer: KafkaProducer
        let topic: String
        let tenant: String

        /// Feeds `count` calls at `rate` per second (all at once when `nil`); returns their call ids.
        func send(_ count: Int, rate: Int?) async throws -> Set<String> {
            guard count > 0 else { return [] }
            let clock = ContinuousClock()
            let start = clock.now
            let tick = Duration.milliseconds(10)
            let perTick = rate.map { max(1, $0 / 100) } ?? count
            return try await withThrowingTaskGroup(of: String.self) { group in
                var sent = 0
                var ticks = 0
                while sent < count {
                    if rate != nil {
                        try await clock.sleep(until: start + tick * ticks)
                    }
                    for _ in 0..<min(perTick, count - sent) {
                        group.addTask { try await self.sendOne() }
                    }
                    sent += min(perTick, count - sent)
                    ticks += 1
                }
                var ids = Set<String>()
                for try await id in group { ids.insert(id) }
                return ids
            }
        }

        private func sendOne() async throws -> String {
            let call = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: tenant))
            let receivedAt = String(Int64(Date().timeIntervalSince1970 * 1000))
            _ = try await producer.send(
                topic: topic,
                key: Array(call.callID.utf8),
                value: call.notification,
                headers: [
                    KafkaHeader(key: NotificationHeaders.receivedAt, string: receivedAt),
                    KafkaHeader(key: NotificationHeaders.tenant, string: call.tenantID),
                    KafkaHeader(key: NotificationHeaders.scenarioID, string: call.scenarioID),
                ]
            )
            return call.callID
        }
    }

    /// Counts and reads the outcomes topic.
    struct OutcomeCounter: Sendable {
        let client: KafkaClientConfiguration
        let topic: String
        let partitions: Int
        let logger: Logger

        /// Waits until the topic holds `count` outcomes.
        func wait(for count: Int, timeout: Duration) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while try await total() < count {
                guard clock.now < deadline else {
                    throw BenchError("only \(try await total()) of \(count) outcomes after \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }

        func total() async throws -> Int {
            var sum: Int64 = 0
            for partition in 0..<Int32(partitions) {
                let (low, high) = try await KafkaPartitionReader.watermarks(
                    configuration: client, topic: topic, partition: partition, timeout: .seconds(10), logger: logger)
                sum += high - low
            }
            return Int(sum)
        }

        func readAll() async throws -> [OutcomeEvent] {
            var events: [OutcomeEvent] = []
            for partition in 0..<Int32(partitions) {
                let records = try await KafkaPartitionReader.read(
                    configuration: client, topic: topic, partition: partition, from: 0, until: nil,
                    timeout: .seconds(60), logger: logger)
                for record in records {
                    let headers = record.headers.map { (key: $0.key, value: $0.stringValue ?? "") }
                    events.append(try OutcomeEvent(kafkaHeaders: headers, value: record.value))
                }
            }
            return events
        }
    }

    /// A benchmark that could not complete.
    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
