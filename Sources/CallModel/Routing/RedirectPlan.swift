/// What a `redirect` action asks Graph for: the targets and the options of the redirect body.
public struct RedirectPlan: Sendable, Hashable {
    /// 1 to 25 targets; more than one rings them all at once (simultaneous ring).
    public var targets: [RedirectTarget]
    /// Seconds to ring, 15...90; `nil` leaves Graph's default (55 s for one target, 60 s for several).
    public var timeout: Int?
    /// Hide the callee from the caller (beta only).
    public var maskCallee: Bool?
    /// Hide the caller from the callee (beta only).
    public var maskCaller: Bool?
    /// An https URI for this call's later notifications; `nil` keeps the notification's `callbackUri`.
    public var callbackURI: String?
    /// Graph `routingPolicy` values sent with the redirect (beta only; Graph's Example 2 sends
    /// `disableForwarding`); empty sends none.
    public var routingPolicies: [String]

    /// Creates a plan.
    public init(
        targets: [RedirectTarget],
        timeout: Int? = nil,
        maskCallee: Bool? = nil,
        maskCaller: Bool? = nil,
        callbackURI: String? = nil,
        routingPolicies: [String] = []
    ) {
        self.targets = targets
        self.timeout = timeout
        self.maskCallee = maskCallee
        self.maskCaller = maskCaller
        self.callbackURI = callbackURI
        self.routingPolicies = routingPolicies
    }

    /// `redirect to application "test bot 2" (22bfd41f-…), timeout 30 s`.
    public var summary: String {
        var text = "redirect to " + targets.map(\.summary).joined(separator: ", ")
        if targets.count > 1 { text += " (simultaneous ring)" }
        if let timeout { text += ", timeout \(timeout) s" }
        if maskCallee == true { text += ", maskCallee" }
        if maskCaller == true { text += ", maskCaller" }
        if !routingPolicies.isEmpty { text += ", routingPolicies " + routingPolicies.joined(separator: ",") }
        if let callbackURI { text += ", callbackUri \(callbackURI)" }
        return text
    }
}
