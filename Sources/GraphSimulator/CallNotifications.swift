import Foundation

/// Builds the `commsNotifications` bodies Graph posts for a call, in the page's shape.
enum CallNotifications {
    /// `#microsoft.graph.<type>`.
    private static func odataType(_ type: String) -> (String, JSONValue) {
        ("@odata.type", .string("#microsoft.graph.\(type)"))
    }

    static func identitySet(_ party: CallParty) -> JSONValue {
        var identity: [(String, JSONValue)] = [odataType("identity")]
        if let displayName = party.displayName { identity.append(("displayName", .string(displayName))) }
        identity.append(("id", .string(party.id)))
        if let tenantID = party.tenantID { identity.append(("tenantId", .string(tenantID))) }
        return .object([odataType("identitySet"), (party.kind.rawValue, .object(identity))])
    }

    static func source(_ caller: CallParty, region: String) -> JSONValue {
        .object([odataType("participantInfo"), ("identity", identitySet(caller)), ("region", .string(region))])
    }

    static func targets(_ parties: [CallParty]) -> JSONValue {
        .array(parties.map { .object([odataType("invitationParticipantInfo"), ("identity", identitySet($0))]) })
    }

    /// The `created` + `incoming` notification.
    static func incoming(_ call: SimulatedCall) -> [UInt8] {
        envelope(changeType: "created", call: call, state: "incoming", extra: [])
    }

    /// The `deleted` + `terminated` notification, with `answeredBy` and `resultInfo` as configured.
    static func terminated(_ call: SimulatedCall, callbackURI: String, termination: SimulatedTermination) -> [UInt8] {
        var extra: [(String, JSONValue)] = []
        if termination.includesAnsweredBy {
            // Who answered arrives encrypted (the page's third example).
            let opaque = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            extra.append(
                ("answeredBy", .object([
                    odataType("participantInfo"),
                    ("identity", .object([odataType("identitySet"), ("encrypted", .object([odataType("identity"), ("id", .string(opaque))]))])),
                    ("endpointType", .string("default")),
                ])))
        }
        if let result = termination.resultInfo {
            extra.append(
                ("resultInfo", .object([
                    odataType("resultInfo"),
                    ("code", .number(Double(result.code))),
                    ("subcode", .number(Double(result.subcode))),
                    ("message", .string(result.message)),
                ])))
        }
        var call = call
        call.callbackURI = callbackURI
        return envelope(changeType: "deleted", call: call, state: "terminated", extra: extra)
    }

    private static func envelope(
        changeType: String, call: SimulatedCall, state: String, extra: [(String, JSONValue)]
    ) -> [UInt8] {
        let resourceData: [(String, JSONValue)] =
            [
                odataType("call"),
                ("state", .string(state)),
                ("direction", .string("incoming")),
                ("callbackUri", .string(call.callbackURI)),
                ("source", call.source),
                ("targets", call.targets),
            ] + extra + [
                ("tenantId", .string(call.tenantID)),
                ("myParticipantId", .string(call.myParticipantID)),
                ("id", .string(call.id)),
            ]
        return JSONValue.object([
            odataType("commsNotifications"),
            ("value", .array([.object([
                odataType("commsNotification"),
                ("changeType", .string(changeType)),
                ("resourceUrl", .string("/communications/calls/\(call.id)")),
                ("resourceData", .object(resourceData)),
            ])])),
        ]).serialized
    }
}
