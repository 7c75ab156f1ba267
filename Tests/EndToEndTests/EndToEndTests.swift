import Testing

/// The promises that only hold across processes: the built `switchboard` executable runs as
/// `kafka-mock` (3 brokers), `simulate`, `ingress` and `worker` ×2 on free loopback ports, and each
/// test checks what reached the outcomes topic and what the simulated Graph saw.
///
/// Serialized: each test runs five or six processes, which saturate a 2-core machine on their own.
/// Every process is stopped and reaped when its test ends, and lives at most five minutes whatever
/// happens to the test runner.
@Suite("End to end, across processes", .serialized, .timeLimit(.minutes(3)))
struct EndToEndTests {}
