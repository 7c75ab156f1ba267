import Foundation
import GraphSimulator
import Logging
import Testing

/// The terminated notifications cover Graph's documented end reasons, in a configurable mix.
@Suite struct TerminationMixTests {
    static let logger = Logger(label: "test.simulator")

    @Test("The text form takes kinds, documented CODE/SUBCODE pairs and weights; undocumented codes are refused")
    func parsing() throws {
        let mix = try #require(SimulatedTerminationMix(parsing: "answered=2,408/10057"))
        #expect(mix.round.count == 3)
        #expect(mix.termination(at: 0) == .answered)
        #expect(mix.termination(at: 2).resultInfo?.subcode == 10057)
        #expect(mix.termination(at: 3) == .answered, "the round repeats")
        #expect(SimulatedTerminationMix(parsing: "500/3003") == nil, "undocumented")
        #expect(SimulatedTerminationMix(parsing: "answered=0") == nil)
        #expect(SimulatedTerminationMix(parsing: "") == nil)
        let documented = try #require(SimulatedTerminationMix(parsing: "documented"))
        #expect(documented.round.count == 31)
        #expect(documented.description == "documented")
        #expect(Set(documented.round.compactMap { $0.resultInfo?.code }) == [200, 408, 410, 480, 500])
    }

    @Test("Accepted redirects get the mix's terminations in turn")
    func callbacksFollowTheMix() async throws {
        let receiver = CallbackReceiver()
        try await receiver.withRunning { receiverURL in
            let configuration = SimulatorConfiguration(
                callbackBaseURL: receiverURL, terminationDelay: .milliseconds(20),
                terminationMix: SimulatedTerminationMix(parsing: "200/5001,480/10076,408/10057"))
            try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
                let client = SimulatorHTTPClient(baseURL: address.baseURL)
                let token = try await client.token()
                var subcodes: [Int] = []
                for number in 1...3 {
                    let call = try await simulator.offerIncomingCall()
                    #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 202)
                    let delivery = try #require(try await receiver.waitFor(count: number).last)
                    let notification = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
                    let data = try #require((notification["value"] as? [[String: Any]])?.first?["resourceData"] as? [String: Any])
                    let result = try #require(data["resultInfo"] as? [String: Any])
                    subcodes.append(try #require(result["subcode"] as? Int))
                    #expect((data["answeredBy"] != nil) == (number == 1), "only the answered end names who answered")
                }
                #expect(subcodes == [5001, 10076, 10057])
            }
        }
    }
}
