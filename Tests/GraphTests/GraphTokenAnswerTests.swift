import NIOCore
import Testing

@testable import Graph

/// The token endpoint's bodies: what is read, and what is refused (then the raw body is reported).
@Suite struct GraphTokenAnswerTests {
    @Test("A token answer's expires_in may be a number or a numeric string")
    func expiresInForms() throws {
        let number = try #require(GraphTokenProvider.TokenResponse(ByteBuffer(string: #"{"access_token":"t","expires_in":3599,"token_type":"Bearer"}"#)))
        #expect(number.accessToken == "t")
        #expect(number.expiresIn == 3599)
        let text = try #require(GraphTokenProvider.TokenResponse(ByteBuffer(string: #"{"expires_in":"60","access_token":"u"}"#)))
        #expect(text.expiresIn == 60)
    }

    @Test("Malformed token answers are refused", arguments: [
        "", "not json", #"{"access_token":"t","expires_in":3599,}"#, #"{"access_token":"t"}"#,
        #"{"access_token":1,"expires_in":3599}"#, #"{"access_token":"t","expires_in":"soon"}"#,
        #"{"access_token":"t","expires_in":35.5}"#, #"["t",3599]"#,
        #"{"access_token":"t","access_token":"u","expires_in":1}"#,
    ])
    func malformedAnswers(body: String) {
        #expect(GraphTokenProvider.TokenResponse(ByteBuffer(string: body)) == nil)
    }

    @Test("An Entra error body reads as its code, the description's first line and the trace id")
    func errorBody() throws {
        let body = #"{"error":"invalid_client","error_description":"AADSTS700027: Client assertion failed.\nTrace ID: x","trace_id":"abc"}"#
        let refusal = try #require(GraphTokenProvider.TokenErrorResponse(ByteBuffer(string: body)))
        #expect(refusal.summary == "invalid_client: AADSTS700027: Client assertion failed. (trace id abc)")
        // Entra ends lines with CRLF, which Swift reads as one character.
        let crlf = #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret.\r\nTrace ID: y"}"#
        let crlfRefusal = try #require(GraphTokenProvider.TokenErrorResponse(ByteBuffer(string: crlf)))
        #expect(crlfRefusal.summary == "invalid_client: AADSTS7000215: Invalid client secret.")
        #expect(GraphTokenProvider.TokenErrorResponse(ByteBuffer(string: "<html>Bad gateway</html>")) == nil)
        #expect(GraphTokenProvider.TokenErrorResponse(ByteBuffer(string: #"{"error_description":"no code"}"#)) == nil)
    }
}
