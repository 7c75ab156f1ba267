import CRdKafka

extension KafkaRecord {
    /// Copies a consumed message out of librdkafka.
    init(_ message: UnsafePointer<rd_kafka_message_t>) {
        let raw = message.pointee
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(message, &timestampType)
        let timestamp: KafkaTimestamp? =
            switch timestampType {
            case RD_KAFKA_TIMESTAMP_CREATE_TIME: KafkaTimestamp(milliseconds: milliseconds, kind: .createTime)
            case RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME: KafkaTimestamp(milliseconds: milliseconds, kind: .logAppendTime)
            default: nil
            }
        self.init(
            topic: raw.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
            partition: raw.partition,
            offset: raw.offset,
            key: raw.key.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.key_len)) },
            value: raw.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: raw.len)) } ?? [],
            headers: Self.headers(of: message),
            timestamp: timestamp
        )
    }

    private static func headers(of message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        // The message owns the list; ERR__NOENT means there are no headers.
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [KafkaHeader] = []
        var index = 0
        var name: UnsafePointer<CChar>?
        var value: UnsafeRawPointer?
        var size = 0
        while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
            let key = name.map { String(cString: $0) } ?? ""
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            headers.append(KafkaHeader(key: key, value: bytes))
            index += 1
        }
        return headers
    }
}
