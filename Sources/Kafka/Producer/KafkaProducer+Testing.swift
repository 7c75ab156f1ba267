import CRdKafka

extension KafkaProducer {
    /// Makes librdkafka raise a fabricated fatal error (`rd_kafka_test_fatal_error`), so tests can check
    /// how fatal errors surface; there is no practical way to cause a real one on the mock cluster.
    ///
    /// - Returns: ``KafkaError/Code/noError`` when the error was raised.
    func raiseFatalErrorForTesting(_ underlying: KafkaError.Code, reason: String) throws(KafkaError) -> KafkaError.Code {
        try core.handle.withLease { handle throws(KafkaError) in
            KafkaError.Code(rd_kafka_test_fatal_error(handle, underlying.cValue, reason))
        }
    }
}
