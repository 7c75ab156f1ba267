import AsyncHTTPClient
import Foundation
import Kafka
import Testing

@testable import Ingress

@Suite("Ingress with the embedded Kafka cluster", .serialized, .timeLimit(.minutes(3)))
struct IngressKafkaTests {
    @Test("a valid signed notification is answered 202 once Kafka holds its exact bytes, key and headers")
    func storesInKafka() async throws {
        let fixture = try KafkaIngressFixture()
        defer { fixture.shutdown() }
        let keyServer = KeyServer(keys: [TestKeys.primary])
        let token = try await Notification.validToken()
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        try await keyServer.run { keyServer in
            try await fixture.withIngress(keyServer: keyServer) { ports in
                let poster = NotificationPoster(port: ports.webhook, token: token, client: .shared)
                let response = try await poster.post(
                    messageID: "message-1",
                    headers: [("Scenario-Id", "scenario-1"), ("X-Microsoft-Skype-Chain-ID", "scenario-1"),
                              ("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
                )
                #expect(response.status == 202)
            }
        }
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let records = try await fixture.records()
        try #require(records.count == 1)
        let record = records[0]
        #expect(record.value == Notification.seed.incomingNotification)
        #expect(record.keyString == Notification.seedCallID)
        #expect(record.headerString("switchboard-tenant") == TestKeys.tenantID)
        #expect(record.headerString("X-Microsoft-Skype-Message-ID") == "message-1")
        #expect(record.headerString("Scenario-Id") == "scenario-1")
        #expect(record.headerString("X-Microsoft-Skype-Chain-ID") == "scenario-1")
        #expect(record.headerString("traceparent") == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let receivedAt = try #require(record.headerString("switchboard-received-at").flatMap { Int64($0) })
        // Between instants taken around the request: no bound on how long the machine took.
        #expect((before...after).contains(receivedAt))
    }

    @Test("refused notifications leave the topic empty")
    func rejectionsStoreNothing() async throws {
        let fixture = try KafkaIngressFixture()
        defer { fixture.shutdown() }
        let keyServer = KeyServer(keys: [TestKeys.primary])
        try await keyServer.run { keyServer in
            try await fixture.withIngress(keyServer: keyServer) { ports in
                for rejection in NotificationRejectionTests.Case.allCases {
                    let (headers, body) = try await rejection.request()
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.webhook)/api/calls")
                    request.method = .POST
                    for field in headers { request.headers.add(name: field.name.rawName, value: field.value) }
                    request.body = .bytes(.init(bytes: body))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                    #expect(Int(response.status.code) == Int(rejection.expected.status.code), "\(rejection)")
                    #expect(response.headers.first(name: "Content-Type") == "application/problem+json")
                }
            }
        }
        #expect(try await fixture.records().isEmpty)
    }

    @Test("broker down: 503 with Retry-After within the budget and nothing acknowledged that Kafka lacks; back up: 202")
    func brokerDownAndBack() async throws {
        let fixture = try KafkaIngressFixture()
        defer { fixture.shutdown() }
        let keyServer = KeyServer(keys: [TestKeys.primary])
        let token = try await Notification.validToken()
        let acknowledged = try await keyServer.run { keyServer in
            try await fixture.withIngress(keyServer: keyServer, { $0.produceTimeout = .seconds(1) }) { ports in
                let poster = NotificationPoster(port: ports.webhook, token: token, client: .shared)
                var acknowledged: [String] = []
                // The producer's first send also sets up its idempotent session; allow for it as Graph would (retry).
                #expect(try await Self.postUntilAccepted(poster, messageID: "before", within: .seconds(30)))
                acknowledged.append("before")
                #expect(try await Self.waitForReadiness(port: ports.health, status: 200, within: .seconds(15)))

                try fixture.cluster.setBrokerDown(nil)
                for index in 0..<3 {
                    let started = ContinuousClock.now
                    let response = try await poster.post(messageID: "down-\(index)")
                    let elapsed = started.duration(to: .now)
                    #expect(response.status == 503)
                    #expect(response.headers["retry-after"] == "1")
                    // Refused when the 1 s budget ran out (store-timeout), not when the producer's 10 s
                    // message timeout failed the record (store-failed): an order, not a wall-clock bound.
                    #expect(String(decoding: response.body, as: UTF8.self).contains("urn:switchboard:problem:store-timeout"))
                    #expect(elapsed >= .seconds(1), "answered after \(elapsed)")
                    if response.status == 202 { acknowledged.append("down-\(index)") }
                }

                // Readiness notices within its cache period plus one check (5 s + 2 s).
                #expect(try await Self.waitForReadiness(port: ports.health, status: 503, within: .seconds(15)))

                try fixture.cluster.setBrokerUp(nil)
                // Like Graph, retry until the ingress takes it again (bounded).
                let recovered = try await Self.postUntilAccepted(poster, messageID: "after", within: .seconds(30))
                if recovered { acknowledged.append("after") }
                #expect(recovered)
                return acknowledged
            }
        }
        let stored = Set(try await fixture.records().compactMap { $0.headerString("X-Microsoft-Skype-Message-ID") })
        for messageID in acknowledged {
            #expect(stored.contains(messageID), "\(messageID) was acknowledged but is not in Kafka")
        }
    }

    /// Posts until the ingress answers 202, as Graph retries after a 503; `false` when it never does within `within`.
    static func postUntilAccepted(_ poster: NotificationPoster, messageID: String, within: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            if try await poster.post(messageID: messageID).status == 202 { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    /// Polls `/readyz` until it answers `status`; `false` when it does not within `within`.
    static func waitForReadiness(port: Int, status: Int, within: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + within
        while ContinuousClock.now < deadline {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(10))
            if Int(response.status.code) == status { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return false
    }

    @Test("2,000 concurrent notifications are all acknowledged and each is in Kafka exactly once")
    func concurrentNotifications() async throws {
        let fixture = try KafkaIngressFixture()
        defer { fixture.shutdown() }
        let keyServer = KeyServer(keys: [TestKeys.primary])
        let token = try await Notification.validToken()
        let count = 2_000
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 256)
        // 2,000 posts queue for 256 connections; on a loaded machine the wait for a free one passes
        // the default 10 s, which is not what this test is about.
        clientConfiguration.timeout = .init(connect: .seconds(120))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        // The client is shut down whatever happens: a deinit of an unshut client traps and took the
        // whole test process down when one post failed on a loaded machine.
        let posted: Result<[Int: Int], any Error>
        do { posted = .success(try await keyServer.run { keyServer in
            try await fixture.withIngress(keyServer: keyServer) { ports in
                let poster = NotificationPoster(port: ports.webhook, token: token, client: client)
                return try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<count {
                        group.addTask {
                            let body = Notification.body(items: [Notification.item(callID: "call-\(index % 97)")])
                            return try await poster.post(body, messageID: "m-\(index)").status
                        }
                    }
                    return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
                }
            }
        }) } catch { posted = .failure(error) }
        try await client.shutdown()
        let statuses = try posted.get()
        #expect(statuses == [202: count])
        let records = try await fixture.records()
        let messageIDs = records.compactMap { $0.headerString("X-Microsoft-Skype-Message-ID") }
        #expect(messageIDs.count == count)
        #expect(Set(messageIDs) == Set((0..<count).map { "m-\($0)" }))
        // Each call's records sit on one partition.
        let partitionsByCall = Dictionary(grouping: records, by: { $0.keyString ?? "" }).mapValues { Set($0.map(\.partition)) }
        #expect(partitionsByCall.values.allSatisfy { $0.count == 1 })
    }
}
