/// The members of a JSON object, in order.
///
/// A dictionary literal keeps its order: `["b": .number(1), "a": .null]` writes `{"b":1,"a":null}`.
/// The parser never produces two members with one name (it refuses such documents); objects built
/// in code should not either, and lookups by name find the first.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral {
    /// The members, in order.
    public var members: [JSONMember]

    /// An object with `members`, in that order.
    public init(_ members: [JSONMember] = []) {
        self.members = members
    }

    /// An object with the literal's members, in the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { JSONMember(key: $0.0, value: $0.1) }
    }

    /// The value of the member named `key` (`.null` for a `null` member), or `nil` when there is none.
    public subscript(key: String) -> JSONValue? {
        // Comparing lengths first rejects most members without a string comparison.
        let length = key.utf8.count
        for member in members where member.key.utf8.count == length && member.key == key {
            return member.value
        }
        return nil
    }

    /// Adds a member at the end.
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(JSONMember(key: key, value: value))
    }

    /// The first position.
    public var startIndex: Int { members.startIndex }

    /// The position after the last member.
    public var endIndex: Int { members.endIndex }

    /// The member at `position`.
    public subscript(position: Int) -> JSONMember { members[position] }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    /// The member's name.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// A member.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
