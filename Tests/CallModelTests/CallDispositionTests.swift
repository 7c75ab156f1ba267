import CallModel
import Testing

@Suite("Call dispositions")
struct CallDispositionTests {
    @Test("Graph's documented end reasons map to their disposition", arguments: [
        (200, 5001, false, CallDisposition.answered),
        (200, 4097, false, .answered),
        (200, 540000, false, .answered),
        (0, 7015, false, .answered),
        (480, 10199, false, .declined),
        (408, 10057, false, .noAnswer),
        (408, 1106, false, .noAnswer),
        (480, 10076, false, .unreachable),
        (480, 10037, false, .unreachable),
        (480, 10134, false, .unreachable),
        (408, 8544, false, .unreachable),
        (410, 301005, false, .unreachable),
        (200, 7000, false, .cancelled),
        (200, 10550, false, .cancelled),
        (408, 8537, false, .cancelled),
    ])
    func documented(code: Int, subcode: Int, answered: Bool, disposition: CallDisposition) {
        #expect(CallDisposition(resultInfo: ResultInfo(code: code, subcode: subcode), answered: answered) == disposition)
    }

    @Test("undocumented codes are unknown; answeredBy makes a 2xx or a missing resultInfo answered")
    func undocumented() {
        #expect(CallDisposition(resultInfo: ResultInfo(code: 500, subcode: 3003), answered: false) == .unknown)
        #expect(CallDisposition(resultInfo: ResultInfo(code: 408, subcode: 13025), answered: false) == .unknown)
        #expect(CallDisposition(resultInfo: ResultInfo(code: 500, subcode: 1005), answered: true) == .unknown)
        #expect(CallDisposition(resultInfo: nil, answered: false) == .unknown)
        #expect(CallDisposition(resultInfo: nil, answered: true) == .answered)
        #expect(CallDisposition(resultInfo: ResultInfo(code: 200, subcode: 99), answered: true) == .answered)
        #expect(CallDisposition(resultInfo: ResultInfo(code: 200), answered: false) == .unknown)
    }

    @Test("no-answer is written with a hyphen")
    func rawValues() {
        #expect(CallDisposition.allCases.map(\.rawValue) == ["answered", "declined", "no-answer", "unreachable", "cancelled", "unknown"])
    }
}
