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
            return median * Foundation.exp(sigma * z)
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
            guard let median = SimulatedLatency.parseDuration(parts[1]), let sigma = Double(parts[2]), sigma >= 0 else {
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

    /// Parses the duration text form of flags and the control API: `250ms`, `1.5s`, `2s`, or a
    /// bare number of milliseconds.
    public static func parseDuration(_ text: String) -> Duration? {
        let lowered = text.lowercased()
        if lowered.hasSuffix("ms"), let value = Double(lowered.dropLast(2)), value >= 0 {
            return .milliseconds(value)
        }
        if lowered.hasSuffix("s"), let value = Double(lowered.dropLast()), value >= 0 {
            return .milliseconds(value * 1000)
        }
        if let value = Double(lowered), value >= 0 {
            return .milliseconds(value)
        }
        return nil
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return "\(Int(milliseconds.rounded()))ms"
    }
}
