import Foundation
import Graph
import Logging

/// Answers an incoming call through Graph (redirect or reject): the Graph client, or a fake in tests.
protocol CallRedirecting: Sendable {
    /// Sends `answer` for the call, retrying within `deadline`; see `GraphClient.answer`.
    func answer(
        _ answer: CallAnswer,
        callID: String,
        tenantID: String,
        body: [UInt8],
        idempotencyKey: UUID,
        deadline: ContinuousClock.Instant,
        logger: Logger
    ) async -> GraphRedirectResult
}

extension GraphClient: CallRedirecting {}
