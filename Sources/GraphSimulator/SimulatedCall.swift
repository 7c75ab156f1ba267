import CallModel
import Foundation

/// A call the simulator offered, and what has happened to it.
struct SimulatedCall: Sendable {
    var id: String
    var tenantID: String
    var callbackURI: String
    /// `resourceData.source` of the incoming notification.
    var source: JSONValue
    /// `resourceData.targets` of the incoming notification.
    var targets: JSONValue
    var myParticipantID: String
    /// The `Scenario-Id` / `X-Microsoft-Skype-Chain-ID` of the call's notifications.
    var scenarioID: UUID
    var offeredAt: ContinuousClock.Instant
    /// When the redirect window closes.
    var deadline: ContinuousClock.Instant
    var state: State
    /// When the first redirect request for the call arrived (wall clock, to compare with received-at headers).
    var firstRedirectArrivedAt: Date?

    enum State: Sendable, Hashable {
        case incoming
        /// Redirected; later notifications go to `callbackURI`.
        case redirected(callbackURI: String)
        /// Rejected (`busy`, `forbidden` or `none`); later notifications go to `callbackURI`.
        case rejected(reason: String, callbackURI: String)
        case terminated
    }
}
