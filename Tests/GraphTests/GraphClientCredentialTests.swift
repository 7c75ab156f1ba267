import Foundation
import Graph
import GraphSimulator
import Testing

/// Token requests in each credential mode against the simulated Entra, which verifies them.
@Suite struct GraphClientCredentialTests {
    @Test("Certificate: the token request carries a fresh PS256 assertion for the token endpoint, and the simulator accepts it")
    func certificateAssertion() async throws {
        let made = try await SimulatedClientCertificate.make(commonName: "bot-cert")
        let certificate = try GraphClientCertificate(certificatePEM: made.combinedPEM)
        let simulator = SimulatorConfiguration(clientID: "app", clientCertificatesPEM: [made.certificatePEM])
        try await withClientAndSimulator(simulator: simulator, client: { $0.credential = .certificate(certificate) }) { client, simulator in
            let started = Date()
            for tenant in ["tenant-a", "tenant-b"] {
                #expect(await client.redirect(try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: tenant))).isAccepted)
            }
            #expect(simulator.stats().tokensIssuedByCredential == ["certificate": 2])

            let requests = tokenRequests(simulator)
            #expect(requests.count == 2)
            var identifiers: Set<String> = []
            for request in requests {
                let fields = formFields(request)
                #expect(fields["client_secret"] == nil)
                #expect(fields["client_id"] == "app")
                #expect(fields["grant_type"] == "client_credentials")
                #expect(fields["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                let (header, claims) = try jwtParts(try #require(fields["client_assertion"]))
                #expect(header["alg"] as? String == "PS256")
                #expect(header["typ"] as? String == "JWT")
                #expect(header["x5t#S256"] as? String == certificate.thumbprintSHA256)
                #expect(claims["aud"] as? String == client.configuration.endpoint.authority + request.path)
                #expect(claims["iss"] as? String == "app")
                #expect(claims["sub"] as? String == "app")
                let issued = try #require(claims["nbf"] as? Double)
                let expiry = try #require(claims["exp"] as? Double)
                #expect(issued >= started.timeIntervalSince1970.rounded(.down) - 1)
                #expect(abs(expiry - issued - GraphClientCertificate.assertionLifetime) < 1)
                identifiers.insert(try #require(claims["jti"] as? String))
            }
            #expect(identifiers.count == 2, "every assertion has its own jti")
        }
    }

    @Test("Certificate: one the app registration does not know is refused with invalid_client AADSTS700027")
    func unregisteredCertificate() async throws {
        let registered = try await SimulatedClientCertificate.make(commonName: "registered")
        let other = try GraphClientCertificate(certificatePEM: try await SimulatedClientCertificate.make(commonName: "other").combinedPEM)
        let simulator = SimulatorConfiguration(clientCertificatesPEM: [registered.certificatePEM])
        try await withClientAndSimulator(simulator: simulator, client: { $0.credential = .certificate(other) }) { client, simulator in
            let result = await client.redirect(try await simulator.offerIncomingCall())
            guard case .failed(let error) = result.outcome else {
                Issue.record("expected failed, got \(result.outcome)")
                return
            }
            #expect(error.code == .token)
            #expect(error.status == 401)
            #expect(error.graphCode == "invalid_client")
            #expect(error.message.contains("AADSTS700027"), "\(error.message)")
            #expect(simulator.stats().tokenRequestsRefused == ["AADSTS700027": 1])
        }
    }

    @Test("Workload identity: the file's token is the assertion, and a rotated file is read for the next request")
    func federatedTokenFile() async throws {
        try await withTemporaryFile(named: "azure-identity-token") { path in
            let simulator = SimulatorConfiguration(clientID: "app", federatedSubject: "system:serviceaccount:calls:worker")
            try await withClientAndSimulator(
                simulator: simulator, client: { $0.credential = .federatedToken(GraphFederatedTokenFile(path: path)) }
            ) { client, simulator in
                let first = try await simulator.federatedIssuer.token(subject: "system:serviceaccount:calls:worker")
                try Data(first.utf8).write(to: URL(fileURLWithPath: path))
                #expect(await client.redirect(try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "tenant-a"))).isAccepted)
                #expect(await client.redirect(try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "tenant-b"))).isAccepted)

                let second = try await simulator.federatedIssuer.token(subject: "system:serviceaccount:calls:worker")
                try replaceFile(path, with: second + "\n")
                #expect(await client.redirect(try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "tenant-c"))).isAccepted)

                let assertions = tokenRequests(simulator).map { formFields($0)["client_assertion"] }
                #expect(assertions == [first, first, second])
                #expect(tokenRequests(simulator).allSatisfy {
                    formFields($0)["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
                        && formFields($0)["client_secret"] == nil
                })
                #expect(simulator.stats().tokensIssuedByCredential == ["federated": 3])
            }
        }
    }

    @Test("Workload identity: a token signed by a key the simulator does not trust is refused with invalid_client")
    func forgedFederatedToken() async throws {
        try await withTemporaryFile(named: "token") { path in
            let forger = try await SimulatedFederatedIssuer.make(issuer: SimulatedFederatedIssuer.defaultIssuer)
            try Data(try await forger.token().utf8).write(to: URL(fileURLWithPath: path))
            try await withClientAndSimulator(client: { $0.credential = .federatedToken(GraphFederatedTokenFile(path: path)) }) { client, simulator in
                let result = await client.redirect(try await simulator.offerIncomingCall())
                guard case .failed(let error) = result.outcome else {
                    Issue.record("expected failed, got \(result.outcome)")
                    return
                }
                #expect(error.graphCode == "invalid_client")
                #expect(error.message.contains("AADSTS50027"), "\(error.message)")
                #expect(simulator.stats().tokensIssued == 0)
            }
        }
    }

    @Test("Workload identity: an expired token in the file fails the call at once, naming the file, and nothing is sent")
    func expiredFederatedToken() async throws {
        try await withTemporaryFile(named: "token") { path in
            try await withClientAndSimulator(client: { $0.credential = .federatedToken(GraphFederatedTokenFile(path: path)) }) { client, simulator in
                let stale = try await simulator.federatedIssuer.token(lifetime: 600, now: Date().addingTimeInterval(-3600))
                try Data(stale.utf8).write(to: URL(fileURLWithPath: path))
                let result = await client.redirect(try await simulator.offerIncomingCall())
                guard case .failed(let error) = result.outcome else {
                    Issue.record("expected failed, got \(result.outcome)")
                    return
                }
                #expect(error.code == .credential)
                #expect(error.message.contains(path) && error.message.contains("expired"), "\(error.message)")
                #expect(result.attempts.count == 1, "an unusable credential is final, not retried")
                #expect(tokenRequests(simulator).isEmpty)
            }
        }
    }

    @Test("Secret: the token request carries client_secret and no assertion")
    func secret() async throws {
        try await withClientAndSimulator(simulator: SimulatorConfiguration(clientID: "app", clientSecret: "secret")) { client, simulator in
            #expect(await client.redirect(try await simulator.offerIncomingCall()).isAccepted)
            let fields = formFields(try #require(tokenRequests(simulator).first))
            #expect(fields["client_secret"] == "secret")
            #expect(fields["client_assertion"] == nil)
            #expect(simulator.stats().tokensIssuedByCredential == ["secret": 1])
        }
    }

    @Test("The configuration's description names the credential's mode and never the secret")
    func descriptionRedacts() {
        let configuration = GraphClientConfiguration(clientID: "app", credential: .clientSecret("hunter2"))
        #expect(!"\(configuration)".contains("hunter2"))
        #expect("\(configuration)".contains("client secret <redacted>"))
    }
}
