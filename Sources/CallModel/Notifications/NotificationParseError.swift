/// Why a notification body cannot be used, and where.
///
/// `code` is stable (it goes into the dead-letter header); `message` is for a person and names the
/// line and column of a JSON syntax error or the path of a structural one.
public struct NotificationParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The bytes are not strict JSON (see `line`, `column`).
        case invalidJSON
        /// The JSON is not an object.
        case notAnObject
        /// The object has no `value` member.
        case missingValue
        /// `value` is not an array.
        case valueNotArray
        /// `value` is an empty array: there is no notification in the body.
        case emptyValue
        /// A required member (`changeType`) is missing.
        case missingField
        /// A notification has no call id: no `resourceData.id` and no id in `resourceUrl`/`resource`.
        case missingCallID
        /// A member has the wrong JSON type (see `path`).
        case wrongType
        /// A member has the right type but an unusable value (for example a non-numeric `code`).
        case invalidValue
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong, for a person.
    public var message: String
    /// The 1-based line of a JSON syntax error.
    public var line: Int?
    /// The 1-based column (in Unicode scalars) of a JSON syntax error.
    public var column: Int?
    /// Where in the document, for example `value[0].resourceData.id`.
    public var path: String?

    /// Creates an error.
    public init(code: Code, message: String, line: Int? = nil, column: Int? = nil, path: String? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.path = path
    }

    /// The message (which already names the position or the path).
    public var description: String { message }
}
