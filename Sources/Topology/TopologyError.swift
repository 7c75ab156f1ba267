/// A topic declaration that cannot be loaded or is inconsistent, or a manifest that cannot be rendered.
///
/// The description names the file and the field, so a person can fix the declaration without reading code:
/// `topics/calls.redirect-outcomes.yaml: partitions: must equal the partitions of calls.notifications (12), found 6`.
public struct TopologyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case unreadable
            case invalidYAML
            case missingField
            case unknownField
            case invalidValue
            case inconsistent
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A short name of the code, for logs and tests.
        public var description: String { kind.rawValue }

        /// The directory or a file in it cannot be read.
        public static let unreadable = Code(.unreadable)
        /// A file is not YAML, or not a YAML mapping.
        public static let invalidYAML = Code(.invalidYAML)
        /// A required field is absent.
        public static let missingField = Code(.missingField)
        /// A field the format does not define (a typo would otherwise drop a setting silently).
        public static let unknownField = Code(.unknownField)
        /// A field has a value of the wrong type or out of range.
        public static let invalidValue = Code(.invalidValue)
        /// The declarations disagree with each other (roles, names, co-partitioning, sizes).
        public static let inconsistent = Code(.inconsistent)
    }

    /// What kind of problem this is.
    public var code: Code
    /// The declaration file, when the problem is in one.
    public var file: String?
    /// The field, as a dotted path (`configs.retention.ms`), when the problem is in one.
    public var field: String?
    /// What is wrong and, where it helps, what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, file: String? = nil, field: String? = nil, message: String) {
        self.code = code
        self.file = file
        self.field = field
        self.message = message
    }

    /// `file: field: message`, leaving out the parts that are not known.
    public var description: String {
        [file, field, message].compactMap { $0 }.joined(separator: ": ")
    }
}
