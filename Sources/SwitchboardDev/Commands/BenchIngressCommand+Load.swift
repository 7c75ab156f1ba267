import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOHTTP1
import Synchronization

extension BenchIngressCommand {
    /// One prepared request.
    struct Post: Sendable {
        var body: ByteBuffer
        var headers: HTTPHeaders
    }

    /// What one measured run saw.
    struct LoadResult {
        var latencies: Histogram<UInt64>
        var statuses: [UInt: Int]
        var errors: Int
        var elapsed: Duration

        var acknowledged: Int { statuses[202] ?? 0 }

        func print(cpu: Double) {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let total = statuses.values.reduce(0, +) + errors
            func milliseconds(_ micros: UInt64) -> String { String(format: "%.2f ms", Double(micros) / 1000) }
            Swift.print(String(format: "acknowledged: %d in %.2f s = %.0f notifications/s", acknowledged, seconds, Double(acknowledged) / seconds))
            Swift.print("latency: p50 \(milliseconds(latencies.valueAtPercentile(50))), p99 \(milliseconds(latencies.valueAtPercentile(99))), "
                + "p99.9 \(milliseconds(latencies.valueAtPercentile(99.9))), max \(milliseconds(latencies.max))")
            Swift.print(String(format: "CPU: %.1f µs per request (%.2f s user+system for the whole process: client, ingress, broker)",
                                cpu / Double(max(total, 1)) * 1e6, cpu))
            let other = statuses.filter { $0.key != 202 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            if !other.isEmpty || errors > 0 {
                Swift.print("not acknowledged: \(other.joined(separator: ", "))\(errors > 0 ? " transport errors: \(errors)" : "")")
            }
        }
    }

    /// Hands out request numbers to the posting tasks.
    final class IssuedCounter: Sendable {
        private let count = Atomic<Int>(0)

        /// The next number, from 0.
        func next() -> Int { count.add(1, ordering: .relaxed).newValue - 1 }
    }

    /// Posts at a fixed concurrency: each of `concurrency` tasks sends its next request when the last one is answered.
    struct Load: Sendable {
        let client: HTTPClient
        let url: String
        let posts: [Post]
        let concurrency: Int

        func run(for duration: Duration, maxRequests: Int?) async throws -> LoadResult {
            let issued = IssuedCounter()
            let started = ContinuousClock.now
            let deadline = started + duration
            let partials = try await withThrowingTaskGroup(of: LoadResult.self) { group in
                for _ in 0..<concurrency {
                    group.addTask {
                        var result = LoadResult(latencies: Histogram(highestTrackableValue: 60_000_000), statuses: [:], errors: 0, elapsed: .zero)
                        while ContinuousClock.now < deadline {
                            let index = issued.next()
                            if let maxRequests, index >= maxRequests { break }
                            let post = posts[index % posts.count]
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers = post.headers
                            request.body = .bytes(post.body)
                            let sent = ContinuousClock.now
                            do {
                                let response = try await client.execute(request, timeout: .seconds(30))
                                _ = try await response.body.collect(upTo: 1 << 16)
                                let micros = sent.duration(to: .now).components
                                _ = result.latencies.record(UInt64(micros.seconds * 1_000_000 + micros.attoseconds / 1_000_000_000_000))
                                result.statuses[response.status.code, default: 0] += 1
                            } catch {
                                result.errors += 1
                            }
                        }
                        return result
                    }
                }
                return try await group.reduce(into: [LoadResult]()) { $0.append($1) }
            }
            var total = LoadResult(latencies: Histogram(highestTrackableValue: 60_000_000), statuses: [:], errors: 0, elapsed: started.duration(to: .now))
            for partial in partials {
                total.latencies.add(partial.latencies)
                total.statuses.merge(partial.statuses, uniquingKeysWith: +)
                total.errors += partial.errors
            }
            return total
        }
    }
}
