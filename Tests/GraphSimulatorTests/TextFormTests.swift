import GraphSimulator
import Testing

/// The text forms flags, environment variables and the control API use.
@Suite struct TextFormTests {
    @Test("Latency text forms", arguments: [
        ("0", SimulatedLatency.none),
        ("200ms", .fixed(.milliseconds(200))),
        ("1.5s", .fixed(.milliseconds(1500))),
        ("lognormal:200ms:0.5", .logNormal(median: .milliseconds(200), sigma: 0.5)),
    ])
    func latencyParses(_ text: String, _ expected: SimulatedLatency) {
        #expect(SimulatedLatency(parsing: text) == expected)
    }

    @Test("Invalid latency text is refused", arguments: [
        "fast", "lognormal:200ms", "-5ms", "lognormal:1s:-1", "inf", "infms", "1e400s", "nan", "2h", "lognormal:1s:inf",
    ])
    func latencyRefuses(_ text: String) {
        #expect(SimulatedLatency(parsing: text) == nil)
    }

    @Test("Log-normal latency has the configured median and a heavy tail")
    func logNormalMedian() {
        var generator = SystemRandomNumberGenerator()
        let latency = SimulatedLatency.logNormal(median: .milliseconds(200), sigma: 1)
        let samples = (0..<4001).map { _ in latency.sample(using: &generator) }.sorted()
        let median = samples[2000]
        #expect(median > .milliseconds(170) && median < .milliseconds(235))
        #expect(samples[3960] > .milliseconds(1000))  // p99 ≈ 200 ms × e^2.33 ≈ 2 s
    }

    @Test("The mean latency is what the samples average: the median raised by the tail for a log-normal")
    func meanLatency() {
        #expect(SimulatedLatency.none.mean == .zero)
        #expect(SimulatedLatency.fixed(.milliseconds(250)).mean == .milliseconds(250))
        let latency = SimulatedLatency.logNormal(median: .milliseconds(200), sigma: 0.6)
        let mean = latency.mean
        // 200 ms × e^0.18 = 239.4 ms
        #expect(mean > .microseconds(239_300) && mean < .microseconds(239_500))
        var generator = SystemRandomNumberGenerator()
        let count = 40_000
        let total = (0..<count).reduce(Duration.zero) { sum, _ in sum + latency.sample(using: &generator) }
        // The standard error of the average of 40,000 samples at σ 0.6 is about 0.3 %; 3 % is ten of them.
        let average = total / count
        #expect(average > mean * 0.97 && average < mean * 1.03, "average \(average), mean \(mean)")
        #expect(SimulatedLatency.logNormal(median: .milliseconds(200), sigma: 1e6).mean == SimulatedLatency.longest)
        #expect(SimulatedLatency.logNormal(median: .zero, sigma: 1e6).mean == .zero)
    }

    @Test("A huge sigma draws at most the longest latency, never a crash")
    func hugeSigmaIsBounded() {
        var generator = SystemRandomNumberGenerator()
        for latency in [SimulatedLatency.logNormal(median: .milliseconds(200), sigma: 1e6), .logNormal(median: .zero, sigma: 1e6)] {
            for _ in 0..<200 {
                let sample = latency.sample(using: &generator)
                #expect(sample >= .zero && sample <= SimulatedLatency.longest)
            }
        }
    }

    @Test("Fault rates parse and draw in proportion")
    func faultsParse() throws {
        let faults = try #require(SimulatedFaults(parsing: "429=0.1,503=0.2,reset=0.1,retry-after=3,slow-delay=2s"))
        #expect(faults.throttleRate == 0.1)
        #expect(faults.unavailableRate == 0.2)
        #expect(faults.resetRate == 0.1)
        #expect(faults.draw(unitRandom: 0.05) == .throttle(retryAfter: 3))
        #expect(faults.draw(unitRandom: 0.25) == .unavailable(retryAfter: 3))
        #expect(faults.draw(unitRandom: 0.35) == .reset)
        #expect(faults.draw(unitRandom: 0.45) == nil)
        let lost = try #require(SimulatedFaults(parsing: "lost=0.5,lost-delay=6s"))
        #expect(lost.draw(unitRandom: 0.25) == .lostAnswer(delay: .seconds(6)))
        #expect(SimulatedFaults(parsing: "lost=1,lost-delay=0s")?.draw(unitRandom: 0.5) == .lostAnswer(delay: nil))
        #expect(SimulatedFaults(parsing: "429=2") == nil)
        #expect(SimulatedFaults(parsing: "teapot=0.1") == nil)
    }

    @Test("Scripted fault text forms", arguments: [
        ("429", SimulatedFault.throttle(retryAfter: nil)),
        ("429:2", .throttle(retryAfter: 2)),
        ("503:1", .unavailable(retryAfter: 1)),
        ("502", .serverError(status: 502)),
        ("slow:300ms", .slow(.milliseconds(300))),
        ("reset", .reset),
        ("401", .unauthorized),
        ("lost", .lostAnswer(delay: nil)),
        ("lost:6s", .lostAnswer(delay: .seconds(6))),
    ])
    func faultParses(_ text: String, _ expected: SimulatedFault) {
        #expect(SimulatedFault(parsing: text) == expected)
        #expect(SimulatedFault(parsing: expected.description) == expected)
    }
}
