import CallModel
import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    // Each literal below is a valid RFC 9110 token, so the failable initialiser cannot fail.
    static let requestID = HTTPField.Name("request-id")!
    static let clientRequestID = HTTPField.Name("client-request-id")!
    static let agsDiagnostic = HTTPField.Name("x-ms-ags-diagnostic")!
}

/// Graph-shaped HTTP answers.
enum SimulatorHTTP {
    /// The `x-ms-ags-diagnostic` header Graph adds to every answer (data centre, slice, role).
    static let diagnostic = #"{"ServerInfo":{"DataCenter":"Simulated","Slice":"E","Ring":"1","ScaleUnit":"000","RoleInstance":"switchboard-sim-1"}}"#

    /// Graph's response headers: `request-id`, `client-request-id`, `Date`, `x-ms-ags-diagnostic`.
    static func graphHeaders(requestID: String, clientRequestID: String?, date: Date = Date()) -> HTTPFields {
        var fields = HTTPFields()
        fields[.requestID] = requestID
        fields[.clientRequestID] = clientRequestID ?? requestID
        fields[.date] = httpDate(date)
        fields[.agsDiagnostic] = diagnostic
        return fields
    }

    /// A Graph error answer: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
    static func graphError(
        status: Int, code: String, message: String, requestID: String, clientRequestID: String?,
        retryAfter: Int? = nil
    ) -> Response {
        let date = Date()
        var headers = graphHeaders(requestID: requestID, clientRequestID: clientRequestID, date: date)
        headers[.contentType] = "application/json"
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body = JSONValue.object([
            "error": .object([
                "code": .string(code),
                "message": .string(message),
                "innerError": .object([
                    "date": .string(isoDate(date)),
                    "request-id": .string(requestID),
                    "client-request-id": .string(clientRequestID ?? requestID),
                ]),
            ])
        ]).jsonBytes()
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A JSON answer.
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A JSON answer of an `Encodable` value.
    static func encodingJSON(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try json(Array(encoder.encode(value)), status: status)
    }

    /// An RFC 9110 IMF-fixdate.
    static func httpDate(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[Int(parts.tm_wday)]), \(pad(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)) GMT"
    }

    /// The `innerError.date` form Graph uses: `2021-11-30T12:17:46`.
    static func isoDate(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))"
    }

    private static func pad(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
