import CallModel
import Foundation
import GraphSimulator
import Kafka
import SeedExamples
import Testing

@testable import Worker

/// End to end on the embedded broker and the simulated Graph: notifications in Kafka, redirects at
/// the simulator, outcomes back in Kafka.
@Suite("Pipeline: seed scenarios", .serialized)
struct SeedPipelineTests {
    @Test("each seed scenario ends in the page's exact redirect body at Graph and a redirected outcome", arguments: [1, 2, 3])
    func seedScenario(number: Int) async throws {
        let scenario = try #require(try SeedScenario.all().first { $0.number == number })
        let rules = try NotificationRecords.seedRules()
        try await PipelineFixture.with { fixture in
            let worker = try fixture.makeWorker(rules: rules)
            try await fixture.running(worker) {
                let offered = try await fixture.simulator.offer(seedScenario: scenario)
                try await fixture.produceNotification(offered.notification, callID: offered.callID, tenant: offered.tenantID)

                let outcomes = try await fixture.waitForOutcomes { $0.contains { $0.type.isFinal } }
                let outcome = try #require(outcomes.first)
                #expect(outcomes.count == 1)
                #expect(outcome.type == .redirected, "outcome: \(outcome.outcome)")
                #expect(outcome.id == IdempotencyKey.forCall(offered.callID))
                #expect(outcome.outcome.graphRequestID != nil)

                let requests = fixture.redirectRequests(callID: offered.callID)
                let request = try #require(requests.first)
                #expect(requests.count == 1)
                #expect(request.status == 202)
                #expect(request.path == "/beta/communications/calls/\(offered.callID)/redirect")
                let sent = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? NSDictionary
                let expected = try JSONSerialization.jsonObject(with: Data(scenario.redirectRequest)) as? NSDictionary
                #expect(sent == expected, "body sent: \(request.body)")
                #expect(request.header("client-request-id") != nil)
            }
        }
    }
}
