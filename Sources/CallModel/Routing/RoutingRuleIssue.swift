/// One problem in a rules file: where it is and what to do about it.
public struct RoutingRuleIssue: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The file is not valid YAML.
        case invalidYAML
        /// A key the schema does not have (often a typo; the message suggests the closest key).
        case unknownField
        /// A required key is missing.
        case missingField
        /// A value of the wrong shape (a list where a mapping belongs, text where a number belongs).
        case wrongType
        /// A value of the right shape that is not allowed (bad GUID, unknown weekday, …).
        case invalidValue
        /// A number outside its range (timeout 15...90).
        case outOfRange
        /// More than 25 redirect targets, or none.
        case targetCount
        /// A phone number that is not E.164.
        case invalidPhoneNumber
        /// A callback URI that is not an absolute https URL.
        case insecureCallbackURI
        /// A time zone that is not an IANA name known to this system.
        case unknownTimeZone
        /// Hours that are not `HH:MM-HH:MM`.
        case invalidHours
        /// A date that is not `YYYY-MM-DD` (or a range `YYYY-MM-DD..YYYY-MM-DD`).
        case invalidDate
        /// A field that only Graph beta accepts, with `v1.0` configured.
        case betaOnly
        /// Two rules with the same name.
        case duplicateName
        /// Keys that cannot be used together (`redirect` and `ignore`).
        case conflictingFields
        /// A rule that can never match because an earlier rule matches every call.
        case unreachableRule
    }

    /// The kind of problem.
    public var code: Code
    /// Where: `rules[2] (vip-callers).action.redirect.targets[3].phone`.
    public var path: String
    /// What is wrong and how to fix it.
    public var message: String
    /// The 1-based line in the file, when known.
    public var line: Int?

    /// Creates an issue.
    public init(code: Code, path: String, message: String, line: Int? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.line = line
    }

    /// `line 12: rules[2] (vip-callers).action.redirect.timeout: 120 is outside 15...90 seconds`.
    public var description: String {
        (line.map { "line \($0): " } ?? "") + (path.isEmpty ? "" : path + ": ") + message
    }
}
