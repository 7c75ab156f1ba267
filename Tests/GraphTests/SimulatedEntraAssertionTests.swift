import AsyncHTTPClient
import Foundation
import GraphSimulator
import Logging
import NIOCore
import Testing

@testable import Graph

/// The simulated Entra's checks of client assertions, with assertions the client builds (and
/// then spoils): each refusal is `invalid_client` with the `AADSTS` code in the body, as Entra answers.
@Suite struct SimulatedEntraAssertionTests {
    /// One refused or accepted token request.
    struct Answer {
        var status: UInt
        var body: [String: Any]
        var description: String { body["error_description"] as? String ?? "" }
    }

    static func post(_ baseURL: String, tenant: String = "tenant-a", _ fields: [(String, String)]) async throws -> Answer {
        var request = HTTPClientRequest(url: "\(baseURL)/\(tenant)/oauth2/v2.0/token")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
        return Answer(status: UInt(response.status.code), body: object)
    }

    static func assertionForm(_ assertion: String, clientID: String = "app") -> [(String, String)] {
        [
            ("grant_type", "client_credentials"), ("client_id", clientID),
            ("client_assertion_type", GraphCredential.jwtBearerAssertionType), ("client_assertion", assertion),
            ("scope", "https://graph.microsoft.com/.default"),
        ]
    }

