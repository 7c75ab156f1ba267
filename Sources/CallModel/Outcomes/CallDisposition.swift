/// How a call ended, normalised from Graph's `resultInfo` (code and subcode) for dashboards and billing.
///
/// The mapping follows Graph's documented call end reasons (`call-delete` "Call end reason codes" and
/// the codes seen after redirects); a code it does not know is `unknown`, and the outcome keeps the raw
/// `resultInfo` in every case.
///
/// | disposition | Graph's `resultInfo` |
/// |---|---|
/// | `answered` | 2xx that end a connected call: 4097, 4521 (the other participant ended it), 5000, 5300 (removed by a participant), 5001, 5003 (the conversation ended), 5002, 5007, 5010, 5012, 5013, 5020 (participants left), 7015 (transfer completed), 18503, 540000, 560000 (the other or PSTN party left); or any 2xx when the notification names who answered |
/// | `declined` | 480/10199 (private calling is disabled for the callee) |
/// | `no-answer` | 408/10057 (no signaling from the callee endpoints), 408/1106 (the acceptance was not acknowledged in time) |
/// | `unreachable` | 480/10037 (no callee endpoints), 480/10076, 408/8544 (the callee could not be reached), 480/10134 (the call could not be routed), 410/301005 (media connectivity failure) |
/// | `cancelled` | 200/7000, 200/10550 (ended by the bot, as after a reject), 200/5855 (lobby inactivity), 408/8537 (keep-alive timeout) |
/// | `unknown` | anything else (Graph's undocumented 500/3003, 408/13025, …), or no `resultInfo` and no `answeredBy` |
public enum CallDisposition: String, Sendable, Hashable, CaseIterable {
    /// Someone picked up and the call later ended normally.
    case answered
    /// The callee (or a policy) refused the call.
    case declined
    /// The targets rang, nobody picked up.
    case noAnswer = "no-answer"
    /// No target could be reached (no endpoints, routing or media failure).
    case unreachable
    /// The call was ended before anyone answered, by the bot (a reject) or by a time-out of the service.
    case cancelled
    /// A code this mapping does not know, or no `resultInfo` at all; the raw values are in the outcome.
    case unknown

    /// The disposition of a terminated call.
    ///
    /// - Parameters:
    ///   - resultInfo: The notification's `resultInfo`, if any.
    ///   - answered: Whether the notification names who answered (`answeredBy`).
    public init(resultInfo: ResultInfo?, answered: Bool) {
        let code = resultInfo?.code
        let subcode = resultInfo?.subcode
        if let code, let subcode, let known = Self.table[Key(code: code, subcode: subcode)] {
            self = known
        } else if answered, code.map({ (200..<300).contains($0) }) ?? true {
            self = .answered
        } else {
            self = .unknown
        }
    }

    private struct Key: Hashable {
        var code: Int
        var subcode: Int
    }

    /// Documented code and subcode pairs.
    private static let table: [Key: CallDisposition] = {
        var table: [Key: CallDisposition] = [:]
        for subcode in [4097, 4521, 5000, 5300, 5001, 5003, 5002, 5007, 5010, 5012, 5013, 5020, 7015, 18503, 540000, 560000] {
            table[Key(code: 200, subcode: subcode)] = .answered
        }
        // Graph's transfer example reports a completed transfer with code 0.
        table[Key(code: 0, subcode: 7015)] = .answered
        for subcode in [7000, 10550, 5855] {
            table[Key(code: 200, subcode: subcode)] = .cancelled
        }
        table[Key(code: 408, subcode: 8537)] = .cancelled
        table[Key(code: 408, subcode: 10057)] = .noAnswer
        table[Key(code: 408, subcode: 1106)] = .noAnswer
        table[Key(code: 408, subcode: 8544)] = .unreachable
        for subcode in [10037, 10076, 10134] {
            table[Key(code: 480, subcode: subcode)] = .unreachable
        }
        table[Key(code: 480, subcode: 10199)] = .declined
        table[Key(code: 410, subcode: 301005)] = .unreachable
        return table
    }()
}
