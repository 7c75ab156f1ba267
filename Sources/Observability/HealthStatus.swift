/// Whether a component can take traffic, with a reason a person can read when it cannot.
public struct HealthStatus: Sendable, Hashable {
    /// `true` when the component is ready.
    public var isReady: Bool
    /// Why the component is not ready, or a short confirmation when it is.
    public var detail: String

    /// Creates a status.
    public init(isReady: Bool, detail: String) {
        self.isReady = isReady
        self.detail = detail
    }
}
