import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import Testing

@testable import Ingress

/// Signing keys come only over HTTPS, without redirects, and are not trusted forever; settings that
/// would weaken the checks are refused.
@Suite("Signing key security")
struct KeySecurityTests {
    static func configuration(_ change: (inout TokenValidationConfiguration) -> Void) -> TokenValidationConfiguration {
        var configuration = TokenValidationConfiguration(botAppID: TestKeys.botAppID)
        change(&configuration)
        return configuration
    }

    @Test("metadata URLs: https anywhere, http only on loopback", arguments: [
        ("https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration", true),
        ("http://127.0.0.1:8443/v1/.well-known/OpenIdConfiguration", true),
        ("http://localhost/keys", true),
        ("http://[::1]:80/keys", true),
        ("http://api.aps.skype.com/v1/.well-known/OpenIdConfiguration", false),
        ("http://10.0.0.1/keys", false),
        ("http://127.0.0.1.example.com/keys", false),
        ("ftp://127.0.0.1/keys", false),
        ("not a url", false),
    ])
    func metadataURL(_ url: String, allowed: Bool) {
        #expect(SecureURL.isAllowed(url) == allowed)
        let result = Result { () throws(IngressConfigurationError) in try Self.configuration { $0.openIDMetadataURL = url }.validate() }
        #expect(((try? result.get()) != nil) == allowed)
    }

    @Test("settings that weaken the token checks are refused, naming the setting", arguments: [
        ("clock leeway", Self.configuration { $0.clockLeeway = .seconds(301) }),
        ("clock leeway", Self.configuration { $0.clockLeeway = .seconds(-1) }),
        ("key refresh interval", Self.configuration { $0.keyRefreshInterval = .seconds(59) }),
        ("max key age", Self.configuration { $0.maxKeyAge = .seconds(3600) }),
        ("allowed tenants", Self.configuration { $0.allowedTenants = ["contoso"] }),
    ])
    func weakSettings(_ setting: String, _ configuration: TokenValidationConfiguration) {
        #expect(throws: IngressConfigurationError.self) { try configuration.validate() }
        #expect((try? configuration.validate()) == nil)
        do {
            try configuration.validate()
        } catch {
            #expect(error.setting == setting)
        }
    }

    @Test("the bounds themselves are accepted, and nothing is checked while authentication is off")
    func boundsAccepted() throws {
        try Self.configuration {
            $0.clockLeeway = .seconds(300)
            $0.keyRefreshInterval = .seconds(60)
            $0.maxKeyAge = .seconds(61)
        }.validate()
        try Self.configuration {
            $0.isEnabled = false
            $0.openIDMetadataURL = "http://example.com/keys"
        }.validate()
    }

    @Test("a jwks_uri that is not https is not fetched")
    func plainHTTPKeySet() async throws {
        let server = KeyServer(keys: [TestKeys.primary])
        try await server.run { server in
            server.setJWKSURI("http://keys.example.com/keys")
            let fetcher = OpenIDKeyFetcher(
                metadataURL: server.metadataURL, httpClient: .shared, timeout: .seconds(5), logger: Logger(label: "test"))
            let error = await #expect(throws: SigningKeyFetchError.self) { try await fetcher.fetchKeys() }
            #expect(error?.reason.contains("not https") == true)
            #expect(server.keyFetches == 0)
        }
    }

    @Test("a redirect from the metadata URL is not followed")
    func noRedirects() async throws {
        let server = KeyServer(keys: [TestKeys.primary])
        let client = OpenIDKeyFetcher.makeHTTPClient()
        try await server.run { server in
            let fetcher = OpenIDKeyFetcher(
                metadataURL: server.movedMetadataURL, httpClient: client, timeout: .seconds(5), logger: Logger(label: "test"))
            let error = await #expect(throws: SigningKeyFetchError.self) { try await fetcher.fetchKeys() }
            #expect(error?.reason.contains("302") == true)
            #expect(server.metadataFetches == 0)
        }
        try await client.shutdown()
    }

    @Test("keys not refreshed for the maximum key age are dropped: tokens get 503 and the ingress is not ready")
    func keysExpire() async throws {
        let now = Mutex(ContinuousClock.now)
        let fetcher = StaticKeyFetcher(keys: [TestKeys.primary])
        let store = SigningKeyStore(
            fetcher: fetcher, refreshInterval: .seconds(3600), unknownKeyRefreshInterval: .seconds(30),
            maxKeyAge: .seconds(7200), logger: Logger(label: "test"), clock: { now.withLock { $0 } })
        let validator = BearerTokenValidator(configuration: TokenValidationConfiguration(botAppID: TestKeys.botAppID), keys: store)
        let token = try await TestKeys.primary.sign(TestKeys.validClaims())
        #expect(await store.refresh())
        #expect(try await validator.validate(authorization: "Bearer \(token)", now: Date()).tenantID == TestKeys.tenantID)

        fetcher.setFailing(true)
        now.withLock { $0 += .seconds(7000) }
        #expect(await store.refresh() == true, "a failed refresh keeps keys younger than the maximum age")
        #expect(store.hasKeys)

        now.withLock { $0 += .seconds(201) }
        #expect(await store.refresh() == false)
        #expect(!store.hasKeys)
        // Also the token verified before: its cached verification is not used without usable keys.
        let refused = await #expect(throws: AuthenticationFailure.self) {
            try await validator.validate(authorization: "Bearer \(token)", now: Date())
        }
        #expect(refused?.code == .keysUnavailable)
        #expect(IngressRejection.unauthenticated(try #require(refused)).status == .serviceUnavailable)

        fetcher.setFailing(false)
        #expect(await store.refresh())
        #expect(store.hasKeys)
    }
}
