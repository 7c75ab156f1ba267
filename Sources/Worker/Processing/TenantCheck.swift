import CallModel

/// The trust check between the tenant the ingress verified (bearer token `tid`, in a header) and
/// the tenant the notification body claims: a record whose body names another tenant is not acted on.
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
        guard let headerTenant else {
            guard requireHeader else { return nil }
            return Problem(
                code: "unverifiedTenant",
                message: "the record has no \(NotificationHeaders.tenant) header, so its tenant was not verified by the ingress"
            )
        }
        for notification in notifications.value {
            guard let bodyTenant = notification.resourceData?.tenantID, !bodyTenant.isEmpty else { continue }
            if bodyTenant.lowercased() != headerTenant.lowercased() {
                return Problem(
                    code: "tenantMismatch",
                    message: "call \(notification.callID) names tenant \(bodyTenant) but the ingress verified tenant \(headerTenant)"
                )
            }
        }
        return nil
    }
}
