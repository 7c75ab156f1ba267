import CallModel

/// A redirect body Graph would refuse: the property at fault and why.
struct RedirectValidationError: Error, Sendable, Hashable {
    /// The JSON path of the property, for example `targets[1].identity.phone.id`.
    var property: String
    /// Why it is refused, naming the property.
    var message: String
}

/// Checks a `call: redirect` body the way Graph's documentation describes it.
///
/// - `targets`: required, 1 to 25 `invitationParticipantInfo`, each with an `identity` identitySet
///   that has at least one known member with an `id`; `phone` ids in E.164.
/// - `timeout`: optional integer, 15 to 90 inclusive.
/// - `callbackUri`: optional absolute `https` URL.
/// - `maskCallee`, `maskCaller` (booleans), `targetDisposition` and `routingPolicies` exist only in `beta`.
/// - Any other property, at any level, is refused, as Graph's OData reader refuses properties a
///   type does not declare.
struct RedirectValidator: Sendable {
    var version: GraphAPIVersion

    /// The invitationParticipantInfo properties (v1.0 and beta); `endpointType` is beta-only.
    private static let targetProperties: Set = [
        "@odata.type", "identity", "hidden", "participantId", "removeFromDefaultAudioRoutingGroup", "replacesCallId",
    ]
    /// identitySet members, and the communicationsIdentitySet additions.
    static let identityMembers: Set = [
        "application", "applicationInstance", "conversation", "conversationIdentityType", "device", "encrypted",
        "onPremises", "guest", "phone", "user", "assertedIdentity", "azureCommunicationServicesUser",
    ]
    private static let identityProperties: Set = ["@odata.type", "id", "displayName", "tenantId", "identityProvider"]
    private static let routingPolicies: Set = [
        "none", "noMissedCall", "disableForwardingExceptPhone", "disableForwarding", "preferSkypeForBusiness",
    ]
    private static let targetDispositions: Set = ["default", "simultaneousRing", "forward"]
    private static let endpointTypes: Set = ["default", "voicemail", "skypeForBusiness", "skypeForBusinessVoipPhone"]

