import CallModel
import Foundation
import GraphSimulator
import Kafka
import Testing

extension EndToEndTests {
    /// A `reject` rule across processes: the ingress stores the call, a worker writes `attempting`, sends
    /// Graph's reject with the rule's reason, publishes `rejected`, and the simulator's `terminated`
    /// callback through the ingress ends the call `completed`.
    @Test("reject rules refuse calls through Graph's reject, with each rule's reason, then complete")
    func rejectRules() async throws {
        var options = PipelineStack.Options()
        options.rulesFile = Fixtures.rejectRules
        try await PipelineStack.with(options) { stack in
            let blocked = try await stack.simulator.offerCall(caller: .phone("+12065550100"))
            let other = try await stack.simulator.offerCall()
            #expect(blocked.acknowledged, "the ingress answered \(String(describing: blocked.delivery))")
            #expect(other.acknowledged, "the ingress answered \(String(describing: other.delivery))")

            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                let events = (try? OutcomeLedger(records).events) ?? []
                return events.filter { $0.type == .rejected }.count == 2 && events.filter { $0.type == .completed }.count == 2
            }
            let events = try OutcomeLedger(records).events
            for (offer, rule, reason) in [(blocked, "blocked-callers", RejectReason.forbidden), (other, "default", .busy)] {
                let ofCall = events.filter { $0.outcome.callID == offer.callId }
                #expect(ofCall.map(\.type) == [.attempting, .rejected, .completed], "\(ofCall.map(\.type))")
                let rejected = try #require(ofCall.first { $0.type == .rejected })
                #expect(rejected.id == IdempotencyKey.forCall(offer.callId))
                #expect(rejected.outcome.rule?.name == rule)
                #expect(rejected.outcome.rejectReason == reason)
                #expect(rejected.outcome.graphRequestID != nil)
                #expect(ofCall.first { $0.type == .attempting }?.outcome.rejectReason == reason)
                let completed = try #require(ofCall.first { $0.type == .completed })
                #expect(completed.outcome.disposition == .cancelled, "Graph ends a rejected call as ended by the bot")
                #expect(completed.outcome.settles?.type == .rejected)

                let requests = try await stack.simulator.requests(callID: offer.callId).filter { $0.method == "POST" }
                #expect(requests.count == 1)
                #expect(requests.first?.path == "/beta/communications/calls/\(offer.callId)/reject")
                #expect(requests.first?.body == #"{"reason":"\#(reason.rawValue)"}"#)
                #expect(requests.first?.status == 202)
            }
            let stats = try await stack.simulator.stats()
            #expect(stats.rejectsAccepted == 2)
            #expect(stats.duplicateRedirects == 0)
        }
    }
}
