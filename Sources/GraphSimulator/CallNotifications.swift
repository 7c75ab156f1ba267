import CallModel
import Foundation

/// Builds the `commsNotifications` bodies Graph posts for a call, in the page's shape.
enum CallNotifications {
    /// `#microsoft.graph.<type>`.
    private static func odataType(_ type: String) -> JSONValue {
        .string("#microsoft.graph.\(type)")
    }

    static func identitySet(_ party: CallParty) -> JSONValue {
        var identity: JSONObject = ["@odata.type": odataType("identity")]
        if let displayName = party.displayName { identity.append("displayName", .string(displayName)) }
        identity.append("id", .string(party.id))
        if let tenantID = party.tenantID { identity.append("tenantId", .string(tenantID)) }
        return .object(JSONObject([
            JSONMember(key: "@odata.type", value: odataType("identitySet")),
            JSONMember(key: party.kind.rawValue, value: .object(identity)),
        ]))
    }

    static func source(_ caller: CallParty, region: String) -> JSONValue {
        .object(["@odata.type": odataType("participantInfo"), "identity": identitySet(caller), "region": .string(region)])
    }

    static func targets(_ parties: [CallParty]) -> JSONValue {
        .array(parties.map { .object(["@odata.type": odataType("invitationParticipantInfo"), "identity": identitySet($0)]) })
    }

    /// The `created` + `incoming` notification.
    static func incoming(_ call: SimulatedCall) -> [UInt8] {
        envelope(changeType: "created", call: call, state: "incoming", extra: [:])
    }

    /// The `deleted` + `terminated` notification, with `answeredBy` and `resultInfo` as configured.
    static func terminated(_ call: SimulatedCall, callbackURI: String, termination: SimulatedTermination) -> [UInt8] {
        var extra: JSONObject = [:]
        if termination.includesAnsweredBy {
            // Who answered arrives encrypted (the page's third example).
            let opaque = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            extra.append(
                "answeredBy",
                .object([
                    "@odata.type": odataType("participantInfo"),
                    "identity": .object([
                        "@odata.type": odataType("identitySet"),
                        "encrypted": .object(["@odata.type": odataType("identity"), "id": .string(opaque)]),
                    ]),
                    "endpointType": .string("default"),
                ]))
        }
        if let result = termination.resultInfo {
            extra.append(
                "resultInfo",
                .object([
                    "@odata.type": odataType("resultInfo"),
                    "code": .number(Double(result.code)),
                    "subcode": .number(Double(result.subcode)),
                    "message": .string(result.message),
                ]))
        }
        var call = call
        call.callbackURI = callbackURI
        return envelope(changeType: "deleted", call: call, state: "terminated", extra: extra)
    }

    private static func envelope(changeType: String, call: SimulatedCall, state: String, extra: JSONObject) -> [UInt8] {
        var resourceData: JSONObject = [
            "@odata.type": odataType("call"),
            "state": .string(state),
            "direction": .string("incoming"),
            "callbackUri": .string(call.callbackURI),
            "source": call.source,
            "targets": call.targets,
        ]
        resourceData.members += extra.members
        resourceData.append("tenantId", .string(call.tenantID))
        resourceData.append("myParticipantId", .string(call.myParticipantID))
        resourceData.append("id", .string(call.id))
        return JSONValue.object([
            "@odata.type": odataType("commsNotifications"),
            "value": .array([
                .object([
                    "@odata.type": odataType("commsNotification"),
                    "changeType": .string(changeType),
                    "resourceUrl": .string("/communications/calls/\(call.id)"),
                    "resourceData": .object(resourceData),
                ])
            ]),
        ]).jsonBytes()
    }
}
