/// One Graph `commsNotification`: a change to a call (or to a resource under it).
public struct CommsNotification: Sendable, Hashable {
    /// The `@odata.type` annotation, normally `#microsoft.graph.commsNotification`.
    public var odataType: String?
    /// `created`, `updated` or `deleted` (matched case-insensitively).
    public var changeType: ChangeType
    /// The changed resource, for example `/communications/calls/{id}`.
    public var resourceUrl: String?
    /// The legacy spelling of `resourceUrl` (`/app/calls/{id}`), still seen in real traffic.
    public var resource: String?
    /// The call, when `resourceData` is a `#microsoft.graph.call` (or carries no type annotation).
    public var resourceData: GraphCall?
    /// The `@odata.type` of `resourceData` when it is not a call (for example a participant),
    /// or `"collection"` when it is an array; `nil` when it is a call or absent.
    public var otherResourceDataType: String?

    /// Creates a notification.
    public init(
        odataType: String? = "#microsoft.graph.commsNotification",
        changeType: ChangeType,
        resourceUrl: String? = nil,
        resource: String? = nil,
        resourceData: GraphCall? = nil,
        otherResourceDataType: String? = nil
    ) {
        self.odataType = odataType
        self.changeType = changeType
        self.resourceUrl = resourceUrl
        self.resource = resource
        self.resourceData = resourceData
        self.otherResourceDataType = otherResourceDataType
    }

    /// The call id: `resourceData.id`, else the path segment after `calls` in `resourceUrl`
    /// (or the legacy `resource`), else the last segment of it; empty when there is none.
    ///
    /// `resourceData.id` wins when both are present and differ: Graph's own Example 2 terminated
    /// notification has `resourceUrl` `…/491f…` but `resourceData.id` `481f…`, and the id is the
    /// call's own field while the URL is a pointer to it.
    public var callID: String {
        if let id = resourceData?.id, !id.isEmpty { return id }
        for url in [resourceUrl, resource] {
            if let url, let id = Self.callID(fromResourceURL: url) { return id }
        }
        return ""
    }

    /// Whether this is the offer of a new call the worker acts on: `created` with state `incoming`.
    public var isIncomingCall: Bool {
        changeType == .created && resourceData?.state == .incoming
    }

    /// Whether this reports the end of a call: state `terminated` (Graph sends it with `deleted`).
    public var isTerminatedCall: Bool {
        resourceData?.state == .terminated
    }

    /// The segment after `calls` in a resource URL (`/communications/calls/{id}/participants` →
    /// `{id}`), else its last segment; `nil` when there is none.
    static func callID(fromResourceURL url: String) -> String? {
        let path = url.split(separator: "?", maxSplits: 1).first ?? ""
        let segments = path.split(separator: "/")
        if let calls = segments.firstIndex(where: { asciiCaseInsensitiveEquals(String($0), "calls") }) {
            return calls + 1 < segments.endIndex ? String(segments[calls + 1]) : nil
        }
        return segments.last.map(String.init)
    }
}
