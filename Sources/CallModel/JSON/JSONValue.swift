/// A JSON value as the strict scanner read it: object members keep their order.
///
/// Internal on purpose: the public surface is the typed Graph model built from it.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// How the value is named in error messages ("a string", "an array", …).
    var kindDescription: String {
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

/// One `"key": value` pair of a JSON object.
struct JSONMember: Sendable, Hashable {
    var key: String
    var value: JSONValue
}
