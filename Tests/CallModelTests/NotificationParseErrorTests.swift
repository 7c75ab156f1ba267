import CallModel
import Testing

/// One malformed body and the exact error it must produce.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    var name: String
    var body: Body
    var code: NotificationParseError.Code
    var message: String
    var line: Int? = nil
    var column: Int? = nil
    var path: String? = nil

    enum Body: Sendable {
        case text(String)
        case bytes([UInt8])
        case fixture(String)
    }

    var testDescription: String { name }

    func bytes() throws -> [UInt8] {
        switch body {
        case let .text(text): Array(text.utf8)
        case let .bytes(bytes): bytes
        case let .fixture(name): try Fixtures.bytes(name)
        }
    }
}

let malformedCases: [MalformedCase] = [
    .init(name: "the seed page's trailing comma", body: .fixture("example1-incoming-seed-page-original.json"),
          code: .invalidJSON, message: "invalid JSON at line 24, column 9: trailing comma before '}'", line: 24, column: 9),
    .init(name: "trailing comma in an array", body: .text(#"{"value":[1,]}"#), code: .invalidJSON,
          message: "invalid JSON at line 1, column 13: trailing comma before ']'", line: 1, column: 13),
    .init(name: "empty body", body: .text(""), code: .invalidJSON,
          message: "invalid JSON at line 1, column 1: the body is empty", line: 1, column: 1),
    .init(name: "whitespace only", body: .text(" \n "), code: .invalidJSON,
          message: "invalid JSON at line 2, column 2: the body is empty", line: 2, column: 2),
    .init(name: "truncated", body: .text("{\"value\":[\n"), code: .invalidJSON,
          message: "invalid JSON at line 2, column 1: unexpected end of input, expected a value", line: 2, column: 1),
    .init(name: "unterminated string", body: .text(#"{"value"#), code: .invalidJSON,
          message: "invalid JSON at line 1, column 2: unterminated string", line: 1, column: 2),
    .init(name: "comment", body: .text("{\"value\":[] // note\n}"), code: .invalidJSON,
          message: "invalid JSON at line 1, column 13: unexpected '/', expected ',' or '}' after the value of \"value\"",
          line: 1, column: 13),
    .init(name: "single quotes", body: .text("{'value':[]}"), code: .invalidJSON,
          message: "invalid JSON at line 1, column 2: unexpected ''', expected a double-quoted member name", line: 1, column: 2),
    .init(name: "leading zero", body: .text(#"{"value":[01]}"#), code: .invalidJSON,
          message: "invalid JSON at line 1, column 12: numbers cannot have leading zeros", line: 1, column: 12),
    .init(name: "unescaped tab in a string", body: .text("{\"value\":[\"a\tb\"]}"), code: .invalidJSON,
          message: "invalid JSON at line 1, column 13: unescaped control character U+0009 in a string",
          line: 1, column: 13),
    .init(name: "invalid UTF-8", body: .bytes(Array(#"{"value":[""#.utf8) + [0xFF] + Array(#""]}"#.utf8)),
          code: .invalidJSON, message: "invalid JSON at line 1, column 12: string is not valid UTF-8", line: 1, column: 12),
    .init(name: "invalid escape", body: .text(#"{"value":["\x"]}"#), code: .invalidJSON,
          message: #"invalid JSON at line 1, column 12: invalid escape sequence \x"#, line: 1, column: 12),
    .init(name: "unpaired surrogate", body: .text(#"{"value":["\ud800"]}"#), code: .invalidJSON,
          message: #"invalid JSON at line 1, column 12: unpaired UTF-16 surrogate \ud800"#, line: 1, column: 12),
    .init(name: "duplicate member", body: .text(#"{"value":[],"value":[]}"#), code: .invalidJSON,
          message: "invalid JSON at line 1, column 13: duplicate member name \"value\"", line: 1, column: 13),
    .init(name: "text after the object", body: .text(#"{"value":[]} x"#), code: .invalidJSON,
          message: "invalid JSON at line 1, column 14: unexpected 'x' after the end of the JSON value", line: 1, column: 14),
    .init(name: "bad literal", body: .text(#"{"value":[tru]}"#), code: .invalidJSON,
          message: "invalid JSON at line 1, column 11: invalid literal, expected true", line: 1, column: 11),
    .init(name: "nesting too deep", body: .text(String(repeating: "[", count: 65)), code: .invalidJSON,
          message: "invalid JSON at line 1, column 65: nesting deeper than 64 levels", line: 1, column: 65),
    .init(name: "an array, not an object", body: .text("[]"), code: .notAnObject,
          message: "the body is an array, expected a commsNotifications object"),
    .init(name: "no value", body: .text(##"{"@odata.type":"#microsoft.graph.commsNotifications"}"##), code: .missingValue,
          message: "the body has no \"value\" array of notifications"),
    .init(name: "value is an object", body: .text(#"{"value":{}}"#), code: .valueNotArray,
          message: "value is an object, expected an array", path: "value"),
    .init(name: "value is empty", body: .text(#"{"value":[]}"#), code: .emptyValue,
          message: "value is an empty array: the body carries no notification", path: "value"),
    .init(name: "an item is not an object", body: .text(#"{"value":[42]}"#), code: .wrongType,
          message: "value[0] is a number, expected an object", path: "value[0]"),
    .init(name: "no changeType", body: .text(#"{"value":[{"resourceUrl":"/communications/calls/a"}]}"#),
          code: .missingField, message: "value[0].changeType is missing", path: "value[0].changeType"),
    .init(name: "changeType is a number", body: .text(#"{"value":[{"changeType":1,"resourceUrl":"/communications/calls/a"}]}"#),
          code: .wrongType, message: "value[0].changeType is a number, expected a string", path: "value[0].changeType"),
    .init(name: "no call id anywhere", body: .fixture("malformed-missing-call-id.json"), code: .missingCallID,
          message: "value[0] has no call id: no resourceData.id and no id in resourceUrl or resource", path: "value[0]"),
    .init(name: "resourceUrl ends at calls", body: .text(#"{"value":[{"changeType":"created","resourceUrl":"/communications/calls/"}]}"#),
          code: .missingCallID,
          message: "value[0] has no call id: no resourceData.id and no id in resourceUrl or resource", path: "value[0]"),
    .init(name: "targets is an object", body: .fixture("malformed-targets-not-array.json"), code: .wrongType,
          message: "value[0].resourceData.targets is an object, expected an array", path: "value[0].resourceData.targets"),
    .init(name: "identity of the wrong type",
          body: .text(#"{"value":[{"changeType":"created","resourceData":{"id":"a","targets":[{},{"identity":{"user":"x"}}]}}]}"#),
          code: .wrongType, message: "value[0].resourceData.targets[1].identity.user is a string, expected an object",
          path: "value[0].resourceData.targets[1].identity.user"),
    .init(name: "resultInfo code that is not a number",
          body: .text(#"{"value":[{"changeType":"deleted","resourceData":{"id":"a","resultInfo":{"code":"OK"}}}]}"#),
          code: .invalidValue, message: "value[0].resourceData.resultInfo.code is \"OK\", expected an integer",
          path: "value[0].resourceData.resultInfo.code"),
]

@Suite("Rejecting malformed notifications")
struct NotificationParseErrorTests {
    @Test("each malformed body gives its specific error", arguments: malformedCases)
    func malformed(_ testCase: MalformedCase) throws {
        let error = try #require(throws: NotificationParseError.self) {
            try NotificationParser.parse(testCase.bytes())
        }
        #expect(error.code == testCase.code)
        #expect(error.message == testCase.message)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.path == testCase.path)
        #expect(error.description == testCase.message)
    }

    @Test("the seed bodies with the trailing comma removed parse; with it they do not")
    func seedCommaIsTheOnlyDifference() throws {
        let original = try Fixtures.bytes("example1-incoming-seed-page-original.json")
        let fixed = try Fixtures.seed(1).incomingNotification
        #expect(throws: NotificationParseError.self) { try NotificationParser.parse(original) }
        #expect(try NotificationParser.parse(fixed).value.count == 1)
    }
}
