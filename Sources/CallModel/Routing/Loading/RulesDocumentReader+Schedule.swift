import Foundation
import Yams

/// The `schedule` of a rule, the file's `timeZone` and `holidays`.
extension RulesDocumentReader {
    mutating func schedule(_ node: Node, at path: String) -> Schedule? {
        let keys = ["timeZone", "weekdays", "hours", "holidays", "outside"]
        guard let fields = mapping(node, at: path, allowed: keys) else { return nil }
        var zone: TimeZone?
        if let zoneNode = fields["timeZone"] {
            zone = timeZone(zoneNode, at: path + ".timeZone")
        } else if let defaultTimeZone {
            zone = defaultTimeZone
        } else if !defaultTimeZoneIsInvalid {
            report(.missingField, path + ".timeZone",
                   "a schedule needs a timeZone (an IANA name such as Europe/Berlin), here or at the top of the file", node)
        }
        var weekdays: Set<Weekday>? = Set(Weekday.allCases)
        if let daysNode = fields["weekdays"] { weekdays = self.weekdays(daysNode, at: path + ".weekdays") }
        var windows: [DailyWindow]? = [.allDay]
        if let hoursNode = fields["hours"] { windows = hours(hoursNode, at: path + ".hours") }
        let holidays = fields["holidays"].map { self.holidays($0, at: path + ".holidays") } ?? defaultHolidays
        let outside = fields["outside"].flatMap { bool($0, at: path + ".outside") } ?? false
        guard let zone, let weekdays, let windows, !weekdays.isEmpty, !windows.isEmpty else { return nil }
        return Schedule(timeZone: zone, weekdays: weekdays, windows: windows, holidays: holidays, outside: outside)
    }

    mutating func timeZone(_ node: Node, at path: String) -> TimeZone? {
        guard let name = string(node, at: path) else { return nil }
        if let zone = TimeZone(identifier: name), name.contains("/") || name == "UTC" || name == "GMT" {
            return zone
        }
        let hint = Self.closest(to: name, in: TimeZone.knownTimeZoneIdentifiers).map { "; did you mean \($0)?" } ?? ""
        report(.unknownTimeZone, path,
               "\"\(name)\" is not an IANA time zone name (Region/City such as Europe/Berlin, or UTC)\(hint)", node)
        return nil
    }

    /// `[mon, tue]`, `mon-fri`, `[mon-fri, sun]`; a range may wrap (`fri-mon`).
    private mutating func weekdays(_ node: Node, at path: String) -> Set<Weekday>? {
        guard let values = strings(node, at: path) else { return nil }
        var days: Set<Weekday> = []
        var valid = true
        for (index, entry) in values.enumerated() {
            let ends = entry.value.split(separator: "-", omittingEmptySubsequences: false)
                .map { Weekday(name: String($0).trimmingCharacters(in: .whitespaces)) }
            if ends.count == 1, let day = ends[0] {
                days.insert(day)
            } else if ends.count == 2, let first = ends[0], let last = ends[1] {
                var day = first
                while true {
                    days.insert(day)
                    if day == last { break }
                    day = Weekday(rawValue: day.rawValue % 7 + 1) ?? .monday
                }
            } else {
                report(.invalidValue, isSequence(node) ? "\(path)[\(index)]" : path,
                       "\"\(entry.value)\" is not a weekday or range (mon, tue, … sun, or mon-fri)", entry.node)
                valid = false
            }
        }
        return valid ? days : nil
    }

    /// `08:00-18:00` or a list of such windows.
    private mutating func hours(_ node: Node, at path: String) -> [DailyWindow]? {
        guard let values = strings(node, at: path) else { return nil }
        var windows: [DailyWindow] = []
        var valid = true
        for (index, entry) in values.enumerated() {
            if let window = DailyWindow(parsing: entry.value) {
                windows.append(window)
            } else {
                report(.invalidHours, isSequence(node) ? "\(path)[\(index)]" : path,
                       "\"\(entry.value)\" is not HH:MM-HH:MM on a 24-hour clock (for example 08:00-18:00; "
                       + "22:00-06:00 crosses midnight; 00:00-24:00 is the whole day)", entry.node)
                valid = false
            }
        }
        return valid ? windows : nil
    }

    /// `2025-12-25` or `2025-12-24..2025-12-26`, as a list; an empty list means no holidays.
    mutating func holidays(_ node: Node, at path: String) -> [DateRange] {
        if case let .sequence(sequence) = node, sequence.isEmpty { return [] }
        guard let values = strings(node, at: path) else { return [] }
        var ranges: [DateRange] = []
        for (index, entry) in values.enumerated() {
            let ends = entry.value.components(separatedBy: "..")
            let dates = ends.map { LocalDate(iso8601: $0.trimmingCharacters(in: .whitespaces)) }
            if dates.count == 1, let day = dates[0] {
                ranges.append(DateRange(first: day, last: day))
            } else if dates.count == 2, let first = dates[0], let last = dates[1], first <= last {
                ranges.append(DateRange(first: first, last: last))
            } else {
                report(.invalidDate, isSequence(node) ? "\(path)[\(index)]" : path,
                       "\"\(entry.value)\" is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (first day first)",
                       entry.node)
            }
        }
        return ranges
    }
}
