import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import Ingress

@Suite("Notification rejections")
struct NotificationRejectionTests {
    enum Case: String, CaseIterable, Sendable {
        case noToken, expired, wrongAudience, wrongIssuer, unknownKey, algNone, hs256
        case malformedJSON, notAnObject, noValue, missingCallID, tooLarge, wrongContentType, noContentType

        /// Status, problem type suffix, auth reason, and a phrase the detail must contain.
        var expected: (status: HTTPResponse.Status, code: String, reason: String?, detail: String) {
            switch self {
            case .noToken: (.unauthorized, "invalid-token", "missing_token", "Authorization")
            case .expired: (.unauthorized, "invalid-token", "expired", "expired")
            case .wrongAudience: (.unauthorized, "invalid-token", "wrong_audience", "audience")
            case .wrongIssuer: (.unauthorized, "invalid-token", "wrong_issuer", "issuer")
            case .unknownKey: (.unauthorized, "invalid-token", "unknown_key", "key-2")
            case .algNone: (.unauthorized, "invalid-token", "unsupported_algorithm", "RS256")
            case .hs256: (.unauthorized, "invalid-token", "unsupported_algorithm", "HS256")
            case .malformedJSON: (.badRequest, "malformed-notification", nil, "JSON")
            case .notAnObject: (.badRequest, "malformed-notification", nil, "object")
            case .noValue: (.badRequest, "malformed-notification", nil, "value")
            case .missingCallID: (.badRequest, "malformed-notification", nil, "call id")
            case .tooLarge: (.contentTooLarge, "body-too-large", nil, "262144")
            case .wrongContentType: (.unsupportedMediaType, "unsupported-media-type", nil, "text/plain")
            case .noContentType: (.unsupportedMediaType, "unsupported-media-type", nil, "no Content-Type")
            }
        }

