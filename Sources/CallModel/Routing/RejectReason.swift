/// Why a `reject` action refuses a call: Graph's `rejectReason` (`POST /communications/calls/{id}/reject`).
///
/// The caller hears a busy or a refusal signal at once, instead of the call ringing the bot until
/// Graph gives up, as it does with `ignore`.
public enum RejectReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// Graph's `none`: no particular reason.
    case none
    /// Graph's `busy`: the callee is busy.
    case busy
    /// Graph's `forbidden`: the caller may not reach this callee.
    case forbidden
}
