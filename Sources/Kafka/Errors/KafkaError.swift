/// An error reported by librdkafka or by this module, with the librdkafka error code.
///
/// Two errors are equal when their codes are equal, so callers can match with
/// `error == KafkaError(.messageTimedOut)` or `error.code == .messageTimedOut`.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as librdkafka's `rd_kafka_resp_err_t` value and name.
    public var code: Code
    /// What happened and, where possible, what to do about it.
    public var message: String
    /// Whether retrying the same operation later may succeed (broker unreachable, timeout, leader moving, …).
    public var isRetriable: Bool
    /// Whether the client can no longer be used and must be shut down and created again.
    public var isFatal: Bool

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The librdkafka error code.
    ///   - message: A description a person can act on; defaults to librdkafka's text for the code.
    ///   - isRetriable: Defaults to ``Code/isRetriable``.
    ///   - isFatal: Defaults to `true` only for ``Code/fatal``.
    public init(_ code: Code, message: String? = nil, isRetriable: Bool? = nil, isFatal: Bool? = nil) {
        self.code = code
        self.message = message ?? code.reason
        self.isRetriable = isRetriable ?? code.isRetriable
        self.isFatal = isFatal ?? (code == .fatal)
    }

    public var description: String {
        var flags = ""
        if isFatal { flags += ", fatal" }
        if isRetriable { flags += ", retriable" }
        return "KafkaError(\(code.name)\(flags)): \(message)"
    }

    public static func == (lhs: KafkaError, rhs: KafkaError) -> Bool {
        lhs.code == rhs.code
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }
}
