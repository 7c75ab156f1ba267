/// A body that is not a Graph notification the ingress can store.
struct NotificationBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for the problem body.
    var message: String

    var description: String { message }
}
