import CallModel

/// The trust check between the tenant the ingress verified (bearer token `tid`, in a header) and
/// the tenant the notification body claims: a record whose body names another tenant is not acted on.
/// Call ids are checked here too, before any reaches a Graph URL path.
enum TenantCheck {
    /// Why a record is suspicious, as a dead-letter code and message.
    struct Problem: Sendable, Hashable {
        var code: String
        var message: String
    }

    /// The problem with the record's tenants, or `nil` when it may be acted on.
    ///
    /// - Parameters:
    ///   - headerTenant: The ingress-verified tenant, if the header is present.
    ///   - requireHeader: Whether a record without the header is suspicious.
    static func problem(in notifications: CommsNotifications, headerTenant: String?, requireHeader: Bool) -> Problem? {
        for notification in notifications.value where !CallIDPattern.matches(notification.callID) {
            return Problem(
                code: "invalidCallID",
                message: "call id \"\(notification.callID.prefix(64))\" is not 1 to \(CallIDPattern.maxLength) letters, digits, '-', '_' or '.' "
                    + "starting with a letter or digit"
            )
        }
        guard let headerTenant else {
            guard requireHeader else { return nil }
            return Problem(
                code: "unverifiedTenant",
                message: "the record has no \(NotificationHeaders.tenant) header, so its tenant was not verified by the ingress"
            )
        }
        guard let verified = TenantID.normalized(headerTenant) else {
            return Problem(
                code: "invalidTenant",
                message: "the \(NotificationHeaders.tenant) header \"\(headerTenant.prefix(64))\" is not a tenant GUID"
            )
        }
        for notification in notifications.value {
            guard let bodyTenant = notification.resourceData?.tenantID, !bodyTenant.isEmpty else { continue }
            if TenantID.normalized(bodyTenant) != verified {
                return Problem(
                    code: "tenantMismatch",
                    message: "call \(notification.callID) names tenant \(bodyTenant) but the ingress verified tenant \(headerTenant)"
                )
            }
        }
        return nil
    }

    /// The ingress-verified tenant as every tenant is used downstream (tokens, rate limits, outcomes): a
    /// lowercase GUID; the header's text when it is not a GUID (such a record never passes ``problem(in:headerTenant:requireHeader:)``).
    static func normalized(_ headerTenant: String?) -> String? {
        headerTenant.map { TenantID.normalized($0) ?? $0 }
    }
}
