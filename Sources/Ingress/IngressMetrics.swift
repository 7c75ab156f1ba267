import Foundation
import Metrics

/// The ingress's metrics, created once so the request path only increments them.
///
/// - `switchboard_ingress_requests_total{status}`: notification requests by HTTP status.
/// - `switchboard_ingress_produce_duration_seconds`: time from hand-off to the broker's acknowledgement
///   of every record of a request.
/// - `switchboard_ingress_auth_failures_total{reason}`: refused tokens by ``AuthenticationFailure/Code``.
/// - `switchboard_ingress_in_flight`: notifications being read or stored now.
/// - `switchboard_ingress_records_total`: records stored (more than requests when bodies are split).
/// - `switchboard_ingress_signing_key_fetches_total{result}`: fetches of the OpenID metadata and its
///   keys (JWKS), `success` or `failure`.
/// - `switchboard_ingress_signing_keys_fetched_timestamp_seconds`: when the keys in use were fetched
///   (Unix time; 0 until the first fetch works), so `time() - …` is their age.
final class IngressMetrics: Sendable {
    private let factory: any MetricsFactory
    private let requestsByStatus: [Int: Counter]
    private let authFailuresByReason: [String: Counter]
    let produceDuration: Metrics.Timer
    let inFlight: Gauge
    let records: Counter
    let keyFetchSuccesses: Counter
    let keyFetchFailures: Counter
    let keysFetchedAt: Gauge

    static let requestsLabel = "switchboard_ingress_requests_total"
    static let authFailuresLabel = "switchboard_ingress_auth_failures_total"

    init(factory: any MetricsFactory) {
        self.factory = factory
        var requests: [Int: Counter] = [:]
        for status in [202, 204, 400, 401, 403, 408, 413, 415, 500, 503] {
            requests[status] = Counter(label: Self.requestsLabel, dimensions: [("status", String(status))], factory: factory)
        }
        requestsByStatus = requests
        let reasons: [AuthenticationFailure.Code] = [
            .missingToken, .malformedToken, .unsupportedAlgorithm, .missingKeyID, .unknownKey, .invalidSignature,
            .expired, .notYetValid, .lifetimeTooLong, .wrongIssuer, .wrongAudience, .missingTenant, .invalidTenant,
            .tenantNotAllowed, .keysUnavailable,
        ]
        var failures: [String: Counter] = [:]
        for reason in reasons {
            failures[reason.rawValue] = Counter(
                label: Self.authFailuresLabel,
                dimensions: [("reason", reason.rawValue)],
                factory: factory
            )
        }
        authFailuresByReason = failures
        produceDuration = Metrics.Timer(label: "switchboard_ingress_produce_duration_seconds", factory: factory)
        inFlight = Gauge(label: "switchboard_ingress_in_flight", factory: factory)
        records = Counter(label: "switchboard_ingress_records_total", factory: factory)
        keyFetchSuccesses = Counter(label: Self.keyFetchesLabel, dimensions: [("result", "success")], factory: factory)
        keyFetchFailures = Counter(label: Self.keyFetchesLabel, dimensions: [("result", "failure")], factory: factory)
        keysFetchedAt = Gauge(label: "switchboard_ingress_signing_keys_fetched_timestamp_seconds", factory: factory)
        // Served from the start, so "never fetched" reads as age `time() - 0`, not as a missing series.
        keysFetchedAt.record(0)
    }

    static let keyFetchesLabel = "switchboard_ingress_signing_key_fetches_total"

    /// Counts one fetch of the signing keys; a successful one also dates the keys in use.
    func countKeyFetch(succeeded: Bool, at now: Date = Date()) {
        if succeeded {
            keyFetchSuccesses.increment()
            keysFetchedAt.record(now.timeIntervalSince1970)
        } else {
            keyFetchFailures.increment()
        }
    }

    /// Counts one answered notification request.
    func countRequest(status: Int) {
        if let counter = requestsByStatus[status] {
            counter.increment()
        } else {
            Counter(label: Self.requestsLabel, dimensions: [("status", String(status))], factory: factory).increment()
        }
    }

    /// Counts one refused token.
    func countAuthFailure(_ code: AuthenticationFailure.Code) {
        if let counter = authFailuresByReason[code.rawValue] {
            counter.increment()
        } else {
            Counter(label: Self.authFailuresLabel, dimensions: [("reason", code.rawValue)], factory: factory).increment()
        }
    }
}
