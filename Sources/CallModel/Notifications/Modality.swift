/// A media modality a call requests (`modality`).
///
/// Matched case-insensitively; a value Graph adds later is kept verbatim in `rawValue`.
public struct Modality: GraphEnumeration {
    /// The value as received.
    public let rawValue: String
    /// The lowercased value used for equality.
    public let matchKey: String

    /// Keeps `rawValue` verbatim.
    public init(rawValue: String) {
        self.rawValue = rawValue
        self.matchKey = asciiLowercased(rawValue)
    }

    /// `unknown`
    public static let unknown = Modality(rawValue: "unknown")
    /// `audio`
    public static let audio = Modality(rawValue: "audio")
    /// `video`
    public static let video = Modality(rawValue: "video")
    /// `videoBasedScreenSharing`
    public static let videoBasedScreenSharing = Modality(rawValue: "videoBasedScreenSharing")
    /// `data`
    public static let data = Modality(rawValue: "data")
    /// `screenSharing`
    public static let screenSharing = Modality(rawValue: "screenSharing")
    /// `unknownFutureValue`
    public static let unknownFutureValue = Modality(rawValue: "unknownFutureValue")

    /// The documented values.
    public static let knownValues: [Modality] = [
        .unknown,
        .audio,
        .video,
        .videoBasedScreenSharing,
        .data,
        .screenSharing,
        .unknownFutureValue,
    ]
}
