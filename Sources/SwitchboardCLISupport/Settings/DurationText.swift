import Foundation

/// The one duration grammar of `switchboard`'s settings: `500ms`, `2s`, `1.5m`, `1h`, or a bare
/// number of seconds (`2` is `2s`), so a flag and its environment variable read the same everywhere.
package enum DurationText {
    /// What an error message says is expected.
    package static let expected = "a duration such as 500ms, 2s, 1.5m or 1h (a bare number is seconds)"

    private static let units: [(suffix: String, milliseconds: Double)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
    ]

    /// The duration `text` names, or `nil` when it is not one (negative, not finite, unknown unit,
    /// or beyond what a `Duration` of whole milliseconds holds).
    package static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        // "ms" is tried before "s" and "m": the first matching suffix wins.
        let unit = units.first { trimmed.hasSuffix($0.suffix) }
        let number = unit.map { trimmed.dropLast($0.suffix.count) } ?? Substring(trimmed)
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value >= 0 else { return nil }
        let milliseconds = (value * (unit?.milliseconds ?? 1000)).rounded()
        // Also refuses infinity: Int64 conversion of anything at or past 2^63 would trap.
        guard milliseconds < 9.0e18 else { return nil }
        return .milliseconds(Int64(milliseconds))
    }
}

extension DurationText {
    /// `duration` as the settings' defaults are written: whole hours as `1h`, else whole seconds as
    /// `30s`, else milliseconds.
    package static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds > 0 && milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }
}

extension SettingsEnvironment {
    /// A duration from the flag, else the variable, else `defaultValue`, in the grammar of `DurationText`.
    ///
    /// - Throws: `ValidationError` naming where the text came from and the expected form.
    package func duration(_ flag: String?, flag flagName: String, _ variable: String, default defaultValue: String) throws -> Duration {
        // The default is always a valid duration, so `parsed` returns a value; `.zero` is never reached.
        try parsed(flag, flag: flagName, variable, default: defaultValue, expected: DurationText.expected, DurationText.parse) ?? .zero
    }
}
