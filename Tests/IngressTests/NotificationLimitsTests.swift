import CallModel
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingress

/// What one body may carry: items, calls, call ids; and the legacy format.
@Suite("Notification limits, call ids and the legacy format")
struct NotificationLimitsTests {
    func post(_ client: some TestClientProtocol, token: String, body: [UInt8]) async throws -> TestResponse {
        try await client.execute(uri: "/api/calls", method: .post, headers: Notification.headers(token: token), body: ByteBuffer(bytes: body))
    }

    @Test("more distinct calls than the limit: 413 naming the limit, nothing stored")
    func tooManyCalls() async throws {
        let harness = try IngressHarness { $0.maxCallsPerBody = 2 }
        let token = try await Notification.validToken()
        let body = Notification.body(items: ["a", "b", "c"].map { Notification.item(callID: $0) })
        try await harness.test { client in
            let response = try await post(client, token: token, body: body)
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try Problem(response)
            #expect(problem.type == "urn:switchboard:problem:too-many-calls")
            #expect(problem.detail.contains("max calls per body"))
        }
        #expect(harness.sink.records.isEmpty)
    }

    @Test("more items than the limit: 413 naming the limit, nothing stored")
    func tooManyItems() async throws {
        let harness = try IngressHarness { $0.maxNotificationsPerBody = 3 }
        let token = try await Notification.validToken()
        let body = Notification.body(items: (0..<4).map { _ in Notification.item(callID: "a") })
        try await harness.test { client in
            let response = try await post(client, token: token, body: body)
            #expect(response.status == .contentTooLarge)
            #expect(try Problem(response).type == "urn:switchboard:problem:too-many-notifications")
        }
        #expect(harness.sink.records.isEmpty)
    }

    @Test("a body's records are produced at most produce-concurrency at a time")
    func boundedConcurrency() async throws {
        let harness = try IngressHarness {
            $0.produceConcurrency = 2
            $0.produceTimeout = .seconds(120)
        }
        harness.sink.setBehaviour(.hold)
        let token = try await Notification.validToken()
        let body = Notification.body(items: ["a", "b", "c", "d"].map { Notification.item(callID: $0) })
        try await harness.test { client in
            async let response = post(client, token: token, body: body)
            try await harness.sink.waitForSends(2)
            harness.sink.release()
            #expect(try await response.status == .accepted)
        }
        #expect(harness.sink.records.map(\.key).sorted() == ["a", "b", "c", "d"])
        #expect(harness.sink.mostSendsAtOnce == 2)
    }

    @Test("the legacy format (no value array) is answered 204 and not stored, so Graph sends it again")
    func legacyFormat() async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        let legacy = Array(#"{"subscriptionId":"s-1","changeType":"created","resource":"/app/calls/abc","resourceData":{"state":"Incoming"}}"#.utf8)
        try await harness.test { client in
            let response = try await post(client, token: token, body: legacy)
            #expect(response.status == .noContent)
            #expect(response.body.readableBytes == 0)
            // Not a JSON object, or a value that is not an array, is still malformed.
            #expect(try await post(client, token: token, body: Array("[]".utf8)).status == .badRequest)
            #expect(try await post(client, token: token, body: Array(#"{"value":{}}"#.utf8)).status == .badRequest)
        }
        #expect(harness.sink.records.isEmpty)
        #expect(harness.metricsText.contains(#"switchboard_ingress_requests_total{status="204"} 1"#))
    }

    @Test(
        "a call id that could change a Kafka key's or URL path's meaning is refused with 400",
        arguments: [".", "..", "a/b", "..%2f", "%2e%2e", "x?y", "-leading-dash", "caf\u{E9}", String(repeating: "a", count: 129)]
    )
    func invalidCallID(_ callID: String) async throws {
        let harness = try IngressHarness()
        let token = try await Notification.validToken()
        let item = ##"{"changeType":"created","resourceUrl":"/communications/calls/x","resourceData":{"@odata.type":"#microsoft.graph.call","state":"incoming","id":"\##(callID)"}}"##
        try await harness.test { client in
            let response = try await post(client, token: token, body: Notification.body(items: [item]))
            #expect(response.status == .badRequest)
            #expect(try Problem(response).type == "urn:switchboard:problem:invalid-call-id")
        }
        #expect(harness.sink.records.isEmpty)
    }

    @Test("Graph's call ids and similar shapes are accepted", arguments: [
        "491f0b00-ffff-4bc9-a43e-b226498ec22a", "call-17", "A1_b2.c3", String(repeating: "a", count: 128),
    ])
    func validCallID(_ callID: String) {
        #expect(CallIDPattern.matches(callID))
    }
}
