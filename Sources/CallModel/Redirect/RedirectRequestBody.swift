/// The JSON body of `POST /communications/calls/{id}/redirect`, exactly as Graph expects it.
///
/// Targets are `invitationParticipantInfo` with an `identitySet`, each level annotated with
/// `@odata.type`; `timeout`, `maskCallee`, `maskCaller` and `routingPolicies` appear only when set.
public struct RedirectRequestBody: Sendable, Hashable {
    /// The targets; more than one rings them all at once.
    public var targets: [RedirectTarget]
    /// Seconds to ring, 15...90.
    public var timeout: Int?
    /// Hide the callee from the caller (beta).
    public var maskCallee: Bool?
    /// Hide the caller from the callee (beta).
    public var maskCaller: Bool?
    /// Graph `routingPolicy` values (beta).
    public var routingPolicies: [String]
    /// Where Graph posts this call's later notifications; omitted when `nil` (Graph then uses the
    /// bot's global callback URI).
    public var callbackURI: String?

    /// Creates a body.
    public init(
        targets: [RedirectTarget],
        timeout: Int? = nil,
        maskCallee: Bool? = nil,
        maskCaller: Bool? = nil,
        routingPolicies: [String] = [],
        callbackURI: String? = nil
    ) {
        self.targets = targets
        self.timeout = timeout
        self.maskCallee = maskCallee
        self.maskCaller = maskCaller
        self.routingPolicies = routingPolicies
        self.callbackURI = callbackURI
    }

    /// The body for a routing plan: the plan's options, and its `callbackUri` override or else the
    /// incoming notification's `callbackUri`, so later notifications reach the same endpoint.
    public static func make(plan: RedirectPlan, call: GraphCall) -> RedirectRequestBody {
        RedirectRequestBody(
            targets: plan.targets,
            timeout: plan.timeout,
            maskCallee: plan.maskCallee,
            maskCaller: plan.maskCaller,
            routingPolicies: plan.routingPolicies,
            callbackURI: plan.callbackURI ?? call.callbackURI
        )
    }

    /// The UTF-8 JSON text, compact by default; key order follows Graph's examples.
    public func jsonBytes(prettyPrinted: Bool = false) -> [UInt8] {
        var writer = JSONWriter(prettyPrinted: prettyPrinted, capacity: 256 + targets.count * 224)
        writer.beginObject()
        writer.key("targets")
        writer.beginArray()
        for target in targets {
            writer.beginObject()
            writer.member("@odata.type", ODataType.invitationParticipantInfo)
            writer.key("identity")
            writer.beginObject()
            writer.member("@odata.type", ODataType.identitySet)
            writer.key(target.kind.rawValue)
            writer.beginObject()
            writer.member("@odata.type", ODataType.identity)
            if let displayName = target.displayName { writer.member("displayName", displayName) }
            writer.member("id", target.id)
            if let tenantID = target.tenantID { writer.member("tenantId", tenantID) }
            writer.endObject()
            writer.endObject()
            writer.endObject()
        }
        writer.endArray()
        if let timeout {
            writer.key("timeout")
            writer.int(timeout)
        }
        if let maskCallee {
            writer.key("maskCallee")
            writer.bool(maskCallee)
        }
        if let maskCaller {
            writer.key("maskCaller")
            writer.bool(maskCaller)
        }
        if !routingPolicies.isEmpty {
            writer.key("routingPolicies")
            writer.beginArray()
            for policy in routingPolicies { writer.string(policy) }
            writer.endArray()
        }
        if let callbackURI { writer.member("callbackUri", callbackURI) }
        writer.endObject()
        return writer.bytes
    }

    /// The `@odata.type` annotations Graph uses in redirect bodies.
    enum ODataType {
        static let invitationParticipantInfo = "#microsoft.graph.invitationParticipantInfo"
        static let identitySet = "#microsoft.graph.identitySet"
        static let identity = "#microsoft.graph.identity"
    }
}
