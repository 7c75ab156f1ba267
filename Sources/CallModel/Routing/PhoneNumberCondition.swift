/// How a rule matches the caller's phone number (`source.identity.phone.id`, E.164).
public enum PhoneNumberCondition: Sendable, Hashable {
    /// Exactly this number.
    case exact(String)
    /// A number starting with one of these prefixes (`+1425`).
    case prefix([String])
    /// One of these numbers.
    case anyOf([String])

    /// Whether `number` (already normalized) satisfies the condition.
    func matches(_ number: String) -> Bool {
        switch self {
        case let .exact(expected): number == expected
        case let .prefix(prefixes): prefixes.contains { number.hasPrefix($0) }
        case let .anyOf(numbers): numbers.contains(number)
        }
    }

    /// `exact +14255550100`, `prefix +1425,+1206`, `in [..]`.
    var summary: String {
        switch self {
        case let .exact(number): "exact \(number)"
        case let .prefix(prefixes): "prefix " + prefixes.joined(separator: ",")
        case let .anyOf(numbers): "in " + IdentifierList(numbers).summary
        }
    }

    /// The caller's number in E.164 form: `tel:` and visual separators removed, `+` added to a
    /// bare digit string.
    static func normalize(_ raw: String) -> String {
        var text = Substring(raw)
        if text.lowercased().hasPrefix("tel:") { text = text.dropFirst(4) }
        var digits = ""
        for character in text where !" -().".contains(character) { digits.append(character) }
        if let first = digits.first, first.isASCII, first.isNumber { digits = "+" + digits }
        return digits
    }

    /// Whether `number` is E.164: `+`, a non-zero digit, at most 15 digits in all.
    public static func isE164(_ number: String) -> Bool {
        let bytes = Array(number.utf8)
        guard bytes.count >= 3, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0")
        else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
