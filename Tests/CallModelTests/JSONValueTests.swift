import CallModel
import Foundation
import Testing

@Suite("JSONValue: the public strict parser and writer")
struct JSONValueTests {
    @Test("members keep their document order; null is told apart from absent")
    func order() throws {
        let value = try JSONValue.parse(Array(#"{"z":1,"a":null,"m":[true,"x",{"k":-2.5}]}"#.utf8))
        let object = try #require(value.objectValue)
        #expect(object.map(\.key) == ["z", "a", "m"])
        #expect(value["a"] == .null)
        #expect(value["missing"] == nil)
        #expect(value["m"] == .array([.bool(true), .string("x"), .object(["k": .number(-2.5)])]))
        #expect(value["z"]?.kindDescription == "a number")
        #expect(JSONValue.string("s")["z"] == nil)
    }

    @Test(
        "syntax errors are those of the notification parser, with the same line, column and reason",
        arguments: malformedCases.filter { $0.code == .invalidJSON }
    )
    func sameStrictness(_ testCase: MalformedCase) throws {
        let bytes = try testCase.bytes()
        #expect {
            try JSONValue.parse(bytes)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.message == testCase.message && error.line == testCase.line && error.column == testCase.column
                && "\(error)" == testCase.message
        }
    }

    @Test("a document nested deeper than 64 levels is refused")
    func depthLimit() {
        let bytes = Array(String(repeating: "[", count: 65).utf8) + Array(String(repeating: "]", count: 65).utf8)
        #expect(throws: JSONSyntaxError(reason: "nesting deeper than 64 levels", offset: 64, line: 1, column: 65)) {
            try JSONValue.parse(bytes)
        }
        let allowed = Array(String(repeating: "[", count: 64).utf8) + Array(String(repeating: "]", count: 64).utf8)
        #expect((try? JSONValue.parse(allowed)) != nil)
    }

    @Test(
        "written text reads back as the same value",
        arguments: [
            #"{"a":[1,2.5,-0.001,1e+20,true,false,null],"b":{"c":"quote \" backslash \\ tab \t newline \n"}}"#,
            #"["\u0001 control","émoji 📞","slash / stays"]"#,
            #"{}"#, #"[]"#, #""just a string""#, #"123456789012345"#,
        ]
    )
    func roundTrip(_ text: String) throws {
        let value = try JSONValue.parse(Array(text.utf8))
        #expect(try JSONValue.parse(value.jsonBytes()) == value)
        #expect(try JSONValue.parse(value.jsonBytes(prettyPrinted: true)) == value)
    }

    @Test("escapes at the start and end of a string, side by side, in keys, in long and empty strings")
    func escapedText() {
        let long = String(repeating: "0123456789abcdef", count: 4)
        let value: JSONValue = .array([
            .string("\"starts and ends\\"), .string("\n\t\r\u{1F}\u{0}"), .string(""), .string("é\"ü"),
            .object(["key \"quoted\"\n": .string(long + "\u{7}" + long)]),
        ])
        #expect(
            String(decoding: value.jsonBytes(), as: UTF8.self)
                == #"["\"starts and ends\\","\n\t\r\u001f\u0000","","é\"ü",{"key \"quoted\"\n":""# + long + #"\u0007"# + long + #""}]"#)
    }

    @Test("numbers: whole ones without a fraction, others shortest, non-finite as null")
    func numbers() {
        let value: JSONValue = .array([.number(30), .number(-4), .number(0.5), .number(1e20), .number(.nan), .number(.infinity)])
        #expect(String(decoding: value.jsonBytes(), as: UTF8.self) == "[30,-4,0.5,1e+20,null,null]")
    }

    @Test("a dictionary literal keeps its order and pretty printing indents by two spaces")
    func building() {
        var object: JSONObject = ["status": .number(202), "callId": .string("a")]
        object.append("targets", .array([]))
        object.append("empty", .object([:]))
        #expect(String(decoding: JSONValue.object(object).jsonBytes(), as: UTF8.self) == #"{"status":202,"callId":"a","targets":[],"empty":{}}"#)
        #expect(String(decoding: JSONValue.object(["a": .array([.number(1)])]).jsonBytes(prettyPrinted: true), as: UTF8.self) == "{\n  \"a\": [\n    1\n  ]\n}")
    }

    @Test("values nested deeper than the parser accepts are still written correctly")
    func deepWriting() throws {
        var value: JSONValue = .array([.number(1), .number(2)])
        for _ in 0..<99 { value = .array([value, .null]) }
        let text = String(decoding: value.jsonBytes(), as: UTF8.self)
        #expect(text == String(repeating: "[", count: 100) + "1,2]" + String(repeating: ",null]", count: 99))
    }
}

@Suite("NotificationParser.parseEnvelope: where each notification is")
struct NotificationEnvelopeTests {
    @Test("the ranges cover the value array and each item exactly, whitespace excluded")
    func ranges() throws {
        let a = #"{"changeType":"created","resourceUrl":"/communications/calls/a"}"#
        let b = #"{"changeType":"deleted","resourceUrl":"/communications/calls/b","x":"]},"}"#
        let text = "{\"@odata.type\":\"#microsoft.graph.commsNotifications\",\n \"value\" : [ \n\(a) ,\t\(b)\n]\n}"
        let bytes = Array(text.utf8)
        let envelope = try NotificationParser.parseEnvelope(bytes)
        #expect(envelope.notifications == (try NotificationParser.parse(bytes)))
        #expect(envelope.items.map { String(decoding: bytes[$0], as: UTF8.self) } == [a, b])
        #expect(String(decoding: bytes[envelope.valueArray], as: UTF8.self) == "[ \n\(a) ,\t\(b)\n]")
    }

    @Test("a value array nested below the top level is not the one noted")
    func nestedValue() throws {
        let item = #"{"changeType":"created","resourceUrl":"/communications/calls/a","resourceData":{"value":[1,2,3]}}"#
        let bytes = Array(#"{"other":{"value":[9]},"value":["#.utf8) + Array(item.utf8) + Array("]}".utf8)
        let envelope = try NotificationParser.parseEnvelope(bytes)
        #expect(envelope.items.map { String(decoding: bytes[$0], as: UTF8.self) } == [item])
    }

    @Test("errors are those of parse", arguments: malformedCases)
    func sameErrors(_ testCase: MalformedCase) throws {
        let bytes = try testCase.bytes()
        #expect(throws: NotificationParseError(code: testCase.code, message: testCase.message, line: testCase.line, column: testCase.column, path: testCase.path)) {
            try NotificationParser.parseEnvelope(bytes)
        }
    }
}
