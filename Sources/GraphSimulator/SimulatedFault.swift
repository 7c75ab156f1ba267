import Foundation

/// One misbehaviour of the simulated Graph, applied to one redirect request.
///
/// Text form: `429` (optionally `429:<seconds>` for its `Retry-After`), `503` (optionally `503:<seconds>`),
/// `500`, `502`, `504`, `401`, `slow` (optionally `slow:<duration>`), `reset`, `lost` (optionally
/// `lost:<duration>`).
public enum SimulatedFault: Sendable, Hashable, CustomStringConvertible {
    /// 429 with `Retry-After` in seconds (`nil`: no header).
    case throttle(retryAfter: Int?)
    /// 503 with an optional `Retry-After` in seconds.
    case unavailable(retryAfter: Int?)
    /// 500, 502 or 504 with a Graph error body.
    case serverError(status: Int)
    /// 401 as if the token had been revoked.
    case unauthorized
    /// Holds the request this long, then handles it normally (so it may be accepted after the
    /// client gave up on it, as a real slow Graph would).
    case slow(Duration)
    /// Closes the connection without answering.
    case reset
    /// Carries the redirect out (a call that can be redirected is redirected, its `terminated` callback
    /// follows), then loses the answer: with no delay the connection is closed without a response; with a
    /// delay the 202 is held that long, past a client's attempt timeout. The client cannot tell whether the
    /// call was redirected: the case a worker must report as `unconfirmed`, never `failed` or `expired`.
    case lostAnswer(delay: Duration?)

    /// Parses the text form.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        guard let kind = parts.first else { return nil }
        let argument = parts.count > 1 ? parts[1] : nil
        switch kind {
        case "429":
            guard let seconds = Self.seconds(argument) else { return nil }
            self = .throttle(retryAfter: seconds)
        case "503":
            guard let seconds = Self.seconds(argument) else { return nil }
            self = .unavailable(retryAfter: seconds)
        case "500", "502", "504":
            guard argument == nil, let status = Int(kind) else { return nil }
            self = .serverError(status: status)
        case "401":
            self = .unauthorized
        case "slow":
            guard let argument else {
                self = .slow(.seconds(10))
                return
            }
            guard let delay = SimulatedLatency.parseDuration(argument) else { return nil }
            self = .slow(delay)
        case "reset":
            self = .reset
        case "lost":
            guard let argument else {
                self = .lostAnswer(delay: nil)
                return
            }
            guard let delay = SimulatedLatency.parseDuration(argument) else { return nil }
            self = .lostAnswer(delay: delay)
        default:
            return nil
        }
    }

    /// `nil` argument: no seconds (`.some(nil)`); invalid: `nil`.
    private static func seconds(_ argument: String?) -> Int?? {
        guard let argument else { return .some(nil) }
        guard let seconds = Int(argument), seconds >= 0 else { return nil }
        return .some(seconds)
    }

    public var description: String {
        switch self {
        case .throttle(let retryAfter): retryAfter.map { "429:\($0)" } ?? "429"
        case .unavailable(let retryAfter): retryAfter.map { "503:\($0)" } ?? "503"
        case .serverError(let status): "\(status)"
        case .unauthorized: "401"
        case .slow(let delay): "slow:\(SimulatedLatency.format(delay))"
        case .reset: "reset"
        case .lostAnswer(let delay): delay.map { "lost:\(SimulatedLatency.format($0))" } ?? "lost"
        }
    }
}
