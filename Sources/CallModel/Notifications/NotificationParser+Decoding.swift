/// Mapping of the JSON tree onto the Graph model, one function per Graph type.
extension NotificationParser {
    static func notification(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> CommsNotification {
        guard let changeType = try reader.enumeration("changeType", as: ChangeType.self) else {
            throw JSONDecodingFailure(code: .missingField, detail: "is missing").prefixed(.key("changeType"))
        }
        var notification = CommsNotification(
            odataType: try reader.string("@odata.type"),
            changeType: changeType,
            resourceUrl: try reader.string("resourceUrl"),
            resource: try reader.string("resource")
        )
        switch reader.value("resourceData") {
        case nil:
            break
        case let .object(members)?:
            let data = JSONObjectReader(object: members)
            let type = try data.string("@odata.type")
            if type == nil || asciiCaseInsensitiveEquals(type ?? "", "#microsoft.graph.call") {
                notification.resourceData = try reader.object("resourceData", call)
            } else {
                notification.otherResourceDataType = type
            }
        case .array?:
            // "Either an entity or a collection of entities" (commsNotification): a collection is
            // about resources under the call (participants), not the call itself.
            notification.otherResourceDataType = "collection"
        case let other?:
            throw JSONDecodingFailure.wrongType(other, expected: "an object").prefixed(.key("resourceData"))
        }
        if notification.callID.isEmpty {
            throw JSONDecodingFailure(
                code: .missingCallID,
                detail: "has no call id: no resourceData.id and no id in resourceUrl or resource"
            )
        }
        return notification
    }

    static func call(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> GraphCall {
        GraphCall(
            odataType: try reader.string("@odata.type"),
            id: try reader.string("id"),
            state: try reader.enumeration("state", as: CallState.self),
            direction: try reader.enumeration("direction", as: CallDirection.self),
            source: try reader.object("source", participantInfo),
            targets: try reader.objects("targets", invitationParticipantInfo),
            tenantID: try reader.string("tenantId"),
            myParticipantID: try reader.string("myParticipantId"),
            callbackURI: try reader.string("callbackUri"),
            resultInfo: try reader.object("resultInfo", resultInfo),
            answeredBy: try reader.object("answeredBy", participantInfo),
            incomingContext: try reader.object("incomingContext", incomingContext),
            callRoutes: try reader.objects("callRoutes", callRoute),
            requestedModalities: try reader.strings("requestedModalities").map(Modality.init(rawValue:)),
            callChainID: try reader.string("callChainId")
        )
    }

    static func participantInfo(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> ParticipantInfo {
        ParticipantInfo(
            identity: try reader.object("identity", identitySet),
            region: try reader.string("region"),
            countryCode: try reader.string("countryCode"),
            languageID: try reader.string("languageId"),
            endpointType: try reader.enumeration("endpointType", as: EndpointType.self),
            participantID: try reader.string("participantId")
        )
    }

    static func invitationParticipantInfo(
        _ reader: JSONObjectReader
    ) throws(JSONDecodingFailure) -> InvitationParticipantInfo {
        InvitationParticipantInfo(
            identity: try reader.object("identity", identitySet),
            endpointType: try reader.enumeration("endpointType", as: EndpointType.self),
            id: try reader.string("id"),
            region: try reader.string("region"),
            languageID: try reader.string("languageId"),
            participantID: try reader.string("participantId"),
            replacesCallID: try reader.string("replacesCallId"),
            hidden: try reader.bool("hidden")
        )
    }

    static func identitySet(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> IdentitySet {
        var set = IdentitySet()
        for kind in IdentityKind.allCases {
            if let identity = try reader.object(kind.rawValue, identity) {
                set.setIdentity(identity, for: kind)
            }
        }
        return set
    }

    static func identity(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> Identity {
        Identity(
            id: try reader.string("id"),
            displayName: try reader.string("displayName"),
            tenantID: try reader.string("tenantId")
        )
    }

    static func resultInfo(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> ResultInfo {
        // Graph's docs spell it `subcode`, its transfer examples `subCode`.
        var subcode = try reader.lenientInt("subcode")
        if subcode == nil { subcode = try reader.lenientInt("subCode") }
        return ResultInfo(code: try reader.lenientInt("code"), subcode: subcode, message: try reader.string("message"))
    }

    static func incomingContext(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> IncomingContext {
        IncomingContext(
            observedParticipantID: try reader.string("observedParticipantId"),
            onBehalfOf: try reader.object("onBehalfOf", identitySet),
            sourceParticipantID: try reader.string("sourceParticipantId"),
            transferor: try reader.object("transferor", identitySet)
        )
    }

    static func callRoute(_ reader: JSONObjectReader) throws(JSONDecodingFailure) -> CallRoute {
        CallRoute(
            final: try reader.object("final", identitySet),
            original: try reader.object("original", identitySet),
            routingType: try reader.enumeration("routingType", as: CallRouteType.self)
        )
    }
}
