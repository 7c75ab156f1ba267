import CallModel
import Foundation
import Graph
import GraphSimulator
import Logging
import Testing

/// `answer(.reject, …)` against the simulated Graph: the same client, retries and deadline as a redirect.
@Suite struct GraphClientRejectTests {
    static let body = RejectRequestBody(reason: .busy).jsonBytes()

    @Test("A reject is POSTed to …/reject with Graph's body and accepted", arguments: [GraphAPIVersion.v1, .beta])
    func accepted(version: GraphAPIVersion) async throws {
        try await withClientAndSimulator(client: { $0.endpoint.apiVersion = version }) { client, simulator in
            let call = try await simulator.offerIncomingCall()
            let result = await client.answer(
                .reject, callID: call.callID, tenantID: call.tenantID, body: Self.body, idempotencyKey: UUID(),
                deadline: .now + .seconds(15), logger: Logger(label: "test"))
            #expect(result.isAccepted)
            let recorded = try #require(simulator.requests(callID: call.callID).first)
            #expect(recorded.path == "/\(version.rawValue)/communications/calls/\(call.callID)/reject")
            #expect(recorded.body == #"{"reason":"busy"}"#)
            #expect(simulator.stats().rejectsAccepted == 1)
        }
    }

    @Test("A throttled reject is retried after Retry-After, then accepted; a second reject is refused as 8522")
    func retriedThenFinal() async throws {
        try await withClientAndSimulator { client, simulator in
            let call = try await simulator.offerIncomingCall()
            simulator.enqueueFaults([.throttle(retryAfter: nil)])
            let result = await client.answer(
                .reject, callID: call.callID, tenantID: call.tenantID, body: Self.body, idempotencyKey: UUID(),
                deadline: .now + .seconds(15), logger: Logger(label: "test"))
            #expect(result.isAccepted)
            #expect(result.attempts.map(\.status) == [429, 202])

            let again = await client.answer(
                .reject, callID: call.callID, tenantID: call.tenantID, body: Self.body, idempotencyKey: UUID(),
                deadline: .now + .seconds(15), logger: Logger(label: "test"))
            guard case .failed(let error) = again.outcome else {
                Issue.record("expected failed, got \(again.outcome)")
                return
            }
            #expect(error.status == 404)
            #expect(error.graphCode == "8522")
            #expect(again.attempts.count == 1, "a 404 is final")
        }
    }
}
