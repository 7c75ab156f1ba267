/// The ingress configuration cannot work as given.
public struct IngressConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting that is wrong.
    public var setting: String
    /// What is wrong and how to fix it.
    public var message: String

    /// Creates an error.
    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }
}
