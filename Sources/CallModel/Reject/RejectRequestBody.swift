/// The body of Graph's `POST /communications/calls/{id}/reject`: `{"reason": "busy"}`.
///
/// Graph documents `reason` (`none`, `busy`, `forbidden`; its examples send them in lower case) and an
/// optional `callbackUri`; Switchboard sends only the reason, so later notifications go to the
/// call's own callback URI.
public struct RejectRequestBody: Sendable, Hashable {
    /// Why the call is refused.
    public var reason: RejectReason

    /// Creates a body.
    public init(reason: RejectReason) {
        self.reason = reason
    }

    /// The body as JSON bytes: `{"reason":"busy"}`.
    public func jsonBytes() -> [UInt8] {
        Array("{\"reason\":\"\(reason.rawValue)\"}".utf8)
    }
}