        func request() async throws -> (headers: HTTPFields, body: [UInt8]) {
            let seed = Notification.seed.incomingNotification
            let valid = try await Notification.validToken()
            var claims = TestKeys.validClaims()
            switch self {
            case .noToken:
                return (Notification.headers(token: nil), seed)
            case .expired:
                claims.exp = Date().timeIntervalSince1970 - 3600
                return (Notification.headers(token: try await TestKeys.primary.sign(claims)), seed)
            case .wrongAudience:
                claims.aud = "some-other-bot"
                return (Notification.headers(token: try await TestKeys.primary.sign(claims)), seed)
            case .wrongIssuer:
                claims.iss = "https://login.example.com"
                return (Notification.headers(token: try await TestKeys.primary.sign(claims)), seed)
            case .unknownKey:
                return (Notification.headers(token: try await TestKeys.rotated.sign(claims)), seed)
            case .algNone:
                let token = try TestKeys.unsignedToken(header: #"{"alg":"none","kid":"key-1"}"#, claims: claims)
                return (Notification.headers(token: token), seed)
            case .hs256:
                let token = try await TestKeys.hmacToken(secret: "a-shared-secret-of-more-than-32-bytes", kid: TestKeys.primary.kid, claims: claims)
                return (Notification.headers(token: token), seed)
            case .malformedJSON:
                return (Notification.headers(token: valid), Array(#"{"value": [ {"resourceUrl": "/communications/calls/x",, } ]}"#.utf8))
            case .notAnObject:
                return (Notification.headers(token: valid), Array(#"[1, 2, 3]"#.utf8))
            case .noValue:
                // Without any `value` member the body is the legacy format (204, NotificationLimitsTests).
                return (Notification.headers(token: valid), Array(##"{"@odata.type": "#microsoft.graph.commsNotifications", "value": "none"}"##.utf8))
            case .missingCallID:
                return (Notification.headers(token: valid), Array(#"{"value": [{"changeType": "created"}]}"#.utf8))
            case .tooLarge:
                let padding = String(repeating: " ", count: 256 * 1024)
                return (Notification.headers(token: valid), Array(padding.utf8) + seed)
            case .wrongContentType:
                return (Notification.headers(token: valid, contentType: "text/plain"), seed)
            case .noContentType:
                return (Notification.headers(token: valid, contentType: nil), seed)
            }
        }
    }

    @Test("each refused notification gets its status and a problem body that says why", arguments: Case.allCases)
    func refuses(_ rejection: Case) async throws {
        let harness = try IngressHarness()
        let (headers, body) = try await rejection.request()
        let expected = rejection.expected
        try await harness.test { client in
            let response = try await client.execute(uri: "/api/calls", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            #expect(response.status == expected.status)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try Problem(response)
            #expect(problem.status == Int(expected.status.code))
            #expect(problem.type == "urn:switchboard:problem:\(expected.code)")
            #expect(problem.reason == expected.reason)
            #expect(problem.detail.contains(expected.detail), "detail: \(problem.detail)")
            if expected.status == .unauthorized {
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
        }
        #expect(harness.sink.records.isEmpty)
        #expect(harness.metricsText.contains(#"switchboard_ingress_requests_total{status="\#(expected.status.code)"} 1"#))
        if let reason = expected.reason {
            #expect(harness.metricsText.contains(#"switchboard_ingress_auth_failures_total{reason="\#(reason)"} 1"#))
        }
    }

    @Test("a declared Content-Length over the limit is answered 413 at once and the body is never read", .timeLimit(.minutes(1)))
    func refusesDeclaredLength() async throws {
        let harness = try IngressHarness { $0.maxBodyBytes = 1000 }
        let token = try await Notification.validToken()
        let upload = try await harness.live { ports in
            try await RefusedUpload.run(
                port: ports.webhook,
                head: "POST /api/calls HTTP/1.1\r\nHost: ingress\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(RefusedUpload.uploadSize)\r\n\r\n",
                piece: ByteBuffer(repeating: UInt8(ascii: " "), count: 64 * 1024),
                total: RefusedUpload.uploadSize
            )
        }
        // The answer came before a single body byte was sent.
        #expect(upload.response.hasPrefix("HTTP/1.1 413"), "got \(upload.response)")
        #expect(upload.response.lowercased().contains("connection: close"))
        #expect(upload.response.contains("urn:switchboard:problem:body-too-large"))
        // An ingress that read (or drained) the body would have accepted all 128 MiB of it.
        #expect(
            upload.acceptedAfterAnswer < RefusedUpload.socketBufferAllowance,
            "the connection accepted \(upload.acceptedAfterAnswer) of \(upload.offered) body bytes after the 413"
        )
        #expect(harness.sink.records.isEmpty)
    }

    @Test(
        "JSON media types with a UTF-8 charset are accepted; others are not",
        arguments: [
            ("application/json", true), ("application/json; charset=utf-8", true), ("Application/JSON;charset=\"UTF-8\"", true),
            ("application/vnd.microsoft+json", true), ("application/json; charset=iso-8859-1", false),
            ("text/json", false), ("application/x-www-form-urlencoded", false), ("", false),
        ]
    )
    func mediaTypes(contentType: String, accepted: Bool) {
        #expect(JSONMediaType.accepts(contentType) == accepted)
    }
}

@Suite("Streaming body limit", .timeLimit(.minutes(1)))
struct StreamingBodyLimitTests {
    @Test("a chunked body without Content-Length is refused with 413 once it passes the limit")
    func refusesChunkedBody() async throws {
        let harness = try IngressHarness { $0.maxBodyBytes = 4096 }
        let token = try await Notification.validToken()
        try await harness.test(.live) { client in
            let port = try #require(client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/calls")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            // 64 chunks of 1 KiB, with no length declared: the server sees a chunked stream.
            let chunks = (0..<64).map { _ in ByteBuffer(repeating: UInt8(ascii: " "), count: 1024) }
            request.body = .stream(chunks.async, length: .unknown)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status.code == 413)
            let problem = try JSONDecoder().decode(Problem.self, from: Data(buffer: try await response.body.collect(upTo: 4096)))
            #expect(problem.detail.contains("4096"))
        }
        #expect(harness.sink.records.isEmpty)
    }

    @Test("a chunked body is read no further than the chunk that passes the limit")
    func stopsReadingChunkedBody() async throws {
        let harness = try IngressHarness { $0.maxBodyBytes = 4096 }
        let token = try await Notification.validToken()
        // 8 chunks of 1 KiB pass the 4 KiB limit; then chunks of 64 KiB, up to 128 MiB.
        let small = "400\r\n" + String(repeating: " ", count: 1024) + "\r\n"
        let piece = ByteBuffer(string: "10000\r\n" + String(repeating: " ", count: 64 * 1024) + "\r\n")
        let upload = try await harness.live { ports in
            try await RefusedUpload.run(
                port: ports.webhook,
                head: "POST /api/calls HTTP/1.1\r\nHost: ingress\r\nAuthorization: Bearer \(token)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                start: Array(String(repeating: small, count: 8).utf8),
                piece: piece,
                total: RefusedUpload.uploadSize
            )
        }
        #expect(upload.response.hasPrefix("HTTP/1.1 413"), "got \(upload.response)")
        #expect(upload.response.lowercased().contains("connection: close"))
        // An ingress that read (or drained) the rest of the stream would have accepted all 128 MiB of it.
        #expect(
            upload.acceptedAfterAnswer < RefusedUpload.socketBufferAllowance,
            "the connection accepted \(upload.acceptedAfterAnswer) of \(upload.offered) body bytes after the 413"
        )
        #expect(harness.sink.records.isEmpty)
    }
}
