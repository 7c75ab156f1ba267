extension SimulatedTermination {
    /// Graph's documented call end reasons (`call-delete` "Call end reason codes", plus 408/8544 seen
    /// after redirects): code, subcode and meaning. A 2xx that ends a connected call names who answered.
    static let documentedReasons: [(code: Int, subcode: Int, message: String)] = [
        (200, 4097, "Ended by the other participant."),
        (200, 4521, "Ended by the other participant in a peer-to-peer call."),
        (200, 5000, "Removed by another participant."),
        (200, 5300, "Removed by another participant."),
        (200, 5001, "The conversation has ended."),
        (200, 5003, "The conversation has ended."),
        (200, 5002, "All other participants left."),
        (200, 5007, "The group call initiator left."),
        (200, 5010, "Only one participant remained."),
        (200, 5012, "No participants in the incoming roster."),
        (200, 5020, "No non-hidden participants in the incoming roster."),
        (200, 5013, "No one else joined the group call."),
        (200, 5014, "Unable to determine a host for the group call."),
        (200, 5030, "The breakout room duration elapsed."),
        (200, 5855, "Lobby inactivity timeout."),
        (200, 7000, "Ended by the bot."),
        (200, 10550, "Ended by the bot."),
        (200, 7015, "Transfer completed successfully."),
        (200, 18503, "The other participant of the peer-to-peer call left."),
        (200, 540000, "Ended by the PSTN user."),
        (200, 560000, "Ended by the PSTN user."),
        (408, 8537, "Keep Alive timeout, cleaned up inactive call."),
        (408, 1106, "An acknowledgement was not received for the call acceptance in the allotted time."),
        (408, 10057, "Call timed out due to no signaling from callee endpoints."),
        (408, 8544, "Callee could not be reached."),
        (410, 301005, "Media connectivity failure."),
        (480, 10037, "No callee endpoints were found."),
        (480, 10076, "Callee could not be reached."),
        (480, 10134, "Call rejected due to inability to route the call."),
        (480, 10199, "Private calling is disabled for the user."),
        (500, 1005, "Connectivity error with the bot's media."),
    ]

    /// Subcodes of 200 that end a call someone answered.
    private static let answeredSubcodes: Set = [4097, 4521, 5000, 5300, 5001, 5003, 5002, 5007, 5010, 5012, 5020, 5013, 7015, 18503, 540000, 560000]

    /// One termination per documented end reason, in the table's order.
    static let documented: [SimulatedTermination] = documentedReasons.map { reason in
        documentedTermination(code: reason.code, subcode: reason.subcode, message: reason.message)
    }

    /// The termination for a documented `CODE/SUBCODE` text (`408/10057`), or `nil`.
    static func documented(parsing text: String) -> SimulatedTermination? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let code = Int(parts[0]), let subcode = Int(parts[1]),
            let reason = documentedReasons.first(where: { $0.code == code && $0.subcode == subcode })
        else { return nil }
        return documentedTermination(code: code, subcode: subcode, message: reason.message)
    }

    private static func documentedTermination(code: Int, subcode: Int, message: String) -> SimulatedTermination {
        SimulatedTermination(
            includesAnsweredBy: code == 200 && answeredSubcodes.contains(subcode),
            resultInfo: ResultInfo(code: code, subcode: subcode, message: message))
    }
}
