/// A Kafka record that is not a valid outcome event.
public struct OutcomeEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable {
        /// A required CloudEvents header is missing.
        case missingHeader
        /// A header has a value this version does not understand.
        case invalidHeader
        /// The value is not the JSON of a ``CallOutcome``.
        case invalidData
        /// Headers and data disagree (type or subject).
        case mismatch
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
