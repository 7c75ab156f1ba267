import CRdKafka

/// A validated CreateTopics request; its librdkafka objects exist only for the duration of the call.
struct CreateTopicsRequest: Sendable {
    /// The broker's answer for one topic.
    struct TopicResponse: Sendable, Hashable {
        var name: String
        var code: KafkaError.Code
        var message: String?
    }

    let topics: [KafkaTopicSpec]
    /// Both the request timeout and the broker-side operation timeout.
    let timeout: Duration

    /// Validates the specs.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` for an invalid spec or a topic named twice.
    init(_ topics: [KafkaTopicSpec], timeout: Duration) throws(KafkaError) {
        var seen: Set<String> = []
        for topic in topics {
            try topic.validate()
            guard seen.insert(topic.name).inserted else {
                throw KafkaError(.invalidArgument, message: "topic \(topic.name) is declared twice in one request")
            }
        }
        self.topics = topics
        self.timeout = timeout
    }

    /// Builds `rd_kafka_NewTopic_t` objects and the admin options, calls `body`, then destroys them.
    ///
    /// - Throws: ``KafkaError/Code/invalidArgument`` with librdkafka's reason when it rejects a topic or config.
    func withLibrdkafkaObjects<Result>(
        _ handle: OpaquePointer,
        _ body: (_ newTopics: [OpaquePointer?], _ options: OpaquePointer) -> Result
    ) throws(KafkaError) -> Result {
        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        var errorText = [CChar](repeating: 0, count: 512)
        for spec in topics {
            guard
                let newTopic = rd_kafka_NewTopic_new(
                    spec.name, Int32(clamping: spec.partitions), Int32(clamping: spec.replicationFactor), &errorText, errorText.count)
            else {
                throw KafkaError(.invalidArgument, message: "topic \(spec.name): \(String(nulTerminated: errorText))")
            }
            newTopics.append(newTopic)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                if let error = KafkaError.from(rd_kafka_NewTopic_set_config(newTopic, key, value), context: "topic \(spec.name) config \(key)") {
                    throw KafkaError(.invalidArgument, message: error.message)
                }
            }
        }
        // rd_kafka_AdminOptions_new only fails for an unknown operation type, which CREATETOPICS is not.
        guard let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            fatalError("rd_kafka_AdminOptions_new returned NULL for CREATETOPICS")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        let milliseconds = Int32(clamping: timeout.kafkaMilliseconds)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, milliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, milliseconds, &errorText, errorText.count)
        return body(newTopics, options)
    }

    /// Sends the request and waits for the answer on the calling (dedicated) thread.
    ///
    /// - Throws: The request-level error (e.g. ``KafkaError/Code/timedOut``); per-topic errors are in the responses.
    func send(_ handle: OpaquePointer) throws(KafkaError) -> [TopicResponse] {
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        try withLibrdkafkaObjects(handle) { newTopics, options in
            var newTopics = newTopics
            rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
        }
        // librdkafka answers by itself once its request timeout passes; the margin covers scheduling.
        let wait = Int32(clamping: (timeout + .seconds(5)).kafkaMilliseconds)
        guard let event = rd_kafka_queue_poll(queue, wait) else {
            throw KafkaError(.timedOut, message: "no CreateTopics answer within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        return try Self.responses(of: event)
    }

    /// The per-topic answers of a CreateTopics result event.
    static func responses(of event: OpaquePointer) throws(KafkaError) -> [TopicResponse] {
        let code = rd_kafka_event_error(event)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? KafkaError.Code(code).reason
            throw KafkaError(KafkaError.Code(code), message: "CreateTopics failed: \(text)")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(.fail, message: "CreateTopics returned an unexpected event")
        }
        var count = 0
        guard let topics = rd_kafka_CreateTopics_result_topics(result, &count) else { return [] }
        return (0..<count).compactMap { index -> TopicResponse? in
            guard let topic = topics[index] else { return nil }
            return TopicResponse(
                name: String(cString: rd_kafka_topic_result_name(topic)),
                code: KafkaError.Code(rd_kafka_topic_result_error(topic)),
                message: rd_kafka_topic_result_error_string(topic).map { String(cString: $0) }
            )
        }
    }
}
