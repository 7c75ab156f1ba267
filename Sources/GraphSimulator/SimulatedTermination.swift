/// What the `deleted` + `terminated` notification after an accepted redirect says.
///
/// Text form: `answered` (the default), `unanswered`, `bare`, or one of Graph's documented end reasons as
/// `CODE/SUBCODE` (`408/10057`; see ``SimulatedTerminationMix`` for several).
public struct SimulatedTermination: Sendable, Hashable, CustomStringConvertible {
    /// Whether the notification names who answered (`answeredBy`, an encrypted identity as in the
    /// page's third example).
    public var includesAnsweredBy: Bool
    /// The `resultInfo` code, subcode and message; `nil` leaves `resultInfo` out, as the page's examples do.
    public var resultInfo: ResultInfo?

    /// A `resultInfo`.
    public struct ResultInfo: Sendable, Hashable {
        /// HTTP-like code: 2xx success, 4xx client error, 5xx server error.
        public var code: Int
        /// The detailed reason.
        public var subcode: Int
        /// A readable reason.
        public var message: String

        /// Creates a result.
        public init(code: Int, subcode: Int, message: String) {
            self.code = code
            self.subcode = subcode
            self.message = message
        }
    }

    /// Creates a termination description.
    public init(includesAnsweredBy: Bool, resultInfo: ResultInfo?) {
        self.includesAnsweredBy = includesAnsweredBy
        self.resultInfo = resultInfo
    }

    /// A target answered; the call later ended normally (200/5001, "the conversation has ended").
    public static let answered = SimulatedTermination(
        includesAnsweredBy: true, resultInfo: ResultInfo(code: 200, subcode: 5001, message: "The conversation has ended."))
    /// No target could be reached (480/10076, Graph's "Callee could not be reached.").
    public static let unanswered = SimulatedTermination(
        includesAnsweredBy: false, resultInfo: ResultInfo(code: 480, subcode: 10076, message: "Callee could not be reached."))
    /// After a reject: nobody answered, and the call was ended by the bot (200/7000 in Graph's table of call
    /// end reasons; Graph documents only that a `deleted` notification follows a reject).
    public static let rejected = SimulatedTermination(
        includesAnsweredBy: false, resultInfo: ResultInfo(code: 200, subcode: 7000, message: "The call was rejected by the bot."))
    /// Neither `answeredBy` nor `resultInfo`, exactly like the page's first two examples.
    public static let bare = SimulatedTermination(includesAnsweredBy: false, resultInfo: nil)

    /// Parses the text form.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "answered": self = .answered
        case "unanswered": self = .unanswered
        case "bare": self = .bare
        default:
            guard let documented = Self.documented(parsing: text) else { return nil }
            self = documented
        }
    }

    public var description: String {
        switch self {
        case .answered: "answered"
        case .unanswered: "unanswered"
        case .bare: "bare"
        default: resultInfo.map { "\($0.code)/\($0.subcode)" } ?? "custom"
        }
    }
}
