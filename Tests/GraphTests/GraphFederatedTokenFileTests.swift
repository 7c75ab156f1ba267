import Foundation
@testable import Graph
import Testing

/// The federated token file's check of its token, before the token is sent as an assertion.
@Suite struct GraphFederatedTokenFileTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func token(payload: String) -> String {
        "\(Base64URL.encode(#"{"alg":"RS256"}"#.utf8)).\(Base64URL.encode(payload.utf8)).c2ln"
    }

    @Test("A token whose exp is later than now, or that has no exp, is usable")
    func usable() {
        #expect(GraphFederatedTokenFile.problem(with: token(payload: #"{"exp":1800000600,"sub":"a"}"#), now: now) == nil)
        #expect(GraphFederatedTokenFile.problem(with: token(payload: #"{"sub":"a"}"#), now: now) == nil)
    }

    @Test("An expired token names its expiry")
    func expired() {
        let problem = GraphFederatedTokenFile.problem(with: token(payload: #"{"exp":1799999999}"#), now: now)
        #expect(problem?.contains("expired at 2027-01-15T07:59:59Z") == true, "\(problem ?? "nil")")
    }

    @Test(
        "A payload the strict reader refuses is not a JWT: not JSON, not an object, a duplicate member, trailing text",
        arguments: [#"{"exp":1"#, #"[1]"#, #"{"exp":1,"exp":2}"#, #"{"sub":"a"} x"#, "not json"]
    )
    func malformedPayload(payload: String) {
        #expect(GraphFederatedTokenFile.problem(with: token(payload: payload), now: now) == "does not hold a JWT")
    }

    @Test("An exp claim that is not a number is named, with the kind it is")
    func expOfTheWrongKind() {
        let problem = GraphFederatedTokenFile.problem(with: token(payload: #"{"exp":"1800000600"}"#), now: now)
        #expect(problem == "holds a JWT whose exp claim is a string, not a number")
    }

    @Test("Empty text and text without three parts are named")
    func notThreeParts() {
        #expect(GraphFederatedTokenFile.problem(with: "", now: now) == "is empty")
        #expect(GraphFederatedTokenFile.problem(with: "a.b", now: now) == "does not hold a JWT")
    }
}
