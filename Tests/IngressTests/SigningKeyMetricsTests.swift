import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingress

/// The signing-key fetches are counted by result, and the keys in use are dated, so an alert sees a failing
/// key endpoint before tokens are refused.
@Suite("Signing key metrics")
struct SigningKeyMetricsTests {
    @Test("before any fetch the keys are dated 0 and no fetch is counted")
    func beforeFetch() throws {
        let harness = try IngressHarness()
        #expect(Self.value("switchboard_ingress_signing_keys_fetched_timestamp_seconds", in: harness.metricsText) == 0)
        #expect(Self.value(#"switchboard_ingress_signing_key_fetches_total{result="success"}"#, in: harness.metricsText) == 0)
        #expect(Self.value(#"switchboard_ingress_signing_key_fetches_total{result="failure"}"#, in: harness.metricsText) == 0)
    }

    @Test("a fetch that works is counted as success and dates the keys")
    func success() async throws {
        let harness = try IngressHarness()
        let before = Date().timeIntervalSince1970
        let status = try await Self.post(harness)
        #expect(status == .accepted)
        let text = harness.metricsText
        #expect(Self.value(#"switchboard_ingress_signing_key_fetches_total{result="success"}"#, in: text) == 1)
        #expect(Self.value(#"switchboard_ingress_signing_key_fetches_total{result="failure"}"#, in: text) == 0)
        let fetchedAt = try #require(Self.value("switchboard_ingress_signing_keys_fetched_timestamp_seconds", in: text))
        #expect(fetchedAt >= before.rounded(.down))
    }

    @Test("a fetch that fails is counted as failure and leaves the keys undated")
    func failure() async throws {
        let harness = try IngressHarness()
        harness.fetcher.setFailing(true)
        let status = try await Self.post(harness)
        #expect(status == .serviceUnavailable)
        let text = harness.metricsText
        #expect(Self.value(#"switchboard_ingress_signing_key_fetches_total{result="failure"}"#, in: text) == 1)
        #expect(Self.value(#"switchboard_ingress_signing_key_fetches_total{result="success"}"#, in: text) == 0)
        #expect(Self.value("switchboard_ingress_signing_keys_fetched_timestamp_seconds", in: text) == 0)
    }

    private static func post(_ harness: IngressHarness) async throws -> HTTPResponse.Status {
        let token = try await Notification.validToken()
        return try await harness.test { client in
            try await client.execute(
                uri: "/api/calls", method: .post, headers: Notification.headers(token: token),
                body: ByteBuffer(bytes: Notification.seed.incomingNotification)
            ).status
        }
    }

    /// The sample value of `series` (name and labels exactly as served), if served.
    static func value(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
