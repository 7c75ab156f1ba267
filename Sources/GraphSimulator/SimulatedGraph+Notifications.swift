import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension SimulatedGraph {
    /// Posts the call's `deleted` + `terminated` notification after `terminationDelay`.
    func scheduleTermination(of call: SimulatedCall, callbackURI: String, termination: SimulatedTermination) {
        let delay = configuration.terminationDelay
        let body = CallNotifications.terminated(call, callbackURI: callbackURI, termination: termination)
        schedule {
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
            self.state.withLock { $0.markTerminated(callID: call.id) }
            let url = self.rewriteCallbackURI(callbackURI)
            let delivered = await self.post(
                body, to: url, tenant: call.tenantID, scenarioID: call.scenarioID.uuidString.lowercased(), callID: call.id)
            self.state.withLock { state in
                if delivered { state.stats.callbacksDelivered += 1 } else { state.stats.callbacksFailed += 1 }
            }
        }
    }

    /// `callbackURI` with its scheme, host and port replaced by `callbackBaseURL` (whose path, if
    /// any, is prefixed).
    func rewriteCallbackURI(_ callbackURI: String) -> String {
        guard let base = configuration.callbackBaseURL, let original = URLComponents(string: callbackURI),
            var rewritten = URLComponents(string: base)
        else { return callbackURI }
        let prefix = rewritten.path.hasSuffix("/") ? String(rewritten.path.dropLast()) : rewritten.path
        rewritten.path = prefix + original.path
        rewritten.query = original.query
        return rewritten.string ?? callbackURI
    }

    /// The headers Microsoft sends with a calling notification.
    func notificationHeaders(tenant: String, scenarioID: String) async throws -> [(name: String, value: String)] {
        let token = try await signer.token(tenant: tenant, audience: configuration.botAppID)
        let messageID = UUID().uuidString.lowercased()
        return [
            ("Authorization", "Bearer \(token)"),
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("User-Agent", "Microsoft-Skype/3.0,(Calling/1.0) switchboard-graph-simulator"),
            ("Scenario-Id", scenarioID),
            ("X-Microsoft-Skype-Chain-ID", scenarioID),
            ("X-Microsoft-Skype-Message-ID", messageID),
            ("X-Microsoft-Skype-Original-Message-ID", messageID),
            ("client-request-id", messageID),
        ]
    }

    /// Posts a signed notification; whether the receiver answered 2xx.
    func post(_ body: [UInt8], to url: String, tenant: String, scenarioID: String, callID: String) async -> Bool {
        do {
            let status = try await post(body, to: url, headers: notificationHeaders(tenant: tenant, scenarioID: scenarioID))
            let delivered = (200..<300).contains(status)
            logger.debug(
                "Posted notification",
                metadata: ["call.id": "\(callID)", "notification.url": "\(url)", "http.status": "\(status)"])
            return delivered
        } catch {
            logger.notice(
                "Could not post notification",
                metadata: ["call.id": "\(callID)", "notification.url": "\(url)", "error": "\(error)"])
            return false
        }
    }

    /// Posts `body` with `headers`; the status the receiver answered.
    func post(_ body: [UInt8], to url: String, headers: [(name: String, value: String)]) async throws -> Int {
        guard let client = httpClient.withLock({ $0 }) else {
            throw SimulatorNotRunningError(operation: "post a notification")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(10), logger: logger)
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
