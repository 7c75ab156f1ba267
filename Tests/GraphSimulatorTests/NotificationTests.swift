import AsyncHTTPClient
import NIOHTTP1
import Foundation
import GraphSimulator
import JWTKit
import Logging
import SeedExamples
import Testing

/// Notifications are shaped like Graph's, posted where the bot listens, and signed verifiably.
@Suite struct NotificationTests {
    static let logger = Logger(label: "test.simulator")

    struct NotificationClaims: JWTPayload {
        var iss: IssuerClaim
        var aud: AudienceClaim
        var tid: TenantIDClaim
        var nbf: NotBeforeClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
            try nbf.verifyNotBefore()
        }
    }

    /// Verifies a bearer token against the keys the simulator's OpenID metadata points to, as the ingress does.
    static func verify(authorization: String?, baseURL: String) async throws -> NotificationClaims {
        let client = SimulatorHTTPClient(baseURL: baseURL)
        let metadata = try #require(try await client.send(.GET, "/v1/.well-known/OpenIdConfiguration").json)
        #expect(metadata["issuer"] as? String == "https://api.botframework.com")
        let jwksURI = try #require(metadata["jwks_uri"] as? String)
        #expect(jwksURI.hasPrefix(baseURL))
        let jwks = try await SimulatorHTTPClient(baseURL: "").send(.GET, jwksURI)
        let keys = try await JWTKeyCollection().add(jwksJSON: String(decoding: jwks.body, as: UTF8.self))
        let header = try #require(authorization)
        #expect(header.hasPrefix("Bearer "))
        return try await keys.verify(String(header.dropFirst("Bearer ".count)), as: NotificationClaims.self)
    }

    @Test("An offered call's notification carries a JWT that verifies against the JWKS")
    func incomingNotificationIsSigned() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let call = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: "tenant-x", caller: .phone("+14255550100")))
            let claims = try await Self.verify(authorization: call.header("Authorization"), baseURL: address.baseURL)
            #expect(claims.iss.value == "https://api.botframework.com")
            #expect(claims.aud.value == [SimulatorDefaults.botAppID])
            #expect(claims.tid.value == "tenant-x")
            #expect(claims.exp.value.timeIntervalSince(claims.nbf.value) == 300)
            #expect(call.header("Scenario-Id") == call.scenarioID)
            #expect(call.header("X-Microsoft-Skype-Chain-ID") == call.scenarioID)

            let notification = try #require(try JSONSerialization.jsonObject(with: Data(call.notification)) as? [String: Any])
            #expect(notification["@odata.type"] as? String == "#microsoft.graph.commsNotifications")
            let item = try #require((notification["value"] as? [[String: Any]])?.first)
            #expect(item["changeType"] as? String == "created")
            #expect(item["resourceUrl"] as? String == "/communications/calls/\(call.callID)")
            let data = try #require(item["resourceData"] as? [String: Any])
            #expect(data["state"] as? String == "incoming")
            #expect(data["tenantId"] as? String == "tenant-x")
            let source = try #require(data["source"] as? [String: Any])
            let phone = try #require((source["identity"] as? [String: Any])?["phone"] as? [String: Any])
            #expect(phone["id"] as? String == "+14255550100")
        }
    }

    @Test("A tampered token does not verify")
    func tamperedTokenFails() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let token = try await simulator.notificationToken(tenant: "t")
            var parts = token.split(separator: ".").map(String.init)
            parts[1] = NotificationTestsSupport.base64URL(#"{"iss":"https://api.botframework.com","aud":"x","tid":"t","nbf":0,"exp":9999999999}"#)
            await #expect(throws: (any Error).self) {
                _ = try await Self.verify(authorization: "Bearer " + parts.joined(separator: "."), baseURL: address.baseURL)
            }
        }
    }

    @Test("After a redirect, the terminated notification reaches the callback URI, rewritten to the local base URL")
    func terminatedCallbackDelivered() async throws {
        let receiver = CallbackReceiver()
        try await receiver.withRunning { receiverURL in
            let configuration = SimulatorConfiguration(callbackBaseURL: receiverURL, terminationDelay: .milliseconds(50))
            try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
                let scenario = try #require(try SeedScenario.all().first { $0.number == 3 })
                let call = try await simulator.offer(seedScenario: scenario)
                let client = SimulatorHTTPClient(baseURL: address.baseURL)
                let answer = try await client.redirect(
                    callID: call.callID, body: scenario.redirectRequest, version: "beta", token: try await client.token())
                #expect(answer.status == 202)

                let delivery = try #require(try await receiver.waitFor(count: 1).first)
                #expect(delivery.path == "/api/calls/24701998-1a73-4d42-8085-bf46ed0ae039")
                let claims = try await Self.verify(authorization: delivery.headers["authorization"], baseURL: address.baseURL)
                #expect(claims.tid.value == "632899f8-2ea1-4604-8413-27bd2892079f")
                let notification = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
                let item = try #require((notification["value"] as? [[String: Any]])?.first)
                #expect(item["changeType"] as? String == "deleted")
                #expect(item["resourceUrl"] as? String == "/communications/calls/\(call.callID)")
                let data = try #require(item["resourceData"] as? [String: Any])
                #expect(data["state"] as? String == "terminated")
                #expect(data["id"] as? String == call.callID)
                #expect(data["answeredBy"] != nil)
                let result = try #require(data["resultInfo"] as? [String: Any])
                #expect(result["code"] as? Int == 200)

                let stats = try await waitForCallbacks(simulator)
                #expect(stats.callbacksDelivered == 1)
                #expect(stats.callbacksFailed == 0)
            }
        }
    }

    private func waitForCallbacks(_ simulator: SimulatedGraph) async throws -> SimulatorStats {
        for _ in 0..<100 {
            let stats = simulator.stats()
            if stats.callbacksDelivered + stats.callbacksFailed > 0 { return stats }
            try await Task.sleep(for: .milliseconds(20))
        }
        return simulator.stats()
    }

    @Test("A call offered through the control API is delivered to the bot's webhook with Graph's headers")
    func controlAPIOfferAndDeliver() async throws {
        let receiver = CallbackReceiver()
        try await receiver.withRunning { receiverURL in
            let configuration = SimulatorConfiguration(notificationURL: receiverURL + "/api/calls")
            try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
                let client = SimulatorHTTPClient(baseURL: address.baseURL)
                let offer = try await client.send(
                    .POST, "/simulator/calls",
                    body: Array(#"{"tenantId":"t-1","caller":{"kind":"phone","id":"+14255550199"},"deliver":true}"#.utf8))
                #expect(offer.status == 201)
                let json = try #require(offer.json)
                let callID = try #require(json["callId"] as? String)
                #expect((json["delivery"] as? [String: Any])?["status"] as? Int == 202)
                #expect((json["notification"] as? [String: Any])?["@odata.type"] as? String == "#microsoft.graph.commsNotifications")

                let delivery = try #require(receiver.received.first)
                #expect(delivery.path == "/api/calls")
                #expect(delivery.headers["scenario-id"] == json["scenarioId"] as? String)
                #expect(delivery.headers["x-microsoft-skype-message-id"] != nil)
                _ = try await Self.verify(authorization: delivery.headers["authorization"], baseURL: address.baseURL)
                #expect(String(decoding: delivery.body, as: UTF8.self).contains(callID))
                #expect(simulator.stats().notificationsDelivered == 1)

                let seeded = try await client.send(.POST, "/simulator/calls", body: Array(#"{"seedScenario":2}"#.utf8))
                #expect(seeded.json?["callId"] as? String == "481f0b00-ffff-4ca1-8c67-a5f1e31e8e82")
            }
        }
    }

    @Test("The control API sets faults and latency, and lists requests and counters")
    func controlAPIFaultsRequestsStats() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let update = try await client.send(.PUT, "/simulator/faults", body: Array(#"{"script":["503:2"],"latency":"10ms"}"#.utf8))
            #expect(update.status == 200)
            #expect(update.json?["latency"] as? String == "10ms")
            let bad = try await client.send(.PUT, "/simulator/faults", body: Array(#"{"faults":"teapot=1"}"#.utf8))
            #expect(bad.status == 400)

            let call = try await simulator.offerIncomingCall()
            let token = try await client.token()
            let unavailable = try await client.redirect(callID: call.callID, body: redirectBody(), token: token, clientRequestID: "crid-1")
            #expect(unavailable.status == 503)
            #expect(unavailable.headers["retry-after"] == "2")

            let requests = try await client.send(.GET, "/simulator/requests?callId=\(call.callID)")
            let list = try #require(try JSONSerialization.jsonObject(with: requests.body) as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["status"] as? Int == 503)
            let headers = try #require(list.first?["headers"] as? [[String: String]])
            #expect(headers.contains { $0["name"]?.lowercased() == "client-request-id" && $0["value"] == "crid-1" })

            let stats = try #require(try await client.send(.GET, "/simulator/stats").json)
            #expect(stats["redirectsReceived"] as? Int == 1)
            #expect(stats["faultsInjected"] as? Int == 1)

            #expect(try await client.send(.DELETE, "/simulator/tokens").status == 204)
            #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 401)
            let devToken = try #require(try await client.send(.GET, "/simulator/token?tenant=t-9").json)
            let claims = try await Self.verify(authorization: devToken["authorization"] as? String, baseURL: address.baseURL)
            #expect(claims.tid.value == "t-9")
        }
    }
}

enum NotificationTestsSupport {
    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
