import Foundation
import GraphSimulator
import Logging
import Testing

/// `GET /simulator/federated-token`: a token of the simulator's trusted issuer, as the kubelet
/// would project it, that the token endpoint accepts as a client assertion for the configured subject only.
@Suite struct FederatedTokenControlTests {
    static let logger = Logger(label: "test.simulator")

    static func assertionForm(_ token: String) -> [UInt8] {
        let escaped = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? token
        return Array((
            "grant_type=client_credentials&client_id=app&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
                + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=\(escaped)"
        ).utf8)
    }

    @Test("a federated token from the control API gets an access token only for the configured subject")
    func federatedToken() async throws {
        let configuration = SimulatorConfiguration(clientID: "app", federatedSubject: "system:serviceaccount:calls:worker")
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let form = [("Content-Type", "application/x-www-form-urlencoded")]
            let issued = try await client.send(.GET, "/simulator/federated-token?subject=system:serviceaccount:calls:worker")
            #expect(issued.status == 200)
            #expect(issued.json?["issuer"] as? String == simulator.federatedIssuer.issuer)
            let token = try #require(issued.json?["token"] as? String)
            let accepted = try await client.send(.POST, "/tenant-a/oauth2/v2.0/token", body: Self.assertionForm(token), headers: form)
            #expect(accepted.status == 200)
            #expect(accepted.json?["token_type"] as? String == "Bearer")

            let other = try await client.send(.GET, "/simulator/federated-token?subject=system:serviceaccount:other:pod")
            let refused = try await client.send(
                .POST, "/tenant-a/oauth2/v2.0/token", body: Self.assertionForm(try #require(other.json?["token"] as? String)), headers: form)
            #expect(refused.status == 401)
            #expect(refused.json?["error"] as? String == "invalid_client")
            #expect(refused.json?["error_codes"] as? [Int] == [700213])
            #expect(simulator.stats().tokensIssuedByCredential == ["federated": 1])
            #expect(simulator.stats().tokenRequestsRefused == ["AADSTS700213": 1])
        }
    }
}
