import CallModel
import Foundation

/// What the ingress knows about a notification besides its body; becomes the record's headers.
struct NotificationMetadata: Sendable, Hashable {
    /// When the ingress received the request: the earliest local evidence of when the call's
    /// 15-second window started.
    var receivedAt: Date
    /// The tenant from the token's `tid`; `nil` when authentication is off.
    var tenantID: String?
    /// Graph's `Scenario-Id` header.
    var scenarioID: String?
    /// Graph's `X-Microsoft-Skype-Chain-ID` header.
    var chainID: String?
    /// Graph's `X-Microsoft-Skype-Message-ID` header.
    var messageID: String?
    /// The propagated or newly started W3C `traceparent`.
    var traceparent: String

    /// The record headers, in a fixed order; absent values are left out.
    var recordHeaders: [NotificationRecordHeader] {
        var headers = [NotificationRecordHeader(name: NotificationHeaders.receivedAt, value: NotificationHeaders.receivedAtValue(receivedAt))]
        if let tenantID { headers.append(.init(name: NotificationHeaders.tenant, value: tenantID)) }
        if let scenarioID { headers.append(.init(name: NotificationHeaders.scenarioID, value: scenarioID)) }
        if let chainID { headers.append(.init(name: NotificationHeaders.chainID, value: chainID)) }
        if let messageID { headers.append(.init(name: NotificationHeaders.messageID, value: messageID)) }
        headers.append(.init(name: NotificationHeaders.traceparent, value: traceparent))
        return headers
    }
}
