/// The kind of change a `commsNotification` reports: `created`, `updated` or `deleted`.
///
/// Matched case-insensitively; a value Graph adds later is kept verbatim in `rawValue`.
public struct ChangeType: GraphEnumeration {
    /// The value as received.
    public let rawValue: String
    /// The lowercased value used for equality.
    public let matchKey: String

    /// Keeps `rawValue` verbatim.
    public init(rawValue: String) {
        self.rawValue = rawValue
        self.matchKey = asciiLowercased(rawValue)
    }

    /// `created`
    public static let created = ChangeType(rawValue: "created")
    /// `updated`
    public static let updated = ChangeType(rawValue: "updated")
    /// `deleted`
    public static let deleted = ChangeType(rawValue: "deleted")

    /// The documented values.
    public static let knownValues: [ChangeType] = [
        .created,
        .updated,
        .deleted,
    ]
}
