import AsyncHTTPClient
import Foundation
import Logging
import Testing

@testable import Ingress

@Suite("Signing keys from OpenID metadata")
struct OpenIDKeyFetcherTests {
    @Test("keys are read through the metadata's jwks_uri; non-RSA entries are skipped")
    func fetchesKeys() async throws {
        let server = KeyServer(keys: [TestKeys.primary, TestKeys.rotated])
        try await server.run { server in
            let fetcher = OpenIDKeyFetcher(
                metadataURL: server.metadataURL, httpClient: .shared, timeout: .seconds(5), logger: Logger(label: "test")
            )
            let keys = try await fetcher.fetchKeys()
            #expect(keys.keyIDs == ["key-1", "key-2"])
        }
    }

    @Test("an unreachable metadata URL is a fetch error naming the URL")
    func unreachable() async throws {
        let fetcher = OpenIDKeyFetcher(
            metadataURL: "http://127.0.0.1:1/.well-known/openid-configuration",
            httpClient: .shared, timeout: .seconds(2), logger: Logger(label: "test")
        )
        let error = await #expect(throws: SigningKeyFetchError.self) { try await fetcher.fetchKeys() }
        #expect(error?.url.contains("127.0.0.1:1") == true)
    }

    @Test("end to end: tokens verify against served keys; a rotated key is fetched on its first use")
    func rotationThroughServer() async throws {
        let server = KeyServer(keys: [TestKeys.primary])
        try await server.run { server in
            let configuration = TokenValidationConfiguration(
                botAppID: TestKeys.botAppID, openIDMetadataURL: server.metadataURL, unknownKeyRefreshInterval: .zero
            )
            let store = SigningKeyStore(
                fetcher: OpenIDKeyFetcher(metadataURL: server.metadataURL, httpClient: .shared, timeout: .seconds(5), logger: Logger(label: "test")),
                refreshInterval: .seconds(3600),
                unknownKeyRefreshInterval: .zero,
                logger: Logger(label: "test")
            )
            let validator = BearerTokenValidator(configuration: configuration, keys: store)
            let first = try await TestKeys.primary.sign(TestKeys.validClaims())
            #expect(try await validator.validate(authorization: "Bearer \(first)", now: Date()).tenantID == TestKeys.tenantID)
            #expect(server.keyFetches == 1)
            server.publish([TestKeys.rotated])
            let second = try await TestKeys.rotated.sign(TestKeys.validClaims())
            #expect(try await validator.validate(authorization: "Bearer \(second)", now: Date()).tenantID == TestKeys.tenantID)
            #expect(server.keyFetches == 2)
            // The old key is gone from the new set: its tokens are refused now.
            await #expect(throws: AuthenticationFailure.self) {
                try await validator.validate(authorization: "Bearer \(first)", now: Date())
            }
        }
    }
}
