public import Foundation

extension GraphRetryPolicy {
    /// The wait a `Retry-After` header asks for: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
    ///
    /// A date in the past means no wait; a value that is neither form is ignored (`nil`), so the
    /// client falls back to its own backoff.
    /// - Parameters:
    ///   - value: The header's value.
    ///   - now: The current wall-clock time, for the date form.
    public static func retryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            return .seconds(max(seconds, 0))
        }
        guard let date = parseHTTPDate(trimmed) else { return nil }
        // Capped at a day before the Int64 conversion, which traps on far-future dates; any wait
        // past the call's deadline already ends the redirect.
        let interval = min(date.timeIntervalSince(now), 86_400)
        return interval > 0 ? .milliseconds(Int64((interval * 1000).rounded(.up))) : .zero
    }

    /// The three date formats HTTP allows; senders must use the first (IMF-fixdate).
    private static let httpDateFormats = [
        "EEE, dd MMM yyyy HH:mm:ss zzz",
        "EEEE, dd-MMM-yy HH:mm:ss zzz",
        "EEE MMM d HH:mm:ss yyyy",
    ]

    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in httpDateFormats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
