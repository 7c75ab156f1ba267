/// Why the worker cannot start or continue, with what a person needs to fix it.
public struct WorkerError: Error, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: String, Sendable {
            case rulesFileUnreadable, rulesFileInvalid, invalidConfiguration, kafka
        }
        private let backing: Backing

        /// The routing rules file cannot be read.
        public static let rulesFileUnreadable = Code(backing: .rulesFileUnreadable)
        /// The routing rules file is not valid; `issues` lists every problem.
        public static let rulesFileInvalid = Code(backing: .rulesFileInvalid)
        /// A setting is out of range.
        public static let invalidConfiguration = Code(backing: .invalidConfiguration)
        /// The Kafka consumer could not be created or subscribed.
        public static let kafka = Code(backing: .kafka)

        public var description: String { backing.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// What is wrong and what to do about it.
    public var message: String
    /// Every problem in a rules file, one line each (`path: message`).
    public var issues: [String]

    /// Creates an error.
    public init(code: Code, message: String, issues: [String] = []) {
        self.code = code
        self.message = message
        self.issues = issues
    }

    public var description: String {
        issues.isEmpty ? message : message + "\n" + issues.map { "  - " + $0 }.joined(separator: "\n")
    }
}
