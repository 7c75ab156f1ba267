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
            if let value {
                let bytes = UnsafeRawBufferPointer(start: value, count: size)
                // Valid UTF-8 (every header Switchboard writes) is kept as a string: short ones need no
                // allocation, and readers ask for the string. The bytes read back the same either way.
                if let string = String(validating: bytes, as: UTF8.self) {
                    headers.append(KafkaHeader(key: key, string: string))
                } else {
                    headers.append(KafkaHeader(key: key, value: Array(bytes)))
                }
            } else {
                headers.append(KafkaHeader(key: key, value: nil))
            }
            index += 1
        }
        return headers
    }
}
