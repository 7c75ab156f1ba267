/// Typed, path-aware access to the members of one JSON object.
///
/// `null` and a missing member both read as `nil`: Graph sends `"languageId": null`.
/// A member of the wrong JSON type is an error naming its path.
struct JSONObjectReader {
    let object: JSONObject

    /// The member's value, `nil` when absent or `null`.
    func value(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String) throws(JSONDecodingFailure) -> String? {
        switch value(key) {
        case nil: return nil
        case let .string(string)?: return string
        case let other?: throw JSONDecodingFailure.wrongType(other, expected: "a string").prefixed(.key(key))
        }
    }

    func bool(_ key: String) throws(JSONDecodingFailure) -> Bool? {
        switch value(key) {
        case nil: return nil
        case let .bool(bool)?: return bool
        case let other?: throw JSONDecodingFailure.wrongType(other, expected: "a boolean").prefixed(.key(key))
        }
    }

    /// An integer sent as a number or as a numeric string (`"code": "200"`).
    func lenientInt(_ key: String) throws(JSONDecodingFailure) -> Int? {
        switch value(key) {
        case nil:
            return nil
        case let .number(number)?:
            guard number.rounded() == number, abs(number) <= Double(Int32.max) else {
                throw JSONDecodingFailure(code: .invalidValue, detail: "is \(number), expected an integer")
                    .prefixed(.key(key))
            }
            return Int(number)
        case let .string(text)?:
            guard let number = Int(text) else {
                throw JSONDecodingFailure(code: .invalidValue, detail: "is \"\(text)\", expected an integer")
                    .prefixed(.key(key))
            }
            return number
        case let other?:
            throw JSONDecodingFailure.wrongType(other, expected: "an integer").prefixed(.key(key))
        }
    }

    func enumeration<Value: GraphEnumeration>(_ key: String, as type: Value.Type) throws(JSONDecodingFailure) -> Value? {
        try string(key).map(Value.init(rawValue:))
    }

    func object<Value>(
        _ key: String,
        _ decode: (JSONObjectReader) throws(JSONDecodingFailure) -> Value
    ) throws(JSONDecodingFailure) -> Value? {
        switch value(key) {
        case nil:
            return nil
        case let .object(members)?:
            do {
                return try decode(JSONObjectReader(object: members))
            } catch {
                throw error.prefixed(.key(key))
            }
        case let other?:
            throw JSONDecodingFailure.wrongType(other, expected: "an object").prefixed(.key(key))
        }
    }

    /// An array of objects; a missing member reads as an empty array.
    func objects<Value>(
        _ key: String,
        _ decode: (JSONObjectReader) throws(JSONDecodingFailure) -> Value
    ) throws(JSONDecodingFailure) -> [Value] {
        try array(key) { element throws(JSONDecodingFailure) in
            guard case let .object(members) = element else {
                throw JSONDecodingFailure.wrongType(element, expected: "an object")
            }
            return try decode(JSONObjectReader(object: members))
        }
    }

    /// An array of strings; a missing member reads as an empty array.
    func strings(_ key: String) throws(JSONDecodingFailure) -> [String] {
        try array(key) { element throws(JSONDecodingFailure) in
            guard case let .string(string) = element else {
                throw JSONDecodingFailure.wrongType(element, expected: "a string")
            }
            return string
        }
    }

    private func array<Value>(
        _ key: String,
        _ decode: (JSONValue) throws(JSONDecodingFailure) -> Value
    ) throws(JSONDecodingFailure) -> [Value] {
        switch value(key) {
        case nil:
            return []
        case let .array(elements)?:
            var result: [Value] = []
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                do {
                    result.append(try decode(element))
                } catch {
                    throw error.prefixed(.index(index)).prefixed(.key(key))
                }
            }
            return result
        case let other?:
            throw JSONDecodingFailure.wrongType(other, expected: "an array").prefixed(.key(key))
        }
    }
}
