import Testing

@testable import Kafka

@Suite("Configuration mapping")
struct ConfigurationTests {
    let client = KafkaClientConfiguration(bootstrapServers: "kafka-0:9092,kafka-1:9092")

    @Test("the producer is idempotent with acks=all by default")
    func producerDefaults() throws {
        let properties = try KafkaProducerConfiguration(client: client).properties()
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties["bootstrap.servers"] == "kafka-0:9092,kafka-1:9092")
        #expect(properties["message.timeout.ms"] == "30000")
        #expect(properties["linger.ms"] == "5")
        #expect(properties["partitioner"] == "murmur2_random")
    }

    @Test("idempotence with acks other than all is refused before librdkafka sees it")
    func idempotenceNeedsAcksAll() {
        let configuration = KafkaProducerConfiguration(client: client, acknowledgements: .leader)
        #expect(throws: KafkaError(.invalidArgument)) { try configuration.properties() }
        #expect(throws: Never.self) {
            try KafkaProducerConfiguration(client: client, idempotent: false, acknowledgements: .leader).properties()
        }
    }

    @Test("the consumer never stores offsets itself and commits only when asked")
    func consumerOffsets() throws {
        let manual = try KafkaConsumerConfiguration(client: client, groupID: "workers", autoCommitInterval: nil).properties()
        #expect(manual["enable.auto.offset.store"] == "false")
        #expect(manual["enable.auto.commit"] == "false")
        let periodic = try KafkaConsumerConfiguration(client: client, groupID: "workers", autoCommitInterval: .seconds(2)).properties()
        #expect(periodic["enable.auto.commit"] == "true")
        #expect(periodic["auto.commit.interval.ms"] == "2000")
        #expect(periodic["enable.auto.offset.store"] == "false")
        #expect(periodic["partition.assignment.strategy"] == KafkaConsumerConfiguration.AssignmentStrategy.cooperativeSticky.rawValue)
    }

    @Test("pass-through properties reach librdkafka and win over typed settings")
    func passThrough() throws {
        var client = client
        client.additionalProperties = ["socket.keepalive.enable": "true", "client.id": "override"]
        let properties = try KafkaProducerConfiguration(client: client).properties()
        #expect(properties["socket.keepalive.enable"] == "true")
        #expect(properties["client.id"] == "override")
    }

    @Test("a waiting fetch is bounded at 25 ms by default; the typed setting and a pass-through override it")
    func fetchWait() throws {
        #expect(try KafkaConsumerConfiguration(client: client, groupID: "g").properties()["fetch.wait.max.ms"] == "25")
        let typed = try KafkaConsumerConfiguration(client: client, groupID: "g", fetchWaitMax: .milliseconds(100)).properties()
        #expect(typed["fetch.wait.max.ms"] == "100")
        var passThrough = client
        passThrough.additionalProperties = ["fetch.wait.max.ms": "500"]
        #expect(try KafkaConsumerConfiguration(client: passThrough, groupID: "g").properties()["fetch.wait.max.ms"] == "500")
        #expect(throws: KafkaError(.invalidArgument)) {
            try KafkaConsumerConfiguration(client: client, groupID: "g", fetchWaitMax: .zero).properties()
        }
    }

    @Test("properties the consumer manages cannot be passed through")
    func managedPropertiesRejected() {
        var client = client
        client.additionalProperties = ["enable.auto.offset.store": "true"]
        #expect(throws: KafkaError(.invalidArgument)) {
            try KafkaConsumerConfiguration(client: client, groupID: "g").properties()
        }
    }

    @Test("SASL over TLS maps to librdkafka's properties, and secrets never show in descriptions")
    func security() {
        var client = client
        client.security = KafkaSecurityConfiguration(
            securityProtocol: .saslSSL,
            saslMechanism: .scramSHA512,
            saslUsername: "switchboard",
            saslPassword: "hunter2",
            caLocation: "/etc/ssl/kafka-ca.pem"
        )
        client.additionalProperties = ["sasl.oauthbearer.client.secret": "s3cr3t"]
        let properties = client.properties
        #expect(properties["security.protocol"] == "sasl_ssl")
        #expect(properties["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(properties["sasl.username"] == "switchboard")
        #expect(properties["sasl.password"] == "hunter2")
        #expect(properties["ssl.ca.location"] == "/etc/ssl/kafka-ca.pem")
        #expect(properties["ssl.endpoint.identification.algorithm"] == "https")
        #expect(!client.description.contains("hunter2"))
        #expect(!client.description.contains("s3cr3t"))
        #expect(client.description.contains("switchboard"))
    }

    @Test("plain text sends no TLS or SASL settings")
    func plaintext() {
        let properties = client.properties
        #expect(properties["security.protocol"] == "plaintext")
        #expect(properties["sasl.mechanisms"] == nil)
        #expect(properties["ssl.endpoint.identification.algorithm"] == nil)
    }

    @Test("an unknown librdkafka property is reported by name when the client is created")
    func unknownProperty() {
        var client = client
        client.additionalProperties = ["no.such.property": "1"]
        #expect {
            try KafkaProducer(configuration: KafkaProducerConfiguration(client: client), logger: makeTestLogger())
        } throws: { error in
            (error as? KafkaError)?.message.contains("no.such.property") == true
        }
    }

    @Test("durations become whole milliseconds, rounded up", arguments: [
        (Duration.milliseconds(5), 5), (.microseconds(1), 1), (.seconds(45), 45_000), (.zero, 0),
    ])
    func milliseconds(duration: Duration, expected: Int) {
        #expect(duration.kafkaMilliseconds == expected)
    }
}
