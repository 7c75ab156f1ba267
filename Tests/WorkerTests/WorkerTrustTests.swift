import CallModel
import Foundation
import Graph
import Kafka
import SeedExamples
import Testing

@testable import Worker

/// The tenant the worker acts for is the one the ingress verified, as a lowercase GUID; call ids that
/// could change a Graph URL's meaning never reach one.
@Suite("Worker trust: verified tenants, safe call ids")
struct WorkerTrustTests {
    let scenarios: [SeedScenario]
    let rules: RoutingRules

    init() throws {
        scenarios = try SeedScenario.all()
        rules = try NotificationRecords.seedRules()
    }

    @Test("a verified tenant in upper case is used in lowercase for the token, the rate limit and the outcome")
    func tenantNormalised() async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = NotificationRecords.record(
            NotificationRecords.incoming(scenarios[0], callID: "call-1"), key: "call-1", offset: 1,
            receivedAt: harness.clock.now, tenant: NotificationRecords.tenant.uppercased())
        #expect(await harness.process(record) == .finished)
        #expect(harness.redirector.received.first?.tenantID == NotificationRecords.tenant)
        #expect(harness.outcomes.first?.outcome.tenantID == NotificationRecords.tenant)
    }

    @Test("a tenant header that is not a GUID is dead-lettered", arguments: ["contoso.onmicrosoft.com", "../x", "632899f8"])
    func tenantNotAGUID(header: String) async throws {
        let harness = ProcessorHarness(rules: rules)
        let record = NotificationRecords.record(
            NotificationRecords.incoming(scenarios[0], callID: "call-1"), key: "call-1", offset: 1,
            receivedAt: harness.clock.now, tenant: header)
        #expect(await harness.process(record) == .finished)
        #expect(harness.redirector.received.isEmpty)
        #expect(harness.deadLetters.first?.header(DeadLetterHeaders.errorCode) == "invalidTenant")
    }

    @Test("call ids that could change a Graph URL's meaning are dead-lettered", arguments: ["..", ".", "a/b", "x?y=1", "%2e%2e"])
    func callIDRefused(callID: String) async throws {
        let harness = ProcessorHarness(rules: rules)
        let body = String(decoding: scenarios[0].incomingNotification, as: UTF8.self)
            .replacingOccurrences(of: try NotificationRecords.callID(of: scenarios[0]), with: callID)
        let record = NotificationRecords.record(Array(body.utf8), key: callID, offset: 1, receivedAt: harness.clock.now)
        #expect(await harness.process(record) == .finished)
        #expect(harness.redirector.received.isEmpty)
        #expect(harness.deadLetters.first?.header(DeadLetterHeaders.errorCode) == "invalidCallID")
    }
}
