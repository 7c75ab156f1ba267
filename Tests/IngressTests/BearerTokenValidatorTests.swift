import CallModel
import Foundation
import JWTKit
import Logging
import Testing

@testable import Ingress

@Suite("Bearer token validation")
struct BearerTokenValidatorTests {
    let fetcher = StaticKeyFetcher(keys: [TestKeys.primary])

    func makeValidator(
        fetcher: StaticKeyFetcher? = nil,
        allowedIssuers: Set<String> = Set(IngressDefaults.allowedIssuers),
        allowedTenants: Set<String> = [],
        unknownKeyRefreshInterval: Duration = .seconds(30)
    ) -> BearerTokenValidator {
        let configuration = TokenValidationConfiguration(
            botAppID: TestKeys.botAppID,
            openIDMetadataURL: "test://metadata",
            allowedIssuers: allowedIssuers,
            allowedTenants: allowedTenants,
            unknownKeyRefreshInterval: unknownKeyRefreshInterval
        )
        let store = SigningKeyStore(
            fetcher: fetcher ?? self.fetcher,
            refreshInterval: .seconds(3600),
            unknownKeyRefreshInterval: unknownKeyRefreshInterval,
            logger: Logger(label: "test")
        )
        return BearerTokenValidator(configuration: configuration, keys: store)
    }

