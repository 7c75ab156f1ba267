import Foundation

/// Faults injected at random into redirect requests, each with its own rate (0 to 1).
///
/// Text form (flags, environment): comma-separated `kind=rate` pairs, for example
/// `429=0.05,503=0.02,reset=0.01,slow=0.01`, with kinds `429`, `503`, `500`, `slow`, `reset`, `lost`;
/// plus `retry-after=<seconds>`, `slow-delay=<duration>` and `lost-delay=<duration>` (`0` closes the
/// connection instead of answering late).
public struct SimulatedFaults: Sendable, Hashable, CustomStringConvertible {
    /// Share of requests answered 429, default 0.
    public var throttleRate: Double
    /// `Retry-After` seconds on injected 429 and 503 answers, default 1.
    public var retryAfterSeconds: Int
    /// Share of requests answered 503, default 0.
    public var unavailableRate: Double
    /// Share of requests answered 500, default 0.
    public var internalErrorRate: Double
    /// Share of requests held for `slowDelay` before being handled, default 0.
    public var slowRate: Double
    /// How long a slow request is held, default 10 s (beyond a 5 s client attempt timeout).
    public var slowDelay: Duration
    /// Share of requests whose connection is closed without an answer, default 0.
    public var resetRate: Double
    /// Share of requests carried out whose answer is then lost (see ``SimulatedFault/lostAnswer(delay:)``), default 0.
    public var lostRate: Double
    /// How long a lost answer is held before it is sent anyway; zero closes the connection instead. Default 6 s
    /// (beyond a 5 s client attempt timeout).
    public var lostDelay: Duration

    /// Creates fault rates; all default to no faults.
    public init(
        throttleRate: Double = 0,
        retryAfterSeconds: Int = 1,
        unavailableRate: Double = 0,
        internalErrorRate: Double = 0,
        slowRate: Double = 0,
        slowDelay: Duration = .seconds(10),
        resetRate: Double = 0,
        lostRate: Double = 0,
        lostDelay: Duration = .seconds(6)
    ) {
        self.throttleRate = throttleRate
        self.retryAfterSeconds = retryAfterSeconds
        self.unavailableRate = unavailableRate
        self.internalErrorRate = internalErrorRate
        self.slowRate = slowRate
        self.slowDelay = slowDelay
        self.resetRate = resetRate
        self.lostRate = lostRate
        self.lostDelay = lostDelay
    }

    /// No faults.
    public static let none = SimulatedFaults()

    /// The fault for one request, drawn with one uniform number in `0 ..< 1`; `nil` for none.
    public func draw(unitRandom: Double) -> SimulatedFault? {
        var threshold = 0.0
        let choices: [(Double, SimulatedFault)] = [
            (throttleRate, .throttle(retryAfter: retryAfterSeconds)),
            (unavailableRate, .unavailable(retryAfter: retryAfterSeconds)),
            (internalErrorRate, .serverError(status: 500)),
            (slowRate, .slow(slowDelay)),
            (resetRate, .reset),
            (lostRate, .lostAnswer(delay: lostDelay == .zero ? nil : lostDelay)),
        ]
        for (rate, fault) in choices {
            threshold += rate
            if unitRandom < threshold { return fault }
        }
        return nil
    }

    /// Parses the text form.
    public init?(parsing text: String) {
        self.init()
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { return nil }
            let (key, value) = (parts[0].lowercased(), parts[1])
            switch key {
            case "retry-after":
                guard let seconds = Int(value), seconds >= 0 else { return nil }
                retryAfterSeconds = seconds
            case "slow-delay":
                guard let delay = SimulatedLatency.parseDuration(value) else { return nil }
                slowDelay = delay
            case "lost-delay":
                guard let delay = SimulatedLatency.parseDuration(value) else { return nil }
                lostDelay = delay
            default:
                guard let rate = Double(value), (0...1).contains(rate) else { return nil }
                switch key {
                case "429": throttleRate = rate
                case "503": unavailableRate = rate
                case "500": internalErrorRate = rate
                case "slow": slowRate = rate
                case "reset": resetRate = rate
                case "lost": lostRate = rate
                default: return nil
                }
            }
        }
    }

    public var description: String {
        "429=\(throttleRate),503=\(unavailableRate),500=\(internalErrorRate),slow=\(slowRate),reset=\(resetRate),"
            + "lost=\(lostRate),retry-after=\(retryAfterSeconds),slow-delay=\(SimulatedLatency.format(slowDelay)),"
            + "lost-delay=\(SimulatedLatency.format(lostDelay))"
    }
}
