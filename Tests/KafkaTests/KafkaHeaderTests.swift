import Testing

@testable import Kafka

@Suite struct KafkaHeaderTests {
    @Test func aStringHeaderIsItsUTF8Bytes() {
        let string = KafkaHeader(key: "ce_type", string: "com.switchboard.call.redirected")
        let bytes = KafkaHeader(key: "ce_type", value: Array("com.switchboard.call.redirected".utf8))
        #expect(string == bytes)
        #expect(string.hashValue == bytes.hashValue)
        #expect(string.value == bytes.value)
        #expect(bytes.stringValue == "com.switchboard.call.redirected")
    }

    @Test func nullEmptyAndBytesDiffer() {
        let null = KafkaHeader(key: "k", value: nil)
        let empty = KafkaHeader(key: "k", string: "")
        #expect(null != empty)
        #expect(null.stringValue == nil)
        #expect(empty.value == [])
        #expect(KafkaHeader(key: "k", value: [0xFF]).stringValue == "\u{FFFD}")
    }

    @Test func settingTheValueReplacesAString() {
        var header = KafkaHeader(key: "k", string: "before")
        header.value = Array("after".utf8)
        #expect(header.stringValue == "after")
        header.value = nil
        #expect(header.value == nil)
    }

    @Test func valueBytesAreHandedOutWithoutNullBecomingEmpty() {
        #expect(KafkaHeader(key: "k", value: nil).withValueBytes { $0 == nil })
        #expect(KafkaHeader(key: "k", string: "").withValueBytes { $0?.count } == 0)
        #expect(KafkaHeader(key: "k", string: "abc").withValueBytes { $0.map(Array.init) } == Array("abc".utf8))
    }
}
