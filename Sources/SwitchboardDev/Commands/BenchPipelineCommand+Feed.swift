import CallModel
import Foundation
import GraphSimulator
import Kafka
import Logging

extension BenchPipelineCommand {
    /// Offers calls at the simulator and writes their notifications as the ingress would.
    struct Feed: Sendable {
        let simulator: SimulatedGraph
        let producer: KafkaProducer
        let topic: String
        let tenant: String

        /// Registers `count` calls at the simulator (signing each notification token) without sending them.
        func offer(_ count: Int) async throws -> [OfferedCall] {
            try await withThrowingTaskGroup(of: OfferedCall.self) { group in
                var calls: [OfferedCall] = []
                calls.reserveCapacity(count)
                var started = 0
                // A few at a time: signing is CPU work on NIO's thread pool.
                while started < min(count, 64) {
                    group.addTask { try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: tenant)) }
                    started += 1
                }
                for try await call in group {
                    calls.append(call)
                    if started < count {
                        group.addTask { try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: tenant)) }
                        started += 1
                    }
                }
                return calls
            }
        }

        /// Writes the calls' notifications at `rate` per second (all at once when `nil`), each with
        /// the time of writing as its received-at header; offers each call first when `offered` is `nil`.
        func send(_ count: Int, rate: Int?, offered: [OfferedCall]? = nil) async throws -> Set<String> {
            guard count > 0 else { return [] }
            let clock = ContinuousClock()
            let start = clock.now
            let tick = Duration.milliseconds(10)
            return try await withThrowingTaskGroup(of: String.self) { group in
                var sent = 0
                var ticks = 0
                while sent < count {
                    // Every call due by the end of this 10 ms tick, so any rate is kept, below 100/s too
                    // (a fixed number per tick rounded 20/s up to 100/s and 2,250/s down to 2,200/s).
                    var due = count
                    if let rate {
                        try await clock.sleep(until: start + tick * ticks)
                        due = min(count, (ticks + 1) * rate / 100)
                    }
                    for index in sent..<max(sent, due) {
                        let call = offered?[index]
                        group.addTask { try await self.sendOne(call) }
                    }
                    sent = max(sent, due)
                    ticks += 1
                }
                var ids = Set<String>()
                for try await id in group { ids.insert(id) }
                return ids
            }
        }

        private func sendOne(_ offered: OfferedCall?) async throws -> String {
            let call: OfferedCall
            if let offered {
                call = offered
            } else {
                call = try await simulator.offerIncomingCall(IncomingCallOffer(tenantID: tenant))
            }
            let receivedAt = String(Int64(Date().timeIntervalSince1970 * 1000))
            _ = try await producer.send(
                topic: topic,
                key: Array(call.callID.utf8),
                value: call.notification,
                headers: [
                    KafkaHeader(key: NotificationHeaders.receivedAt, string: receivedAt),
                    KafkaHeader(key: NotificationHeaders.tenant, string: call.tenantID),
                    KafkaHeader(key: NotificationHeaders.scenarioID, string: call.scenarioID),
                ]
            )
            return call.callID
        }
    }

    /// A benchmark that could not complete.
    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
