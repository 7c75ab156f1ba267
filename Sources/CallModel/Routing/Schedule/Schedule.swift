public import Foundation

/// Opening hours in a named IANA time zone: weekdays, daily windows and dated holidays.
///
/// A window belongs to the day it opens: `22:00-06:00` on `fri` is open from Friday 22:00 to
/// Saturday 06:00, and a holiday closes the windows that open on that date. Times are local wall
/// clock times, so `08:00-18:00` follows daylight-saving changes. With `outside`, the schedule
/// matches exactly when it is closed (after hours, weekends, holidays).
public struct Schedule: Sendable, Hashable {
    /// The zone the hours and holidays are in.
    public var timeZone: TimeZone
    /// The days on which windows open; every day by default.
    public var weekdays: Set<Weekday>
    /// The windows; the whole day by default.
    public var windows: [DailyWindow]
    /// Dates on which no window opens.
    public var holidays: [DateRange]
    /// Match when closed instead of when open.
    public var outside: Bool

    /// Creates a schedule.
    public init(
        timeZone: TimeZone,
        weekdays: Set<Weekday> = Set(Weekday.allCases),
        windows: [DailyWindow] = [.allDay],
        holidays: [DateRange] = [],
        outside: Bool = false
    ) {
        self.timeZone = timeZone
        self.weekdays = weekdays
        self.windows = windows
        self.holidays = holidays
        self.outside = outside
    }

    /// Whether the schedule matches at `instant`: open, or closed when `outside` is set.
    public func matches(at instant: Date) -> Bool {
        isOpen(at: LocalTime(instant, in: timeZone)) != outside
    }

    /// Whether a window is open at `instant`, ignoring `outside`.
    public func isOpen(at instant: Date) -> Bool {
        isOpen(at: LocalTime(instant, in: timeZone))
    }

    func isOpen(at time: LocalTime) -> Bool {
        for window in windows {
            if window.crossesMidnight {
                if time.minute >= window.startMinute, opens(onDay: time.day) { return true }
                if time.minute < window.endMinute, opens(onDay: time.day - 1) { return true }
            } else if time.minute >= window.startMinute, time.minute < window.endMinute, opens(onDay: time.day) {
                return true
            }
        }
        return false
    }

    /// Whether windows open on the day `day` days after 1970-01-01 (local).
    private func opens(onDay day: Int) -> Bool {
        guard weekdays.contains(LocalDate.weekday(daysSinceEpoch: day)) else { return false }
        if holidays.isEmpty { return true }
        let date = LocalDate(daysSinceEpoch: day)
        return !holidays.contains { $0.contains(date) }
    }

    /// Why the schedule does or does not match at `instant`, for decision explanations:
    /// `Tue 2025-06-03 10:00 America/New_York is inside mon-fri 08:00-18:00`.
    public func explain(at instant: Date) -> String {
        let time = LocalTime(instant, in: timeZone)
        let open = isOpen(at: time)
        let date = LocalDate(daysSinceEpoch: time.day)
        var text = "\(LocalDate.weekday(daysSinceEpoch: time.day).shortName) \(date) "
        text += "\(DailyWindow.clock(time.minute)) \(timeZone.identifier) is "
        text += open ? "inside " : "outside "
        text += hoursSummary
        if !open, holidays.contains(where: { $0.contains(date) }) { text += " (holiday \(date))" }
        return text
    }

    /// `mon-fri 08:00-18:00 America/New_York, 2 holiday ranges` (prefixed `outside` when set).
    public var summary: String {
        var text = (outside ? "outside " : "") + hoursSummary + " " + timeZone.identifier
        if !holidays.isEmpty {
            text += ", holidays " + holidays.map(\.description).joined(separator: ",")
        }
        return text
    }

    private var hoursSummary: String {
        Self.weekdaySummary(weekdays) + " " + windows.map(\.description).joined(separator: ",")
    }

    /// `mon-fri`, `mon,wed,fri`, `every day`.
    static func weekdaySummary(_ days: Set<Weekday>) -> String {
        if days.count == 7 { return "every day" }
        var parts: [String] = []
        var run: [Weekday] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            parts.append(run.count >= 3 ? "\(first.shortName)-\(last.shortName)" : run.map(\.shortName).joined(separator: ","))
            run = []
        }
        for day in Weekday.allCases {
            if days.contains(day) {
                run.append(day)
            } else {
                flush()
            }
        }
        flush()
        return parts.joined(separator: ",")
    }
}

/// A local wall-clock instant: whole days since 1970-01-01 and minutes since midnight.
struct LocalTime {
    var day: Int
    var minute: Int

    init(_ instant: Date, in timeZone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.day = day
        self.minute = (seconds - day * 86_400) / 60
    }
}
