import AsyncHTTPClient
import CallModel
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

    @Test("documents are read strictly: a metadata or key set of the wrong shape is an error saying what is wrong")
    func documentShapes() throws {
        func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }
        #expect(try OpenIDMetadata(parse(#"{"jwks_uri":"https://k/keys","issuer":"x"}"#), url: "m").jwksURI == "https://k/keys")
        #expect(try OpenIDMetadata(parse(#"{"issuer":"x"}"#), url: "m").jwksURI == nil)
        #expect(try #require(throws: SigningKeyFetchError.self) { try OpenIDMetadata(parse(#"{"jwks_uri":7}"#), url: "m") }.reason == "its jwks_uri is a number, not a string")
        #expect(try #require(throws: SigningKeyFetchError.self) { try OpenIDMetadata(parse("[]"), url: "m") }.reason == "the document is an array, not a JSON object")
        #expect(try #require(throws: SigningKeyFetchError.self) { try PublishedKeySet(parse(#"{"keys":{}}"#), url: "k") }.reason == "the document has no keys array")
        // Entries of another shape are skipped, not fatal: one odd key does not take the others down.
        let set = try PublishedKeySet(parse(#"{"keys":[7,{"kty":"RSA","kid":1},{"kty":"RSA","kid":"a","x5c":[1]},{"kty":"RSA","kid":"b","n":"AQAB","e":"AQAB","x5c":["MIIB"]}]}"#), url: "k")
        #expect(set.keys.map(\.kid) == ["b"])
        #expect(set.keys.first?.x5c == ["MIIB"])
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
