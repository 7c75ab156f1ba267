import CallModel
import Foundation
import HTTPTypes
import Hummingbird

/// A token request the simulated Entra refuses, answered as Entra answers: an OAuth `error`, an
/// `error_description` that starts with the `AADSTS…` code, `error_codes`, trace and correlation
/// ids, and `error_uri`.
struct SimulatedEntraError: Error, Sendable, Equatable {
    /// The OAuth error: `invalid_client`, `unauthorized_client`, `invalid_request`, `invalid_scope`, `unsupported_grant_type`.
    var error: String
    /// The `AADSTS` number.
    var code: Int
    /// What Entra says after `AADSTS<code>: `.
    var message: String

    /// 401 for `invalid_client` (RFC 6749 §5.2), 400 otherwise.
    var status: HTTPResponse.Status {
        error == "invalid_client" ? .unauthorized : .badRequest
    }

    static func invalidClient(_ code: Int, _ message: String) -> SimulatedEntraError {
        SimulatedEntraError(error: "invalid_client", code: code, message: message)
    }

    /// The answer, with fresh trace and correlation ids.
    func response(now: Date = Date()) -> Response {
        let timestamp = SimulatorHTTP.isoDate(now).replacingOccurrences(of: "T", with: " ") + "Z"
        let traceID = UUID().uuidString.lowercased()
        let correlationID = UUID().uuidString.lowercased()
        let description = "AADSTS\(code): \(message)\r\nTrace ID: \(traceID)\r\nCorrelation ID: \(correlationID)\r\nTimestamp: \(timestamp)"
        return SimulatorHTTP.json(
            JSONValue.object([
                "error": .string(error), "error_description": .string(description),
                "error_codes": .array([.number(Double(code))]), "timestamp": .string(timestamp),
                "trace_id": .string(traceID), "correlation_id": .string(correlationID),
                "error_uri": .string("https://login.microsoftonline.com/error?code=\(code)"),
            ]).jsonBytes(), status: status)
    }
}
