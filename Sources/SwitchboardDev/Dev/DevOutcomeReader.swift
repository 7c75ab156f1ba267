import CallModel
import Foundation
import Kafka
import Logging
import ServiceLifecycle

/// Reads the outcomes topic from the beginning into the tally, as any downstream service would:
/// a consumer group of its own, no commits.
struct DevOutcomeReader: Service {
    let client: KafkaClientConfiguration
    let topic: String
    let tally: DevTally
    let logger: Logger

    func run() async throws {
        let consumer = try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                client: client, groupID: "switchboard-dev-outcomes-\(UUID().uuidString.prefix(8).lowercased())",
                sessionTimeout: .seconds(10), heartbeatInterval: .seconds(1), autoOffsetReset: .earliest,
                autoCommitInterval: nil, fetchWaitMax: KafkaMockCluster.consumerFetchWaitMax),
            logger: logger)
        try consumer.subscribe(topics: [topic])
        await withGracefulShutdownHandler {
            do {
                for try await record in consumer.records {
                    do {
                        tally.record(try record.outcomeEvent())
                    } catch {
                        logger.warning(
                            "An outcome record is not a valid CloudEvent",
                            metadata: ["kafka.partition": "\(record.partition)", "kafka.offset": "\(record.offset)", "error": "\(error)"])
                    }
                }
            } catch {
                logger.error("Reading the outcomes topic failed", metadata: ["error": "\(error)"])
            }
        } onGracefulShutdown: {
            Task { await consumer.close() }
        }
        await consumer.close()
    }
}

extension KafkaRecord {
    /// The record as an outcome CloudEvent (binary mode: attributes in `ce_` headers).
    func outcomeEvent() throws -> OutcomeEvent {
        try OutcomeEvent(kafkaHeaders: headers.map { ($0.key, $0.stringValue ?? "") }, value: value)
    }
}
