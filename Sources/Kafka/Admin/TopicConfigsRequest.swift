import CRdKafka

/// A DescribeConfigs request for one topic.
struct TopicConfigsRequest {
    let topic: String
    let timeout: Duration

    /// Sends the request and waits for the answer on the calling (dedicated) thread.
    func send(_ handle: OpaquePointer) throws(KafkaError) -> [String: String] {
        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        var resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic)
        defer { rd_kafka_ConfigResource_destroy(resource) }
        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorText = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, Int32(clamping: timeout.kafkaMilliseconds), &errorText, errorText.count)
        rd_kafka_DescribeConfigs(handle, &resource, 1, options, queue)

        let wait = Int32(clamping: (timeout + .seconds(5)).kafkaMilliseconds)
        guard let event = rd_kafka_queue_poll(queue, wait) else {
            throw KafkaError(.timedOut, message: "no DescribeConfigs answer for \(topic) within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let code = rd_kafka_event_error(event)
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? KafkaError.Code(code).reason
            throw KafkaError(KafkaError.Code(code), message: "DescribeConfigs for \(topic) failed: \(text)")
        }
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
            throw KafkaError(.fail, message: "DescribeConfigs returned an unexpected event")
        }
        var resourceCount = 0
        guard let resources = rd_kafka_DescribeConfigs_result_resources(result, &resourceCount), resourceCount > 0,
            let described = resources[0]
        else {
            throw KafkaError(.unknownTopicOrPartition, message: "DescribeConfigs returned nothing for \(topic)")
        }
        if let error = KafkaError.from(rd_kafka_ConfigResource_error(described), context: "DescribeConfigs for \(topic)") {
            throw error
        }
        var entryCount = 0
        guard let entries = rd_kafka_ConfigResource_configs(described, &entryCount) else { return [:] }
        var configs: [String: String] = [:]
        for index in 0..<entryCount {
            guard let entry = entries[index], let name = rd_kafka_ConfigEntry_name(entry) else { continue }
            configs[String(cString: name)] = rd_kafka_ConfigEntry_value(entry).map { String(cString: $0) } ?? ""
        }
        return configs
    }
}