    /// Validates `body`; returns the parsed body.
    func validate(_ body: [UInt8]) throws(RedirectValidationError) -> JSONValue {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw RedirectValidationError(property: "", message: "The request body is not valid JSON: \(error.message).")
        }
        guard let members = document.objectValue else {
            throw RedirectValidationError(property: "", message: "The request body must be a JSON object, not \(document.kindDescription).")
        }
        var allowed: Set = ["targets", "timeout", "callbackUri"]
        if version == .beta {
            allowed.formUnion(["maskCallee", "maskCaller", "targetDisposition", "routingPolicies"])
        }
        for member in members {
            let (key, value) = (member.key, member.value)
            guard allowed.contains(key) else {
                let hint = version == .v1 && ["maskCallee", "maskCaller", "targetDisposition", "routingPolicies"].contains(key)
                    ? " It exists only in the beta API." : ""
                throw unknown(key, on: "redirect request body", at: key, hint: hint)
            }
            try validateTopLevel(key, value)
        }
        guard document["targets"] != nil else {
            throw RedirectValidationError(property: "targets", message: "The property 'targets' is required.")
        }
        return document
    }

    private func validateTopLevel(_ key: String, _ value: JSONValue) throws(RedirectValidationError) {
        switch (key, value) {
        case ("targets", .array(let targets)):
            guard (1...25).contains(targets.count) else {
                throw RedirectValidationError(
                    property: "targets",
                    message: "The property 'targets' must have 1 to 25 entries; it has \(targets.count).")
            }
            for (index, target) in targets.enumerated() {
                try validateTarget(target, path: "targets[\(index)]")
            }
        case ("timeout", .number(let seconds)):
            guard seconds.rounded() == seconds, (15...90).contains(seconds) else {
                throw RedirectValidationError(
                    property: "timeout",
                    message: "The property 'timeout' must be a whole number of seconds from 15 to 90; it is \(seconds).")
            }
        case ("callbackUri", .string(let uri)):
            try validateCallbackURI(uri)
        case ("maskCallee", .bool), ("maskCaller", .bool):
            return
        case ("targetDisposition", .string(let disposition)) where Self.targetDispositions.contains(disposition):
            return
        case ("routingPolicies", .array(let policies)):
            for (index, policy) in policies.enumerated() {
                guard let name = policy.stringValue, Self.routingPolicies.contains(name) else {
                    throw RedirectValidationError(
                        property: "routingPolicies[\(index)]",
                        message: "The value of 'routingPolicies[\(index)]' is not a routingPolicy; expected one of "
                            + Self.routingPolicies.sorted().joined(separator: ", ") + ".")
                }
            }
        default:
            throw RedirectValidationError(
                property: key, message: "The property '\(key)' has an invalid value (\(value.kindDescription)).")
        }
    }

    private func validateCallbackURI(_ uri: String) throws(RedirectValidationError) {
        let lowered = uri.lowercased()
        guard lowered.hasPrefix("https://"), uri.count > "https://".count,
            !uri.dropFirst("https://".count).hasPrefix("/"), !uri.contains(" ")
        else {
            throw RedirectValidationError(
                property: "callbackUri", message: "The property 'callbackUri' must be an absolute https URL; it is '\(uri)'.")
        }
    }

    private func validateTarget(_ target: JSONValue, path: String) throws(RedirectValidationError) {
        guard let members = target.objectValue else {
            throw RedirectValidationError(property: path, message: "'\(path)' must be an invitationParticipantInfo object.")
        }
        var allowed = Self.targetProperties
        if version == .beta { allowed.insert("endpointType") }
        for member in members {
            let (key, value) = (member.key, member.value)
            let memberPath = "\(path).\(key)"
            guard allowed.contains(key) else { throw unknown(key, on: "invitationParticipantInfo", at: memberPath) }
            switch (key, value) {
            case ("@odata.type", .string(let type)) where type == "#microsoft.graph.invitationParticipantInfo": continue
            case ("identity", _): try validateIdentitySet(value, path: memberPath)
            case ("hidden", .bool), ("removeFromDefaultAudioRoutingGroup", .bool): continue
            case ("participantId", .string), ("replacesCallId", .string), ("participantId", .null), ("replacesCallId", .null): continue
            case ("endpointType", .string(let type)) where Self.endpointTypes.contains(type): continue
            default:
                throw RedirectValidationError(
                    property: memberPath, message: "The property '\(memberPath)' has an invalid value (\(value.kindDescription)).")
            }
        }
        guard target["identity"] != nil else {
            throw RedirectValidationError(property: "\(path).identity", message: "The property '\(path).identity' is required.")
        }
    }

    private func validateIdentitySet(_ identitySet: JSONValue, path: String) throws(RedirectValidationError) {
        guard let members = identitySet.objectValue else {
            throw RedirectValidationError(property: path, message: "'\(path)' must be an identitySet object.")
        }
        var identities = 0
        for member in members {
            let (key, value) = (member.key, member.value)
            let memberPath = "\(path).\(key)"
            if key == "@odata.type" {
                guard let type = value.stringValue,
                    ["#microsoft.graph.identitySet", "#microsoft.graph.communicationsIdentitySet"].contains(type)
                else {
                    throw RedirectValidationError(
                        property: memberPath, message: "'\(memberPath)' must be #microsoft.graph.identitySet.")
                }
                continue
            }
            guard Self.identityMembers.contains(key) else { throw unknown(key, on: "identitySet", at: memberPath) }
            if value == .null { continue }
            try validateIdentity(value, kind: key, path: memberPath)
            identities += 1
        }
        guard identities > 0 else {
            throw RedirectValidationError(
                property: path,
                message: "'\(path)' has no identity; set one of application, applicationInstance, phone, user, ….")
        }
    }

    private func validateIdentity(_ identity: JSONValue, kind: String, path: String) throws(RedirectValidationError) {
        guard let members = identity.objectValue else {
            throw RedirectValidationError(property: path, message: "'\(path)' must be an identity object.")
        }
        for member in members {
            let (key, value) = (member.key, member.value)
            let memberPath = "\(path).\(key)"
            guard Self.identityProperties.contains(key) else { throw unknown(key, on: "identity", at: memberPath) }
            switch value {
            case .string: continue
            case .null where key != "id": continue
            default:
                throw RedirectValidationError(
                    property: memberPath, message: "The property '\(memberPath)' must be a string.")
            }
        }
        guard let id = identity["id"]?.stringValue, !id.isEmpty else {
            throw RedirectValidationError(property: "\(path).id", message: "The property '\(path).id' is required.")
        }
        if kind == "phone", !Self.isE164(id) {
            throw RedirectValidationError(
                property: "\(path).id",
                message: "The phone id '\(id)' at '\(path).id' is not in E.164 format (+ and 2 to 15 digits, no leading 0).")
        }
    }

    /// `+` then 2 to 15 digits, the first not 0 (ITU-T E.164).
    static func isE164(_ id: String) -> Bool {
        let digits = id.utf8.dropFirst()
        return id.utf8.first == UInt8(ascii: "+") && (2...15).contains(digits.count)
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            && digits.first != UInt8(ascii: "0")
    }

    private func unknown(_ key: String, on type: String, at path: String, hint: String = "") -> RedirectValidationError {
        RedirectValidationError(
            property: path,
            message: "The property '\(key)' does not exist on \(type) (at '\(path)') in the \(version.rawValue) API.\(hint)")
    }
}
