import Foundation
import Graph
import Logging

/// Sends a call's redirect to Graph: the Graph client, or a fake in tests.
protocol CallRedirecting: Sendable {
    /// Redirects the call, retrying within `deadline`; see `GraphClient.redirect`.
    func redirect(
        callID: String,
        tenantID: String,
        body: [UInt8],
        idempotencyKey: UUID,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> GraphRedirectResult
}

extension GraphClient: CallRedirecting {}
