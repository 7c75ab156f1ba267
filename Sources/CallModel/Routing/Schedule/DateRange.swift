/// An inclusive range of dates, for holidays (`2025-12-24..2025-12-26`, or one day).
public struct DateRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first day.
    public var first: LocalDate
    /// The last day (inclusive); equal to `first` for one day.
    public var last: LocalDate

    /// Creates a range; `first` must not be after `last`.
    public init(first: LocalDate, last: LocalDate) {
        precondition(first <= last, "DateRange \(first)..\(last) is reversed")
        self.first = first
        self.last = last
    }

    /// Whether `date` falls in the range.
    public func contains(_ date: LocalDate) -> Bool {
        first <= date && date <= last
    }

    /// `2025-12-25` or `2025-12-24..2025-12-26`.
    public var description: String {
        first == last ? first.description : "\(first)..\(last)"
    }
}
