import CallModel
import Foundation
import Kafka
import Testing

extension EndToEndTests {
    /// The simulator ends six redirected calls with six documented end reasons; the workers' `completed`
    /// outcomes carry one of each disposition, the raw `resultInfo`, and the time since the redirect.
    @Test("completed outcomes carry the disposition of Graph's end reason and the time since the redirect")
    func dispositions() async throws {
        var options = PipelineStack.Options()
        options.simulatorArguments = ["--termination", "200/5001,480/10199,408/10057,480/10076,200/7000,200/5014"]
        try await PipelineStack.with(options) { stack in
            var callIDs: [String] = []
            for _ in 0..<6 {
                let offer = try await stack.simulator.offerCall()
                #expect(offer.acknowledged, "the ingress answered \(String(describing: offer.delivery))")
                callIDs.append(offer.callId)
            }
            let records = try await stack.outcomes.wait(timeout: .seconds(40)) { records in
                ((try? OutcomeLedger(records).events) ?? []).filter { $0.type == .completed }.count >= 6
            }
            let completed = try OutcomeLedger(records).events.filter { $0.type == .completed }
            #expect(Set(completed.map(\.outcome.callID)) == Set(callIDs))
            #expect(completed.compactMap(\.outcome.disposition).sorted { $0.rawValue < $1.rawValue }
                == [.answered, .cancelled, .declined, .noAnswer, .unknown, .unreachable])
            let unknown = try #require(completed.first { $0.outcome.disposition == .unknown })
            #expect(unknown.outcome.resultInfo?.code == 200)
            #expect(unknown.outcome.resultInfo?.subcode == 5014, "the raw values stay in the outcome")
            for event in completed {
                #expect(event.outcome.settles?.type == .redirected)
                #expect(event.outcome.redirectToEndMilliseconds != nil, "the worker knows when Graph accepted the redirect")
            }
        }
    }
}
