/// A Graph `resultInfo`: why a call ended or an operation failed.
///
/// Parsed leniently: Graph's examples also spell `subcode` as `subCode` and send numbers as strings.
public struct ResultInfo: Sendable, Hashable, Codable {
    /// An HTTP-like status: 2xx success, 4xx client error, 5xx server error.
    public var code: Int?
    /// Supplementary detail (for example 8544, "Callee could not be reached.").
    public var subcode: Int?
    /// Graph's message.
    public var message: String?

    /// Creates result information.
    public init(code: Int? = nil, subcode: Int? = nil, message: String? = nil) {
        self.code = code
        self.subcode = subcode
        self.message = message
    }
}
