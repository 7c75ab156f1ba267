import Foundation

/// How long the simulated Graph takes to answer a redirect.
///
/// Text form (flags, environment, control API): `0`, `200ms` (fixed), or `lognormal:200ms:0.5`
/// (log-normal with median 200 ms and σ 0.5; σ 1 gives a p99 of about 10× the median).
public enum SimulatedLatency: Sendable, Hashable, CustomStringConvertible {
    /// Answer at once.
    case none
    /// Always this long.
    case fixed(Duration)
    /// Log-normal around `median`, heavy-tailed: `median × e^(sigma × Z)`, Z standard normal.
    case logNormal(median: Duration, sigma: Double)

    /// One sample.
    public func sample() -> Duration {
        var generator = SystemRandomNumberGenerator()
        return sample(using: &generator)
    }

    /// One sample, from the given generator.
    public func sample(using generator: inout some RandomNumberGenerator) -> Duration {
        switch self {
        case .none: return .zero
        case .fixed(let duration): return duration
        case .logNormal(let median, let sigma):
            // Box–Muller: two uniforms give one standard normal.
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            let z = (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            let milliseconds = Self.milliseconds(median) * Foundation.exp(sigma * z)
            // A large sigma overflows to infinity (or 0 × ∞ to NaN); no sample exceeds `longest`.
            guard milliseconds.isFinite else { return median == .zero ? .zero : Self.longest }
            return milliseconds < Self.milliseconds(Self.longest) ? .milliseconds(milliseconds) : Self.longest
        }
    }

    /// The mean of the samples: for a log-normal `median × e^(σ²/2)`, above the median by the weight of its tail
    /// (×1.2 at σ 0.6). What a concurrency bound divides by (Little's law).
    public var mean: Duration {
        switch self {
        case .none: return .zero
        case .fixed(let duration): return duration
        case .logNormal(let median, let sigma):
            let milliseconds = Self.milliseconds(median) * Foundation.exp(sigma * sigma / 2)
            // As `sample()` draws: never past `longest` (a large sigma overflows to infinity).
            guard milliseconds.isFinite, milliseconds < Self.milliseconds(Self.longest) else {
                return median == .zero ? .zero : Self.longest
            }
            return .milliseconds(milliseconds)
        }
    }

    /// Parses the text form.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":").map(String.init)
        switch parts.count {
        case 1:
            guard let duration = SimulatedLatency.parseDuration(parts[0]) else { return nil }
            self = duration == .zero ? .none : .fixed(duration)
        case 3 where parts[0].lowercased() == "lognormal":
            guard let median = SimulatedLatency.parseDuration(parts[1]), let sigma = Double(parts[2]), sigma >= 0, sigma.isFinite else {
                return nil
            }
            self = .logNormal(median: median, sigma: sigma)
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .none: "0"
        case .fixed(let duration): Self.format(duration)
        case .logNormal(let median, let sigma): "lognormal:\(Self.format(median)):\(sigma)"
        }
    }

    /// The longest latency or delay the simulator accepts or draws: an hour, far past any call window.
    public static let longest = Duration.seconds(3600)

    /// Parses the duration text form of flags and the control API: `250ms`, `1.5s`, `2s`, or a
    /// bare number of milliseconds; `nil` for a negative, non-finite or longer than ``longest`` one.
    public static func parseDuration(_ text: String) -> Duration? {
        let lowered = text.lowercased()
        let milliseconds: Double?
        if lowered.hasSuffix("ms") {
            milliseconds = Double(lowered.dropLast(2))
        } else if lowered.hasSuffix("s") {
            milliseconds = Double(lowered.dropLast()).map { $0 * 1000 }
        } else {
            milliseconds = Double(lowered)
        }
        // `value <= longest` is false for NaN, and bounds the Duration conversion, which traps on infinity.
        guard let value = milliseconds, value >= 0, value <= Self.milliseconds(longest) else { return nil }
        return .milliseconds(value)
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func format(_ duration: Duration) -> String {
        "\(Int(milliseconds(duration).rounded()))ms"
    }
}