    /// Runs a simulator that knows `certificate`, with the token URL of tenant `tenant-a`.
    static func withSimulator(
        registering certificate: SimulatedClientCertificate,
        _ body: (SimulatedGraph, _ baseURL: String, _ tokenURL: String) async throws -> Void
    ) async throws {
        let configuration = SimulatorConfiguration(clientID: "app", clientCertificatesPEM: [certificate.certificatePEM])
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Logger(label: "test.entra")) { simulator, address in
            try await body(simulator, address.baseURL, "\(address.baseURL)/tenant-a/oauth2/v2.0/token")
        }
    }

    @Test("A valid assertion gets a token; the same assertion again is a replayed jti")
    func replay() async throws {
        let made = try await SimulatedClientCertificate.make()
        let certificate = try GraphClientCertificate(certificatePEM: made.certificatePEM, privateKeyPEM: made.privateKeyPEM)
        try await Self.withSimulator(registering: made) { simulator, baseURL, tokenURL in
            let assertion = try await certificate.assertion(clientID: "app", audience: tokenURL)
            let first = try await Self.post(baseURL, Self.assertionForm(assertion))
            #expect(first.status == 200)
            #expect(first.body["token_type"] as? String == "Bearer")
            let again = try await Self.post(baseURL, Self.assertionForm(assertion))
            #expect(again.status == 401)
            #expect(again.body["error"] as? String == "invalid_client")
            #expect(again.description.hasPrefix("AADSTS50013:"), "\(again.description)")
            #expect(again.body["error_codes"] as? [Int] == [50013])
            #expect(simulator.stats().tokensIssuedByCredential == ["certificate": 1])
        }
    }

    @Test(
        "Spoiled assertions are refused with Entra's codes",
        arguments: [
            ("wrong audience", 700023), ("expired", 700024), ("not yet valid", 700024), ("bad signature", 700027),
            ("unregistered certificate", 700027), ("another application", 700021), ("not a JWT", 50027),
        ])
    func refused(spoil: String, code: Int) async throws {
        let made = try await SimulatedClientCertificate.make()
        let certificate = try GraphClientCertificate(certificatePEM: made.combinedPEM)
        try await Self.withSimulator(registering: made) { simulator, baseURL, tokenURL in
            var clientID = "app"
            let assertion: String
            switch spoil {
            case "wrong audience":
                assertion = try await certificate.assertion(clientID: "app", audience: "https://login.microsoftonline.com/tenant-a/oauth2/v2.0/token")
            case "expired":
                assertion = try await certificate.assertion(clientID: "app", audience: tokenURL, now: Date().addingTimeInterval(-900))
            case "not yet valid":
                assertion = try await certificate.assertion(clientID: "app", audience: tokenURL, now: Date().addingTimeInterval(900))
            case "bad signature":
                let valid = try await certificate.assertion(clientID: "app", audience: tokenURL)
                let parts = valid.split(separator: ".")
                // Another valid assertion's signature over this header and payload.
                let other = try await certificate.assertion(clientID: "app", audience: tokenURL).split(separator: ".")
                assertion = "\(parts[0]).\(parts[1]).\(other[2])"
            case "unregistered certificate":
                let stranger = try GraphClientCertificate(certificatePEM: try await SimulatedClientCertificate.make().combinedPEM)
                assertion = try await stranger.assertion(clientID: "app", audience: tokenURL)
            case "another application":
                clientID = "app"
                assertion = try await certificate.assertion(clientID: "someone-else", audience: tokenURL)
            default:
                assertion = "not-a-jwt"
            }
            let answer = try await Self.post(baseURL, Self.assertionForm(assertion, clientID: clientID))
            #expect(answer.status == 401)
            #expect(answer.body["error"] as? String == "invalid_client")
            #expect(answer.description.hasPrefix("AADSTS\(code):"), "\(answer.description)")
            #expect(answer.body["error_codes"] as? [Int] == [code])
            #expect(answer.body["error_uri"] as? String == "https://login.microsoftonline.com/error?code=\(code)")
            #expect(answer.description.contains("Trace ID: "))
            #expect(simulator.stats().tokensIssued == 0)
        }
    }

    @Test("No assertion is signed once the certificate has expired; the error names the certificate")
    func expiredSinceLoaded() async throws {
        let made = try await SimulatedClientCertificate.make(commonName: "soon-gone", notValidAfter: Date().addingTimeInterval(3600))
        let certificate = try GraphClientCertificate(certificatePEM: made.combinedPEM)
        await #expect {
            _ = try await certificate.assertion(clientID: "app", audience: "https://login.example/t/oauth2/v2.0/token", now: Date().addingTimeInterval(7200))
        } throws: { error in
            guard let error = error as? GraphError else { return false }
            return error.code == .credential && error.message.contains("soon-gone") && error.message.contains("expired")
        }
    }

    @Test("A wrong client secret is AADSTS7000215; no credential at all is AADSTS7000218")
    func secrets() async throws {
        let configuration = SimulatorConfiguration(clientID: "app", clientSecret: "right")
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Logger(label: "test.entra")) { _, address in
            let base: [(String, String)] = [("grant_type", "client_credentials"), ("client_id", "app"), ("scope", "x/.default")]
            let wrong = try await Self.post(address.baseURL, base + [("client_secret", "wrong")])
            #expect(wrong.status == 401)
            #expect(wrong.description.hasPrefix("AADSTS7000215:"))
            let none = try await Self.post(address.baseURL, base)
            #expect(none.status == 401)
            #expect(none.description.hasPrefix("AADSTS7000218:"))
            #expect(try await Self.post(address.baseURL, base + [("client_secret", "right")]).status == 200)
        }
    }

    @Test(
        "Federated tokens: wrong audience, subject, issuer or an expired token are refused; a good one is accepted more than once",
        arguments: [("good", 0), ("audience", 700212), ("subject", 700213), ("issuer", 700211), ("expired", 700024)])
    func federated(spoil: String, code: Int) async throws {
        let configuration = SimulatorConfiguration(clientID: "app", federatedSubject: "system:serviceaccount:calls:worker")
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Logger(label: "test.entra")) { simulator, address in
            let issuer = simulator.federatedIssuer
            let subject = "system:serviceaccount:calls:worker"
            let token: String
            switch spoil {
            case "audience": token = try await issuer.token(subject: subject, audience: "api://somewhere-else")
            case "subject": token = try await issuer.token(subject: "system:serviceaccount:other:pod")
            case "issuer": token = try await SimulatedFederatedIssuer.make(issuer: "https://issuer.example").token(subject: subject)
            case "expired": token = try await issuer.token(subject: subject, lifetime: 60, now: Date().addingTimeInterval(-3600))
            default: token = try await issuer.token(subject: subject)
            }
            let answer = try await Self.post(address.baseURL, Self.assertionForm(token))
            if code == 0 {
                #expect(answer.status == 200)
                #expect(try await Self.post(address.baseURL, tenant: "tenant-b", Self.assertionForm(token)).status == 200)
                #expect(simulator.stats().tokensIssuedByCredential == ["federated": 2])
            } else {
                #expect(answer.status == 401)
                #expect(answer.body["error"] as? String == "invalid_client")
                #expect(answer.description.hasPrefix("AADSTS\(code):"), "\(answer.description)")
            }
        }
    }
}
