import Testing

@testable import CallModel

/// The strict reader refuses duplicate member names without comparing each member with all earlier
/// ones: a 256 KiB body can hold tens of thousands of members.
@Suite("Strict JSON: duplicate member names")
struct JSONDuplicateMemberTests {
    /// `{"k0":0,"k1":0,…}` with `count` distinct short names (base 36), then `tail` before the `}`.
    static func wideObject(count: Int, tail: String = "") -> [UInt8] {
        var text = "{"
        text.reserveCapacity(count * 9 + tail.utf8.count + 2)
        for index in 0..<count {
            if index > 0 { text += "," }
            text += "\"\(String(index, radix: 36))\":0"
        }
        text += tail + "}"
        return Array(text.utf8)
    }

    static func checks(_ bytes: [UInt8]) throws -> Int {
        try bytes.withUnsafeBufferPointer { buffer in try JSONScanner.memberNameChecks(parsing: buffer) }
    }

    @Test("a 256 KiB object of 30,000 members is checked with a linear number of name checks")
    func linearInMembers() throws {
        let members = 30_000
        let body = Self.wideObject(count: members)
        #expect(body.count <= 256 * 1024)
        let checks = try Self.checks(body)
        // Comparing each member with every earlier one would be members²/2 = 450 million checks.
        #expect(checks <= 2 * members, "\(checks) name checks for \(members) members")
        #expect(try JSONValue.parse(body).objectValue?.count == members)
    }

    @Test("small objects compare names one by one, as before")
    func smallObjects() throws {
        // 0+1+2+3 comparisons for 4 members.
        #expect(try Self.checks(Array(#"{"a":1,"b":2,"c":3,"d":4}"#.utf8)) == 6)
    }

    @Test(
        "a duplicate is found wherever it is, in a small or a wide object, with its position",
        arguments: [3, 8, 9, 30_000]
    )
    func duplicateFound(members: Int) throws {
        // The last member repeats the first name ("0").
        let body = Self.wideObject(count: members, tail: #","0":1"#)
        let error = try #require(throws: JSONSyntaxError.self) { try JSONValue.parse(body) }
        #expect(error.reason == "duplicate member name \"0\"")
        #expect(error.offset == body.count - 6)
    }

    @Test("names are unique per object: nested objects may reuse their parent's names")
    func nestedScopes() throws {
        let inner = String(decoding: Self.wideObject(count: 20), as: UTF8.self)
        let body = Array(#"{"0":\#(inner),"1":\#(inner),"x":{"0":1}}"#.utf8)
        #expect(try JSONValue.parse(body).objectValue?.count == 3)
    }
}
