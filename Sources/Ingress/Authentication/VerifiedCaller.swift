/// What a valid notification token proved about its sender.
struct VerifiedCaller: Sendable, Hashable {
    /// The tenant of the call (the token's `tid`); `nil` only when authentication is off.
    var tenantID: String?

    /// Creates a caller.
    init(tenantID: String?) {
        self.tenantID = tenantID
    }
}
