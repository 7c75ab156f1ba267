import CRdKafka

// The one place that turns librdkafka's error representations into `KafkaError`.
extension KafkaError {
    /// An error from a plain `rd_kafka_resp_err_t`, or `nil` for `NO_ERROR`.
    static func from(_ error: rd_kafka_resp_err_t, context: String? = nil) -> KafkaError? {
        guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let code = Code(error)
        let message = context.map { "\($0): \(code.reason)" } ?? code.reason
        return KafkaError(code, message: message)
    }

    /// An error from an `rd_kafka_error_t`, which carries its own retriable and fatal flags; destroys it.
    static func consuming(_ error: OpaquePointer, context: String? = nil) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let code = Code(rd_kafka_error_code(error))
        let reason = rd_kafka_error_string(error).map { String(cString: $0) } ?? code.reason
        return KafkaError(
            code,
            message: context.map { "\($0): \(reason)" } ?? reason,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || code.isRetriable,
            isFatal: rd_kafka_error_is_fatal(error) != 0 || code == .fatal
        )
    }

    /// The error a client stops with after librdkafka raised a fatal error; reads the underlying cause.
    static func fatal(of handle: OpaquePointer, operation: String) -> KafkaError {
        var buffer = [CChar](repeating: 0, count: 512)
        let underlying = rd_kafka_fatal_error(handle, &buffer, buffer.count)
        let reason = String(nulTerminated: buffer)
        let cause = Code(underlying)
        return KafkaError(
            .fatal,
            message: "\(operation) failed: the client hit a fatal error (\(cause.name): \(reason)) and must be recreated",
            isRetriable: false,
            isFatal: true
        )
    }
}
