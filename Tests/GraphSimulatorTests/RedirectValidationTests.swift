import Foundation
import GraphSimulator
import Logging
import SeedExamples
import Testing

/// The simulator refuses what Graph documents as invalid, and accepts the page's own requests.
@Suite struct RedirectValidationTests {
    static let logger = Logger(label: "test.simulator")

    /// A bad body, the API version it is sent to, and the property the error must name.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var body: String
        var version = "v1.0"
        var names: String
        var testDescription: String { name }
    }

    static let user = #"{"identity":{"user":{"id":"98da8a1a-1b87-452c-a713-65d3f10b1253"}}}"#
    static let cases: [Case] = [
        Case(
            name: "not JSON", body: #"{"targets": ["#,
            names: "not valid JSON: invalid JSON at line 1, column 14: unexpected end of input, expected a value"),
        Case(
            name: "a property twice", body: "{\"timeout\": 30,\n \"timeout\": 40}",
            names: #"not valid JSON: invalid JSON at line 2, column 2: duplicate member name "timeout""#),
        Case(name: "not an object", body: "[1]", names: "JSON object"),
        Case(name: "targets missing", body: #"{"timeout": 30}"#, names: "targets"),
        Case(name: "no targets", body: #"{"targets": []}"#, names: "targets"),
        Case(
            name: "26 targets", body: #"{"targets": [\#(Array(repeating: user, count: 26).joined(separator: ","))]}"#,
            names: "1 to 25"),
        Case(name: "targets not an array", body: #"{"targets": {}}"#, names: "targets"),
        Case(name: "target without identity", body: #"{"targets": [{"hidden": false}]}"#, names: "targets[0].identity"),
        Case(name: "identity with no member", body: #"{"targets": [{"identity": {}}]}"#, names: "targets[0].identity"),
        Case(
            name: "unknown identity member", body: #"{"targets": [{"identity": {"robot": {"id": "x"}}}]}"#,
            names: "robot"),
        Case(name: "identity without id", body: #"{"targets": [{"identity": {"user": {"displayName": "x"}}}]}"#, names: "user.id"),
        Case(
            name: "phone not E.164", body: #"{"targets": [{"identity": {"phone": {"id": "012345678"}}}]}"#,
            names: "E.164"),
        Case(
            name: "phone with letters", body: #"{"targets": [{"identity": {"phone": {"id": "+1800FLOWERS"}}}]}"#,
            names: "E.164"),
        Case(name: "timeout too short", body: #"{"targets": [\#(user)], "timeout": 14}"#, names: "timeout"),
        Case(name: "timeout too long", body: #"{"targets": [\#(user)], "timeout": 91}"#, names: "timeout"),
        Case(name: "timeout not whole", body: #"{"targets": [\#(user)], "timeout": 30.5}"#, names: "timeout"),
        Case(name: "timeout as text", body: #"{"targets": [\#(user)], "timeout": "30"}"#, names: "timeout"),
        Case(name: "http callback", body: #"{"targets": [\#(user)], "callbackUri": "http://bot.contoso.com/x"}"#, names: "callbackUri"),
        Case(name: "relative callback", body: #"{"targets": [\#(user)], "callbackUri": "/api/calls"}"#, names: "callbackUri"),
        Case(name: "mask flag on v1.0", body: #"{"targets": [\#(user)], "maskCallee": true}"#, names: "maskCallee"),
        Case(name: "routing policies on v1.0", body: #"{"targets": [\#(user)], "routingPolicies": ["disableForwarding"]}"#, names: "routingPolicies"),
        Case(
            name: "unknown routing policy", body: #"{"targets": [\#(user)], "routingPolicies": ["always"]}"#, version: "beta",
            names: "routingPolicies[0]"),
        Case(name: "mask flag not boolean", body: #"{"targets": [\#(user)], "maskCaller": "yes"}"#, version: "beta", names: "maskCaller"),
        Case(name: "unknown top-level property", body: #"{"targets": [\#(user)], "priority": 1}"#, names: "priority"),
        Case(
            name: "unknown target property", body: #"{"targets": [{"identity": {"user": {"id": "a"}}, "ringFirst": true}]}"#,
            names: "ringFirst"),
        Case(
            name: "unknown identity property", body: #"{"targets": [{"identity": {"user": {"id": "a", "email": "a@b"}}}]}"#,
            names: "email"),
        Case(
            name: "wrong target type", body: ##"{"targets": [{"@odata.type": "#microsoft.graph.call", "identity": {"user": {"id": "a"}}}]}"##,
            names: "@odata.type"),
    ]

    @Test("A bad redirect body is refused with 400 and a Graph error naming the problem", arguments: cases)
    func refusesInvalidBody(_ testCase: Case) async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let call = try await simulator.offerIncomingCall()
            let answer = try await client.redirect(
                callID: call.callID, body: Array(testCase.body.utf8), version: testCase.version,
                token: try await client.token())
            #expect(answer.status == 400)
            #expect(answer.errorCode == "invalidRequest")
            let message = try #require(answer.errorMessage)
            #expect(message.contains(testCase.names), "\(message)")
            // A refused body does not use up the call: a valid redirect still goes through.
            let retry = try await client.redirect(callID: call.callID, body: redirectBody(), version: testCase.version, token: try await client.token())
            #expect(retry.status == 202)
        }
    }

    @Test("The page's three redirect requests are accepted on beta", arguments: [1, 2, 3])
    func acceptsSeedRequests(_ number: Int) async throws {
        let scenario = try #require(try SeedScenario.all().first { $0.number == number })
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let call = try await simulator.offer(seedScenario: scenario)
            #expect(call.notification == scenario.incomingNotification)
            let answer = try await client.redirect(
                callID: call.callID, body: scenario.redirectRequest, version: "beta", token: try await client.token(),
                clientRequestID: "7a5a3c4e-0000-4000-8000-000000000001")
            #expect(answer.status == 202)
            #expect(answer.body.isEmpty)
            #expect(answer.headers["request-id"] != nil)
            #expect(answer.headers["client-request-id"] == "7a5a3c4e-0000-4000-8000-000000000001")
            #expect(answer.headers["date"] != nil)
            #expect(answer.headers["x-ms-ags-diagnostic"] != nil)
        }
    }

    @Test("v1.0 takes targets, timeout and callbackUri; beta also the mask flags and targetDisposition")
    func versionsDifferInMaskFlags() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let plain = try await simulator.offerIncomingCall()
            let v1 = try await client.redirect(
                callID: plain.callID, body: redirectBody(extra: #","timeout":90"#), version: "v1.0", token: token)
            #expect(v1.status == 202)
            let masked = try await simulator.offerIncomingCall()
            let beta = try await client.redirect(
                callID: masked.callID,
                body: redirectBody(extra: #","maskCallee":true,"maskCaller":false,"targetDisposition":"forward","timeout":15"#),
                version: "beta", token: token)
            #expect(beta.status == 202)
        }
    }

    @Test("E.164 numbers: + and 2 to 15 digits, no leading zero")
    func phoneNumbers() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            for (number, valid) in [("+12345678901", true), ("+441234567890", true), ("+123456789012345", true),
                                    ("+1234567890123456", false), ("+0123", false), ("12345678901", false)] {
                let call = try await simulator.offerIncomingCall()
                let answer = try await client.redirect(
                    callID: call.callID, body: redirectBody(targetJSON: #"{"identity":{"phone":{"id":"\#(number)"}}}"#),
                    token: token)
                #expect(answer.status == (valid ? 202 : 400), "\(number)")
            }
        }
    }
}
