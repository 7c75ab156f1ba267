/// The broker did not acknowledge a record by the deadline the ingress gave it.
///
/// The record may still be stored later; the sender, answered 503, sends the notification again
/// and the worker recognises the duplicate.
struct StoreDeadlineExceeded: Error, Sendable {}
