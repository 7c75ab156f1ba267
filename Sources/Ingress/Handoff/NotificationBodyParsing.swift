/// Reads the call ids out of a notification body: the call model's parser; a test seam.
protocol NotificationBodyParsing: Sendable {
    /// The call id of each item of the body's `value` array, in order.
    ///
    /// - Throws: ``NotificationBodyError`` saying what is wrong (invalid JSON with its position,
    ///   no `value` array, an item without a call id).
    func callIDs(in body: [UInt8]) throws(NotificationBodyError) -> [String]
}

/// A body that is not a Graph notification.
struct NotificationBodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for the problem body.
    var message: String

    var description: String { message }
}