    func failure(_ authorization: String?, validator: BearerTokenValidator? = nil, now: Date = Date()) async -> AuthenticationFailure? {
        do {
            _ = try await (validator ?? makeValidator()).validate(authorization: authorization, now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("a token as Microsoft sends it (RS256, cty JWT) yields its tenant")
    func acceptsMicrosoftShapedToken() async throws {
        let token = try await TestKeys.primary.sign(TestKeys.validClaims(), cty: "JWT")
        let caller = try await makeValidator().validate(authorization: "Bearer \(token)", now: Date())
        #expect(caller.tenantID == TestKeys.tenantID)
    }

    @Test("the scheme is matched in any letter case, with spaces around it", arguments: ["Bearer ", "bearer ", "  BEARER   ", "bEaReR\u{20}"])
    func schemeSpelling(_ prefix: String) async throws {
        let token = try await TestKeys.primary.sign(TestKeys.validClaims())
        #expect(try await makeValidator().validate(authorization: prefix + token, now: Date()).tenantID == TestKeys.tenantID)
    }

    @Test("a scheme that only starts like Bearer is refused", arguments: ["Bearerx", "Bear", "Bearer", "Beärer x", "\u{00A0}Bearer x"])
    func schemeLookalikes(_ authorization: String) async {
        #expect(await failure(authorization)?.code == .missingToken)
    }

    @Test("a token seen before is still checked for expiry every time")
    func reusedTokenExpires() async throws {
        let validator = makeValidator()
        let now = Date()
        let token = try await TestKeys.primary.sign(TestKeys.validClaims(now: now))
        #expect(try await validator.validate(authorization: "Bearer \(token)", now: now).tenantID == TestKeys.tenantID)
        #expect(try await validator.validate(authorization: "Bearer \(token)", now: now).tenantID == TestKeys.tenantID)
        #expect(await failure("Bearer \(token)", validator: validator, now: now.addingTimeInterval(3600))?.code == .expired)
    }

    @Test("a token verified before is refused once a refresh drops its key")
    func reusedTokenAfterKeyRemoval() async throws {
        let fetcher = StaticKeyFetcher(keys: [TestKeys.primary])
        let validator = makeValidator(fetcher: fetcher, unknownKeyRefreshInterval: .zero)
        let token = try await TestKeys.primary.sign(TestKeys.validClaims())
        _ = try await validator.validate(authorization: "Bearer \(token)", now: Date())
        fetcher.publish([TestKeys.rotated])
        await validator.keys.refresh()
        #expect(await failure("Bearer \(token)", validator: validator)?.code == .unknownKey)
    }

    /// Claims as JSON, with the valid token's times and tenant unless `members` replaces them.
    func claims(_ members: String) throws -> TokenClaims {
        let valid = TestKeys.validClaims()
        let json = #"{"iss":"https://api.botframework.com","exp":\#(valid.exp ?? 0),"nbf":\#(valid.nbf ?? 0),"tid":"\#(TestKeys.tenantID)","#
            + members + "}"
        guard case let .object(object) = try JSONValue.parse(Array(json.utf8)) else { throw AuthenticationFailure(.malformedToken, "not an object") }
        return try TokenClaims(object)
    }

    @Test("exactly one audience, the bot's app id: an array with the bot and another audience is refused")
    func exactAudience() throws {
        let validator = makeValidator()
        #expect(try validator.check(try claims(#""aud":"\#(TestKeys.botAppID)""#), now: Date()).tenantID == TestKeys.tenantID)
        #expect(try validator.check(try claims(#""aud":["\#(TestKeys.botAppID)"]"#), now: Date()).tenantID == TestKeys.tenantID)
        for audience in [#"["other","\#(TestKeys.botAppID)"]"#, #"["\#(TestKeys.botAppID)","\#(TestKeys.botAppID)"]"#, "[]"] {
            #expect(throws: AuthenticationFailure(.wrongAudience, "the token audience is not exactly this bot's app id")) {
                try validator.check(try claims(#""aud":\#(audience)"#), now: Date())
            }
        }
    }

    @Test("the tenant is a GUID, compared in lowercase; the caller's tenant is the lowercase form")
    func tenantGUID() throws {
        let upper = TestKeys.tenantID.uppercased()
        let served = makeValidator(allowedTenants: [upper])
        var decoded = try claims(#""aud":"\#(TestKeys.botAppID)""#)
        decoded.tid = upper
        #expect(try served.check(decoded, now: Date()).tenantID == TestKeys.tenantID)
        #expect(try makeValidator().check(decoded, now: Date()).tenantID == TestKeys.tenantID)
        for tid in ["contoso", "1fdd12d0-4620-44ed-baec-459b611f84b", "1fdd12d0x4620-44ed-baec-459b611f84b2", "{1fdd12d0-4620-44ed-baec-459b611f84b2}"] {
            decoded.tid = tid
            #expect(throws: AuthenticationFailure.self) { try makeValidator().check(decoded, now: Date()) }
            #expect((try? makeValidator().check(decoded, now: Date())) == nil)
            do {
                _ = try makeValidator().check(decoded, now: Date())
            } catch {
                #expect(error.code == .invalidTenant)
            }
        }
    }

    @Test("a token valid for more than 24 hours, or without nbf, is refused")
    func boundedLifetime() throws {
        let validator = makeValidator()
        let now = Date().timeIntervalSince1970
        let day = 24 * 3600.0
        var decoded = try claims(#""aud":"\#(TestKeys.botAppID)""#)
        decoded.nbf = now - 60
        decoded.exp = now - 60 + day
        #expect(try validator.check(decoded, now: Date()).tenantID == TestKeys.tenantID)
        decoded.exp = now - 60 + day + 1
        for change in [nil, Optional(now - 60)] as [Double?] {
            decoded.nbf = change
            do {
                _ = try validator.check(decoded, now: Date())
                Issue.record("accepted a token with nbf \(String(describing: change)) and exp a day and a second later")
            } catch {
                #expect(error.code == .lifetimeTooLong)
            }
        }
    }

    @Test(
        "refused tokens name their reason",
        arguments: [
            (nil, AuthenticationFailure.Code.missingToken),
            ("Basic dXNlcjpwYXNz", .missingToken),
            ("Bearer ", .missingToken),
            ("Bearer not-a-jwt", .malformedToken),
            ("Bearer a.b", .malformedToken),
            ("Bearer !!!.###.$$$", .malformedToken),
        ] as [(String?, AuthenticationFailure.Code)]
    )
    func refusesMalformedHeaders(authorization: String?, reason: AuthenticationFailure.Code) async {
        #expect(await failure(authorization)?.code == reason)
    }

    /// Claims a signer may put in a token but the ingress must refuse: the wrong kinds of value.
    struct OddClaims: JWTPayload {
        var iss = TestKeys.issuer
        var aud: [Int] = [42]
        var exp = Date().timeIntervalSince1970 + 240
        var tid = TestKeys.tenantID
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    @Test("a signed token whose claims have the wrong kind of value is malformed, naming the claim")
    func refusesOddClaims() async throws {
        let keys = JWTKeyCollection()
        await keys.add(rsa: TestKeys.primary.privateKey, digestAlgorithm: .sha256, kid: JWKIdentifier(string: TestKeys.primary.kid))
        let token = try await keys.sign(OddClaims(), kid: JWKIdentifier(string: TestKeys.primary.kid))
        let refused = await failure("Bearer \(token)")
        #expect(refused?.code == .malformedToken)
        #expect(refused?.message.contains("aud holds a number") == true, "\(refused?.message ?? "accepted")")
    }

    @Test("a token part with a member twice is malformed: no claim is read two ways")
    func refusesDuplicateMembers() async throws {
        let token = Base64URL.encode(Array(#"{"alg":"RS256","kid":"key-1","kid":"key-2"}"#.utf8)) + ".e30.AQID"
        let refused = await failure("Bearer \(token)")
        #expect(refused?.code == .malformedToken)
        #expect(refused?.message == "the token header is not JSON")
    }

    @Test("alg none is refused even with a known kid")
    func refusesAlgNone() async throws {
        let token = try TestKeys.unsignedToken(header: #"{"alg":"none","typ":"JWT","kid":"key-1"}"#, claims: TestKeys.validClaims())
        let refused = await failure("Bearer \(token)")
        #expect(refused?.code == .unsupportedAlgorithm)
        #expect(refused?.message.contains("none") == true)
    }

    @Test("HS256 signed with the public key's id is refused (algorithm confusion)")
    func refusesHS256() async throws {
        let secret = TestKeys.primary.published.n ?? "public-key"
        let token = try await TestKeys.hmacToken(secret: secret, kid: TestKeys.primary.kid, claims: TestKeys.validClaims())
        #expect(await failure("Bearer \(token)")?.code == .unsupportedAlgorithm)
    }

    @Test("a token without kid is refused")
    func refusesMissingKid() async throws {
        let token = try TestKeys.unsignedToken(header: #"{"alg":"RS256"}"#, claims: TestKeys.validClaims(), signature: [1, 2, 3])
        #expect(await failure("Bearer \(token)")?.code == .missingKeyID)
    }

    @Test("a tampered payload fails the signature check")
    func refusesTamperedPayload() async throws {
        let token = try await TestKeys.primary.sign(TestKeys.validClaims())
        var parts = token.split(separator: ".").map(String.init)
        var claims = TestKeys.validClaims()
        claims.tid = "attacker-tenant"
        parts[1] = Base64URL.encode(try JSONEncoder().encode(claims))
        #expect(await failure("Bearer \(parts.joined(separator: "."))")?.code == .invalidSignature)
    }

    @Test("a token signed by an unpublished key is refused after one refresh")
    func refusesUnknownKey() async throws {
        let fetcher = StaticKeyFetcher(keys: [TestKeys.primary])
        let validator = makeValidator(fetcher: fetcher)
        let stranger = try await TestKeys.rotated.sign(TestKeys.validClaims())
        #expect(await failure("Bearer \(stranger)", validator: validator)?.code == .unknownKey)
        #expect(fetcher.fetchCount == 1)
        // Within the rate limit, more unknown kids do not fetch again.
        for _ in 0..<5 {
            #expect(await failure("Bearer \(stranger)", validator: validator)?.code == .unknownKey)
        }
        #expect(fetcher.fetchCount == 1)
    }

    @Test("a key published after the last fetch is found by the refresh an unknown kid triggers")
    func picksUpRotatedKey() async throws {
        let fetcher = StaticKeyFetcher(keys: [TestKeys.primary])
        let validator = makeValidator(fetcher: fetcher, unknownKeyRefreshInterval: .milliseconds(1))
        let first = try await TestKeys.primary.sign(TestKeys.validClaims())
        _ = try await validator.validate(authorization: "Bearer \(first)", now: Date())
        fetcher.publish([TestKeys.primary, TestKeys.rotated])
        try await Task.sleep(for: .milliseconds(5))
        let rotated = try await TestKeys.rotated.sign(TestKeys.validClaims())
        let caller = try await validator.validate(authorization: "Bearer \(rotated)", now: Date())
        #expect(caller.tenantID == TestKeys.tenantID)
        #expect(fetcher.fetchCount == 2)
    }

    @Test("no keys fetched yet means keys_unavailable, not a 401")
    func keysUnavailable() async throws {
        let fetcher = StaticKeyFetcher(keys: [TestKeys.primary], fails: true)
        let token = try await TestKeys.primary.sign(TestKeys.validClaims())
        #expect(await failure("Bearer \(token)", validator: makeValidator(fetcher: fetcher))?.code == .keysUnavailable)
    }

    @Test(
        "claims are checked with 60 s of leeway",
        arguments: [
            // (seconds from now of exp, of nbf, expected reason or nil when accepted)
            (240.0, -60.0, nil),
            (-30.0, -300.0, nil),  // expired 30 s ago: within leeway
            (-90.0, -400.0, AuthenticationFailure.Code.expired),
            (400.0, 30.0, nil),  // not valid for 30 s more: within leeway
            (400.0, 120.0, .notYetValid),
        ] as [(Double, Double, AuthenticationFailure.Code?)]
    )
    func checksTimes(expOffset: Double, nbfOffset: Double, reason: AuthenticationFailure.Code?) async throws {
        let now = Date()
        var claims = TestKeys.validClaims(now: now)
        claims.exp = now.timeIntervalSince1970 + expOffset
        claims.nbf = now.timeIntervalSince1970 + nbfOffset
        let token = try await TestKeys.primary.sign(claims)
        #expect(await failure("Bearer \(token)", now: now)?.code == reason)
    }

    @Test("with tenants listed, a valid token of another tenant is refused as not allowed, and 403 is the answer")
    func allowedTenants() async throws {
        var claims = TestKeys.validClaims()
        let token = try await TestKeys.primary.sign(claims)
        let served = try #require(claims.tid)
        #expect(await failure("Bearer \(token)", validator: makeValidator(allowedTenants: [served])) == nil)
        #expect(await failure("Bearer \(token)", validator: makeValidator(allowedTenants: [])) == nil)

        claims.tid = "0d9f5b3e-1111-4222-8333-944455556666"
        let foreign = try await TestKeys.primary.sign(claims)
        let refused = try #require(await failure("Bearer \(foreign)", validator: makeValidator(allowedTenants: [served])))
        #expect(refused.code == .tenantNotAllowed)
        #expect(refused.message.contains("0d9f5b3e-1111-4222-8333-944455556666"))
        #expect(IngressRejection.unauthenticated(refused).status == .forbidden)
    }

    @Test("Graph's issuer is refused by default and accepted once configured, as Microsoft's samples do")
    func graphIssuer() async throws {
        var claims = TestKeys.validClaims()
        claims.iss = IngressDefaults.graphIssuer
        let token = try await TestKeys.primary.sign(claims)
        #expect(await failure("Bearer \(token)")?.code == .wrongIssuer)
        let both = makeValidator(allowedIssuers: [IngressDefaults.botFrameworkIssuer, IngressDefaults.graphIssuer])
        #expect(await failure("Bearer \(token)", validator: both) == nil)
    }

    @Test(
        "issuer, audience, tenant and expiry must be present and right",
        arguments: [
            ("iss", AuthenticationFailure.Code.wrongIssuer),
            ("iss-missing", .wrongIssuer),
            ("aud", .wrongAudience),
            ("aud-missing", .wrongAudience),
            ("tid-missing", .missingTenant),
            ("tid-empty", .missingTenant),
            ("exp-missing", .expired),
        ]
    )
    func checksClaims(change: String, reason: AuthenticationFailure.Code) async throws {
        var claims = TestKeys.validClaims()
        switch change {
        case "iss": claims.iss = "https://evil.example.com"
        case "iss-missing": claims.iss = nil
        case "aud": claims.aud = "another-bot"
        case "aud-missing": claims.aud = nil
        case "tid-missing": claims.tid = nil
        case "tid-empty": claims.tid = ""
        default: claims.exp = nil
        }
        let token = try await TestKeys.primary.sign(claims)
        let refused = await failure("Bearer \(token)")
        #expect(refused?.code == reason)
        #expect(refused?.message.contains(token) == false)
    }
}
