/// `Encodable` for callers that use an encoder; produces the same JSON as ``RedirectRequestBody/jsonBytes(prettyPrinted:)``.
extension RedirectRequestBody: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        var targetsContainer = container.nestedUnkeyedContainer(forKey: Key("targets"))
        for target in targets {
            var participant = targetsContainer.nestedContainer(keyedBy: Key.self)
            try participant.encode(ODataType.invitationParticipantInfo, forKey: Key("@odata.type"))
            var identitySet = participant.nestedContainer(keyedBy: Key.self, forKey: Key("identity"))
            try identitySet.encode(ODataType.identitySet, forKey: Key("@odata.type"))
            var identity = identitySet.nestedContainer(keyedBy: Key.self, forKey: Key(target.kind.rawValue))
            try identity.encode(ODataType.identity, forKey: Key("@odata.type"))
            try identity.encodeIfPresent(target.displayName, forKey: Key("displayName"))
            try identity.encode(target.id, forKey: Key("id"))
            try identity.encodeIfPresent(target.tenantID, forKey: Key("tenantId"))
        }
        try container.encodeIfPresent(timeout, forKey: Key("timeout"))
        try container.encodeIfPresent(maskCallee, forKey: Key("maskCallee"))
        try container.encodeIfPresent(maskCaller, forKey: Key("maskCaller"))
        if !routingPolicies.isEmpty { try container.encode(routingPolicies, forKey: Key("routingPolicies")) }
        try container.encodeIfPresent(callbackURI, forKey: Key("callbackUri"))
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
