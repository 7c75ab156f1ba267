import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingress

@Suite("Notification endpoint")
struct NotificationEndpointTests {
    @Test("a valid signed notification is stored byte for byte, keyed by call id, with its headers; then 202")
    func storesValidNotification() async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        let traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/api/calls",
                method: .post,
                headers: Notification.headers(
                    token: token,
                    extra: [
                        HTTPField.Name("Scenario-Id")!: "scenario-1",
                        HTTPField.Name("X-Microsoft-Skype-Chain-ID")!: "chain-1",
                        HTTPField.Name("X-Microsoft-Skype-Message-ID")!: "message-1",
                        HTTPField.Name("traceparent")!: traceparent,
                    ]
                ),
                body: ByteBuffer(bytes: Notification.seed.incomingNotification)
            )
            #expect(response.status == .accepted)
        }
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let records = harness.sink.records
        try #require(records.count == 1)
        let record = records[0]
        #expect(record.value == Notification.seed.incomingNotification)
        #expect(record.key == Notification.seedCallID)
        #expect(record.header("switchboard-tenant") == TestKeys.tenantID)
        #expect(record.header("Scenario-Id") == "scenario-1")
        #expect(record.header("X-Microsoft-Skype-Chain-ID") == "chain-1")
        #expect(record.header("X-Microsoft-Skype-Message-ID") == "message-1")
        #expect(record.header("traceparent") == traceparent)
        let receivedAt = try #require(record.header("switchboard-received-at").flatMap { Int64($0) })
        #expect((before...after).contains(receivedAt))
    }

    @Test("a notification without Graph correlation headers gets a new traceparent and no empty headers")
    func startsTrace() async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/api/calls/24701998-1a73-4d42-8085-bf46ed0ae039/callbacks/deep",
                method: .post,
                headers: Notification.headers(token: token, extra: [HTTPField.Name("traceparent")!: "not-a-trace"]),
                body: ByteBuffer(bytes: Notification.seed.incomingNotification)
            )
            #expect(response.status == .accepted)
        }
        let record = try #require(harness.sink.records.first)
        #expect(record.header("Scenario-Id") == nil)
        #expect(record.header("X-Microsoft-Skype-Message-ID") == nil)
        let traceparent = try #require(record.header("traceparent"))
        #expect(TraceParent.isValid(traceparent))
        #expect(traceparent != "not-a-trace")
    }

    @Test("a body naming several calls becomes one envelope per call, items verbatim and in order")
    func splitsByCall() async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        let items = [
            Notification.item(callID: "call-a"),
            Notification.item(callID: "call-b"),
            Notification.item(callID: "call-a", changeType: "deleted"),
        ]
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/api/calls", method: .post, headers: Notification.headers(token: token),
                body: ByteBuffer(bytes: Notification.body(items: items))
            )
            #expect(response.status == .accepted)
        }
        let records = harness.sink.records.sorted { $0.key < $1.key }
        #expect(records.map(\.key) == ["call-a", "call-b"])
        let prefix = NotificationEnvelopeSplitterTests.graphPrefix
        #expect(String(decoding: records[0].value, as: UTF8.self) == prefix + items[0] + "," + items[2] + "]}")
        #expect(String(decoding: records[1].value, as: UTF8.self) == prefix + items[1] + "]}")
        #expect(records[0].header("traceparent") == records[1].header("traceparent"))
    }

    @Test("with authentication off, no token is needed and no tenant header is written")
    func authenticationOff() async throws {
        let harness = try IngressHarness(authentication: false)
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/api/calls", method: .post, headers: Notification.headers(token: nil),
                body: ByteBuffer(bytes: Notification.seed.incomingNotification)
            )
            #expect(response.status == .accepted)
        }
        #expect(harness.sink.records.first?.header("switchboard-tenant") == nil)
        #expect(harness.fetcher.fetchCount == 0)
    }

    @Test("authentication on without a bot app id is a configuration error")
    func requiresBotAppID() {
        #expect(throws: IngressConfigurationError.self) {
            _ = try IngressHarness { $0.authentication.botAppID = "" }
        }
    }
}

@Suite("Notification endpoint: tenants")
struct NotificationEndpointTenantTests {
    @Test("with tenants listed, a valid token of another tenant is answered 403 over HTTP and nothing is stored")
    func otherTenantForbidden() async throws {
        let harness = try IngressHarness { configuration in
            configuration.authentication.allowedTenants = ["00000000-0000-0000-0000-0000000000aa"]
        }
        let token = try await Notification.validToken()
        try await harness.test { client in
            let response = try await client.execute(
                uri: "/api/calls", method: .post, headers: Notification.headers(token: token),
                body: ByteBuffer(bytes: Notification.seed.incomingNotification))
            #expect(response.status == .forbidden)
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
        #expect(harness.sink.records.isEmpty)
    }
}
