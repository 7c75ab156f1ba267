import Foundation
import Yams

/// The `action` of a rule and the file's `default`.
extension RulesDocumentReader {
    static let redirectKeys = ["targets", "timeout", "maskCallee", "maskCaller", "callbackUri", "routingPolicies"]
    /// Graph's `routingPolicy` values (beta `call` resource).
    static let routingPolicyValues = [
        "none", "noMissedCall", "disableForwardingExceptPhone", "disableForwarding", "preferSkypeForBusiness",
    ]
    /// Graph's limit for simultaneous ring.
    static let maximumTargets = 25
    /// Graph's accepted redirect timeout, in seconds.
    static let timeoutRange = 15...90

    /// The keys of an action; exactly one of them.
    static let actionKeys = ["redirect", "ignore", "reject"]

    mutating func action(_ node: Node, at path: String) -> RoutingAction? {
        guard let fields = mapping(node, at: path, allowed: Self.actionKeys) else { return nil }
        let given = Self.actionKeys.filter { fields[$0] != nil }
        guard given.count == 1, let key = given.first, let value = fields[key] else {
            if given.isEmpty {
                report(.missingField, path, "needs `redirect`, `ignore` or `reject`", node)
            } else {
                let names = given.map { "`\($0)`" }
                let list = names.count == 2 ? "both " + names.joined(separator: " and ")
                    : names.dropLast().joined(separator: ", ") + " and " + (names.last ?? "")
                report(.conflictingFields, path, "has \(list); keep one", node)
            }
            return nil
        }
        switch key {
        case "redirect":
            return redirectPlan(value, at: path + ".redirect").map(RoutingAction.redirect)
        case "ignore":
            if isNull(value) { return .ignore(reason: nil) }
            guard let ignoreFields = mapping(value, at: path + ".ignore", allowed: ["reason"]) else { return nil }
            return .ignore(reason: ignoreFields["reason"].flatMap { string($0, at: path + ".ignore.reason") })
        default:
            return rejectReason(value, at: path + ".reject").map(RoutingAction.reject)
        }
    }

    /// `reject:` (reason `none`), or `reject: { reason: busy | forbidden | none }`.
    private mutating func rejectReason(_ node: Node, at path: String) -> RejectReason? {
        if isNull(node) { return RejectReason.none }
        guard let fields = mapping(node, at: path, allowed: ["reason"]) else { return nil }
        guard let reasonNode = fields["reason"] else { return RejectReason.none }
        guard let text = string(reasonNode, at: path + ".reason") else { return nil }
        guard let reason = RejectReason.allCases.first(where: { asciiCaseInsensitiveEquals($0.rawValue, text) }) else {
            report(.invalidValue, path + ".reason",
                   "\"\(text)\" is not a Graph reject reason; use one of "
                   + RejectReason.allCases.map(\.rawValue).joined(separator: ", "), reasonNode)
            return nil
        }
        return reason
    }

    private mutating func redirectPlan(_ node: Node, at path: String) -> RedirectPlan? {
        guard let fields = mapping(node, at: path, allowed: Self.redirectKeys) else { return nil }
        let issuesBefore = issues.count
        var plan = RedirectPlan(targets: [])
        if let targetsNode = fields["targets"] {
            plan.targets = targets(targetsNode, at: path + ".targets")
        } else {
            report(.missingField, path + ".targets", "a redirect needs 1 to \(Self.maximumTargets) targets", node)
        }
        if let timeoutNode = fields["timeout"], let timeout = int(timeoutNode, at: path + ".timeout") {
            if Self.timeoutRange.contains(timeout) {
                plan.timeout = timeout
            } else {
                report(.outOfRange, path + ".timeout",
                       "\(timeout) is outside 15...90 seconds, the range Graph accepts (omit it for Graph's default: "
                       + "55 s for one target, 60 s for several)", timeoutNode)
            }
        }
        for key in ["maskCallee", "maskCaller"] {
            guard let flagNode = fields[key], let flag = bool(flagNode, at: path + "." + key) else { continue }
            guard betaOnly(key, at: path + "." + key, flagNode) else { continue }
            if key == "maskCallee" { plan.maskCallee = flag } else { plan.maskCaller = flag }
        }
        if let uriNode = fields["callbackUri"], let uri = string(uriNode, at: path + ".callbackUri") {
            if Self.isHTTPSURL(uri) {
                plan.callbackURI = uri
            } else {
                report(.insecureCallbackURI, path + ".callbackUri",
                       "\"\(uri)\" is not an absolute https URL; Graph requires https for callback URIs", uriNode)
            }
        }
        if let policiesNode = fields["routingPolicies"] {
            plan.routingPolicies = routingPolicies(policiesNode, at: path + ".routingPolicies")
        }
        return issues.count == issuesBefore ? plan : nil
    }

