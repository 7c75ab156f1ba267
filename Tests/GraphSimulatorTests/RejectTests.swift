import Foundation
import GraphSimulator
import Logging
import Testing

/// `POST …/reject`: validated like Graph, one decision per call, then a terminated callback.
@Suite struct RejectTests {
    static let logger = Logger(label: "test.simulator")

    @Test("A reject is accepted once; a second reject or a redirect afterwards gets 404 Call not found (8522)",
          arguments: ["v1.0", "beta"])
    func oneDecision(version: String) async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            #expect(try await client.reject(callID: call.callID, version: version, token: token).status == 202)
            let again = try await client.reject(callID: call.callID, version: version, token: token)
            #expect(again.status == 404)
            #expect(again.errorCode == "8522")
            let redirect = try await client.redirect(callID: call.callID, body: redirectBody(), token: token)
            #expect(redirect.status == 404)
            let stats = simulator.stats()
            #expect(stats.rejectsAccepted == 1)
            #expect(stats.duplicateRedirects == 2)
        }
    }

    @Test("A reject after a redirect is refused: the call already has its decision")
    func rejectAfterRedirect() async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            #expect(try await client.redirect(callID: call.callID, body: redirectBody(), token: token).status == 202)
            let reject = try await client.reject(callID: call.callID, token: token)
            #expect(reject.status == 404)
            #expect(reject.errorCode == "8522")
            #expect(simulator.stats().rejectsAccepted == 0)
        }
    }

    @Test("Reject bodies Graph would refuse get 400 naming the property", arguments: [
        (#"{"reason":"rude"}"#, "'reason'"),
        (#"{"reason":5}"#, "'reason'"),
        (#"{"reason":"busy","targets":[]}"#, "'targets' does not exist"),
        (#"{"reason":"busy","callbackUri":"http://bot.contoso.com/cb"}"#, "https"),
        (#"["busy"]"#, "JSON object"),
    ])
    func invalidBodies(body: String, message: String) async throws {
        try await SimulatedGraph.withRunning(logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let token = try await client.token()
            let call = try await simulator.offerIncomingCall()
            let answer = try await client.reject(callID: call.callID, body: body, token: token)
            #expect(answer.status == 400)
            #expect(answer.errorMessage?.contains(message) == true, "\(answer.errorMessage ?? "")")
            // A refused body decides nothing: the call can still be rejected.
            #expect(try await client.reject(callID: call.callID, body: #"{"reason":"Forbidden"}"#, token: token).status == 202)
        }
    }

    @Test("A reject needs a valid token for the call's tenant and the call's window")
    func tokenTenantAndWindow() async throws {
        let configuration = SimulatorConfiguration(callWindow: .milliseconds(300))
        try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
            let client = SimulatorHTTPClient(baseURL: address.baseURL)
            let call = try await simulator.offerIncomingCall()
            #expect(try await client.reject(callID: call.callID, token: nil).status == 401)
            let otherTenant = try await client.reject(callID: call.callID, token: try await client.token(tenant: "tenant-b"))
            #expect(otherTenant.status == 403)
            #expect(otherTenant.errorCode == "7505")
            try await Task.sleep(for: .milliseconds(400))
            let late = try await client.reject(callID: call.callID, token: try await client.token())
            #expect(late.status == 404)
        }
    }

    @Test("After a reject, the terminated notification reaches the callback URI, with nobody answering")
    func terminatedAfterReject() async throws {
        let receiver = CallbackReceiver()
        try await receiver.withRunning { receiverURL in
            let configuration = SimulatorConfiguration(callbackBaseURL: receiverURL, terminationDelay: .milliseconds(50))
            try await SimulatedGraph.withRunning(configuration: configuration, logger: Self.logger) { simulator, address in
                let call = try await simulator.offerIncomingCall()
                let client = SimulatorHTTPClient(baseURL: address.baseURL)
                #expect(try await client.reject(callID: call.callID, token: try await client.token()).status == 202)

                let delivery = try #require(try await receiver.waitFor(count: 1).first)
                let notification = try #require(try JSONSerialization.jsonObject(with: delivery.body) as? [String: Any])
                let item = try #require((notification["value"] as? [[String: Any]])?.first)
                #expect(item["changeType"] as? String == "deleted")
                let data = try #require(item["resourceData"] as? [String: Any])
                #expect(data["state"] as? String == "terminated")
                #expect(data["id"] as? String == call.callID)
                #expect(data["answeredBy"] == nil)
                let result = try #require(data["resultInfo"] as? [String: Any])
                #expect(result["subcode"] as? Int == 7000)
            }
        }
    }
}
