import CallModel
import Foundation
import GraphSimulator
import Testing

extension EndToEndTests {
    /// Each decision a downstream consumer can receive, produced by the real processes: a call no rule
    /// redirects (`ignored`), a notification for a call Graph does not know (`failed`, 404 8522), the same
    /// notification posted twice (`redirected`, then `duplicate`). The records are kept for the schema tests.
    @Test("ignored, failed and duplicate outcomes from real processes, each as documented")
    func outcomeTypes() async throws {
        try await PipelineStack.with { stack in
            let ingress = IngressClient(baseURL: stack.ingressURL)
            // Called party no rule names: the default ignores it.
            let ignored = try await stack.simulator.offerCall(
                targets: [CallParty(kind: .application, id: UUID().uuidString.lowercased(), displayName: "nobody's bot")])
            #expect(ignored.acknowledged)

            // A signed notification whose call Graph never offered: Graph answers 404 (8522).
            let offered = try await stack.simulator.offerNotification()
            let unknownCall = UUID().uuidString.lowercased()
            let forged = Array(String(decoding: offered.body, as: UTF8.self).replacingOccurrences(of: offered.callID, with: unknownCall).utf8)
            #expect(try await ingress.post(forged, headers: offered.headers).status == 202)

            // The same notification twice: one decision, then a duplicate.
            let twice = try await stack.simulator.offerNotification()
            #expect(try await ingress.post(twice.body, headers: twice.headers).status == 202)
            #expect(try await ingress.post(twice.body, headers: twice.headers).status == 202)

            let records = try await stack.outcomes.wait(timeout: .seconds(30)) { records in
                guard let ledger = try? OutcomeLedger(records) else { return false }
                return ledger.missing([ignored.callId, unknownCall, twice.callID]).isEmpty
                    && ledger.events.contains { $0.type == .duplicate }
            }
            let ledger = try OutcomeLedger(records)
            #expect(ledger.finalsByCall[ignored.callId]?.first?.type == .ignored)
            let failed = try #require(ledger.finalsByCall[unknownCall]?.first)
            #expect(failed.type == .failed, "\(failed.type): \(failed.outcome.reason ?? "")")
            #expect(failed.outcome.graph?.status == 404)
            #expect(ledger.finalsByCall[twice.callID]?.first?.type == .redirected)
            let duplicate = try #require(ledger.events.first { $0.type == .duplicate })
            #expect(duplicate.outcome.callID == twice.callID)
            #expect(ledger.decidedTwice.isEmpty)
            try RecordSamples.save(notifications: [], outcomes: records, deadLetters: [], name: "outcome-types")
        }
    }
}