    private mutating func targets(_ node: Node, at path: String) -> [RedirectTarget] {
        guard let elements = sequence(node, at: path) else { return [] }
        if elements.isEmpty {
            report(.targetCount, path, "is empty; a redirect needs 1 to \(Self.maximumTargets) targets", node)
        } else if elements.count > Self.maximumTargets {
            report(.targetCount, path,
                   "has \(elements.count) targets; Graph rings at most \(Self.maximumTargets) at once", node)
        }
        var targets: [RedirectTarget] = []
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            guard let target = target(element, at: "\(path)[\(index)]") else { continue }
            let key = target.kind.rawValue + ":" + asciiLowercased(target.id)
            if let first = seen[key] {
                report(.invalidValue, "\(path)[\(index)]", "repeats \(path)[\(first)] (\(target.summary))", element)
            } else {
                seen[key] = index
            }
            targets.append(target)
        }
        return targets
    }

    private mutating func target(_ node: Node, at path: String) -> RedirectTarget? {
        let kinds = RedirectTarget.Kind.allCases.map(\.rawValue)
        guard let fields = mapping(node, at: path, allowed: kinds) else { return nil }
        guard fields.count == 1, let (key, value) = fields.first, let kind = RedirectTarget.Kind(rawValue: key) else {
            report(fields.isEmpty ? .missingField : .conflictingFields, path,
                   "a target needs exactly one of " + kinds.joined(separator: ", "), node)
            return nil
        }
        let subpath = path + "." + key
        if kind == .phone, case .scalar = value {
            guard let number = string(value, at: subpath), e164(number, at: subpath, value) else { return nil }
            return RedirectTarget(kind: .phone, id: number)
        }
        if case .scalar = value, let id = string(value, at: subpath) {
            guard Self.isGUID(id) else {
                report(.invalidValue, subpath, "\"\(id)\" is not a GUID (\(key) ids look like 22bfd41f-550e-477d-8789-f6f7bd2a5e8b)", value)
                return nil
            }
            return RedirectTarget(kind: kind, id: id)
        }
        guard let identity = mapping(value, at: subpath, allowed: ["id", "displayName", "tenantId"]) else { return nil }
        guard let idNode = identity["id"] else {
            report(.missingField, subpath + ".id", "a \(key) target needs an id", value)
            return nil
        }
        guard let id = string(idNode, at: subpath + ".id") else { return nil }
        if kind == .phone {
            guard e164(id, at: subpath + ".id", idNode) else { return nil }
        } else if !Self.isGUID(id) {
            report(.invalidValue, subpath + ".id", "\"\(id)\" is not a GUID (\(key) ids look like 22bfd41f-550e-477d-8789-f6f7bd2a5e8b)", idNode)
            return nil
        }
        let displayName = identity["displayName"].flatMap { string($0, at: subpath + ".displayName") }
        var tenantID: String?
        if let tenantNode = identity["tenantId"], let tenant = string(tenantNode, at: subpath + ".tenantId") {
            guard Self.isGUID(tenant) else {
                report(.invalidValue, subpath + ".tenantId", "\"\(tenant)\" is not a tenant GUID", tenantNode)
                return nil
            }
            tenantID = tenant
        }
        return RedirectTarget(kind: kind, id: id, displayName: displayName, tenantID: tenantID)
    }

    private mutating func routingPolicies(_ node: Node, at path: String) -> [String] {
        guard let values = strings(node, at: path), betaOnly("routingPolicies", at: path, node) else { return [] }
        var policies: [String] = []
        for (index, entry) in values.enumerated() {
            if let policy = Self.routingPolicyValues.first(where: { asciiCaseInsensitiveEquals($0, entry.value) }) {
                policies.append(policy)
            } else {
                report(.invalidValue, isSequence(node) ? "\(path)[\(index)]" : path,
                       "\"\(entry.value)\" is not a Graph routing policy; use one of "
                       + Self.routingPolicyValues.joined(separator: ", "), entry.node)
            }
        }
        return policies
    }

    /// Reports `key` when the configured API version is v1.0; returns whether it may be used.
    private mutating func betaOnly(_ key: String, at path: String, _ node: Node) -> Bool {
        guard apiVersion == .v1 else { return true }
        report(.betaOnly, path,
               "\(key) is only accepted by Graph beta, but the configured Graph API version is v1.0; "
               + "configure the beta API version or remove \(key)", node)
        return false
    }

    static func isHTTPSURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme, let host = url.host, !host.isEmpty else {
            return false
        }
        return asciiCaseInsensitiveEquals(scheme, "https")
    }
}
