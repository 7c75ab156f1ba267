import Testing

@testable import Kafka

@Suite("KafkaError")
struct KafkaErrorTests {
    @Test("codes carry librdkafka's names and texts")
    func namesAndReasons() {
        #expect(KafkaError.Code.messageTimedOut.name == "_MSG_TIMED_OUT")
        #expect(KafkaError.Code.messageTimedOut.reason == "Local: Message timed out")
        #expect(KafkaError.Code.messageSizeTooLarge.name == "MSG_SIZE_TOO_LARGE")
        #expect(KafkaError.Code(rawValue: 36) == .topicAlreadyExists)
    }

    @Test("retriable and fatal flags", arguments: [
        (KafkaError.Code.messageTimedOut, true),
        (.queueFull, true),
        (.allBrokersDown, true),
        (.transport, true),
        (.notEnoughReplicas, true),
        (.messageSizeTooLarge, false),
        (.invalidArgument, false),
        (.topicAuthorizationFailed, false),
        (.fatal, false),
    ])
    func flags(code: KafkaError.Code, retriable: Bool) {
        let error = KafkaError(code)
        #expect(error.isRetriable == retriable)
        #expect(error.isFatal == (code == .fatal))
    }

    @Test("errors are equal when their codes are, whatever the message")
    func equalityOnCode() {
        #expect(KafkaError(.queueFull, message: "a") == KafkaError(.queueFull, message: "b"))
        #expect(KafkaError(.queueFull) != KafkaError(.messageTimedOut))
        #expect(KafkaError(.queueFull).description.contains("_QUEUE_FULL"))
    }
}
