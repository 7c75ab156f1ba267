/// A simulator configuration that cannot be used (a client certificate that is not one).
public struct SimulatorConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
