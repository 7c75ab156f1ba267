/// A JSON value as CallModel's strict parser reads it, or as a program builds it to write:
/// object members keep their order.
///
/// ```swift
/// let body = try JSONValue.parse(Array(#"{"targets":[{"id":"a"}],"timeout":30}"#.utf8))
/// body["timeout"]          // .number(30)
/// body["targets"]?.kindDescription  // "an array"
/// let answer: JSONValue = .object(["status": .number(202), "callId": .string("a")])
/// answer.jsonBytes()       // {"status":202,"callId":"a"}
/// ```
///
/// Numbers are `Double`s (RFC 8259 leaves precision to the implementation; every integer up to
/// 2⁵³ is exact). Booleans are apart from numbers, and `null` is a value of its own, so a member
/// that is `null` is told apart from one that is absent.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string (escapes decoded).
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in document order.
    case object(JSONObject)

    /// The value of member `key` when this is an object that has it (`.null` for a `null` member);
    /// `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(object) = self else { return nil }
        return object[key]
    }

    /// The text when this is a string.
    public var stringValue: String? {
        guard case let .string(string) = self else { return nil }
        return string
    }

    /// The members when this is an object.
    public var objectValue: JSONObject? {
        guard case let .object(object) = self else { return nil }
        return object
    }

    /// How the value's kind is named in error messages: "null", "a boolean", "a number",
    /// "a string", "an array", "an object".
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
