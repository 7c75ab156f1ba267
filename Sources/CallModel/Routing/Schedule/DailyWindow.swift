/// Opening hours within a day, `08:00-18:00`; a window whose end is not after its start crosses
/// midnight (`22:00-06:00` runs into the next day).
public struct DailyWindow: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes after local midnight when the window opens, 0...1439.
    public var startMinute: Int
    /// Minutes after local midnight when it closes (exclusive), 1...1440; at or before
    /// `startMinute` means the next day.
    public var endMinute: Int

    /// Creates a window; start and end must differ.
    public init(startMinute: Int, endMinute: Int) {
        precondition((0..<1440).contains(startMinute) && (1...1440).contains(endMinute) && startMinute != endMinute)
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// The whole day, `00:00-24:00`.
    public static let allDay = DailyWindow(startMinute: 0, endMinute: 1440)

    /// Whether the window runs past midnight into the next day.
    public var crossesMidnight: Bool { endMinute <= startMinute }

    /// `08:00-18:00`.
    public var description: String {
        "\(Self.clock(startMinute))-\(Self.clock(endMinute))"
    }

    /// Reads `HH:MM-HH:MM` (24-hour clock; `24:00` only as an end).
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let start = Self.minutes(parts[0].trimmingSpaces, allowing24: false),
            let end = Self.minutes(parts[1].trimmingSpaces, allowing24: true),
            start != end
        else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    static func clock(_ minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    private static func minutes(_ text: Substring, allowing24: Bool) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
            (0...59).contains(minutes)
        else { return nil }
        if hours == 24, minutes == 0, allowing24 { return 1440 }
        guard (0...23).contains(hours) else { return nil }
        return hours * 60 + minutes
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return text
    }
}
