/// What a valid notification token proved about its sender.
public struct VerifiedCaller: Sendable, Hashable {
    /// The tenant of the call (the token's `tid`); `nil` only when authentication is off.
    public var tenantID: String?

    /// Creates a caller.
    public init(tenantID: String?) {
        self.tenantID = tenantID
    }
}
