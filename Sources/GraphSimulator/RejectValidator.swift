import CallModel

/// Checks a `call: reject` body the way Graph's documentation describes it (v1.0 and beta alike).
///
/// - `reason`: optional; `none`, `busy` or `forbidden` (Graph's examples send lower case; the enum is
///   matched without regard to case, as Graph's OData reader does).
/// - `callbackUri`: optional absolute `https` URL.
/// - Any other property is refused, as Graph refuses properties a type does not declare.
struct RejectValidator: Sendable {
    var version: GraphAPIVersion

    /// Graph's `rejectReason` values.
    static let reasons = ["none", "busy", "forbidden"]

    /// Validates `body`; returns the reason (`none` when absent) and the callback URI, if any.
    func validate(_ body: [UInt8]) throws(RedirectValidationError) -> (reason: String, callbackURI: String?) {
        let document: JSONValue
        do {
            document = try JSONValue.parse(body)
        } catch {
            throw RedirectValidationError(property: "", message: "The request body is not valid JSON: \(error.message).")
        }
        guard let members = document.objectValue else {
            throw RedirectValidationError(
                property: "", message: "The request body must be a JSON object, not \(document.kindDescription).")
        }
        var reason = "none"
        var callbackURI: String?
        for member in members {
            switch (member.key, member.value) {
            case ("reason", .string(let text)):
                guard let known = Self.reasons.first(where: { $0 == text.lowercased() }) else {
                    throw RedirectValidationError(
                        property: "reason",
                        message: "The value '\(text)' of 'reason' is not a rejectReason; use one of none, busy, forbidden.")
                }
                reason = known
            case ("callbackUri", .string(let uri)):
                let lowered = uri.lowercased()
                guard lowered.hasPrefix("https://"), uri.count > "https://".count,
                    !uri.dropFirst("https://".count).hasPrefix("/"), !uri.contains(" ")
                else {
                    throw RedirectValidationError(
                        property: "callbackUri",
                        message: "The property 'callbackUri' must be an absolute https URL; it is '\(uri)'.")
                }
                callbackURI = uri
            case ("reason", let value), ("callbackUri", let value):
                throw RedirectValidationError(
                    property: member.key,
                    message: "The property '\(member.key)' has an invalid value (\(value.kindDescription)); it must be a string.")
            default:
                throw RedirectValidationError(
                    property: member.key,
                    message: "The property '\(member.key)' does not exist on reject request body in the \(version.rawValue) API.")
            }
        }
        return (reason, callbackURI)
    }
}
