import CallModel
import NIOCore

/// The token endpoint's answers, read with the strict JSON reader (the one Graph notifications go through).
extension GraphTokenProvider {
    /// The identity platform's token response (`expires_in` is a number, older endpoints send a string).
    struct TokenResponse {
        var accessToken: String
        var expiresIn: Int

        /// Reads the body with the strict JSON reader; `nil` when it is not JSON, or `access_token`
        /// or a whole-number `expires_in` is missing.
        init?(_ body: ByteBuffer) {
            guard let object = (try? body.withUnsafeReadableBytes { bytes in try JSONValue.parse(bytes) })?.objectValue,
                let accessToken = object["access_token"]?.stringValue
            else { return nil }
            switch object["expires_in"] {
            case let .number(seconds)? where seconds.rounded() == seconds && abs(seconds) <= Double(Int32.max):
                expiresIn = Int(seconds)
            case let .string(text)?:
                guard let seconds = Int(text) else { return nil }
                expiresIn = seconds
            default:
                return nil
            }
            self.accessToken = accessToken
        }
    }

    /// The identity platform's error body: `error_description` starts with the `AADSTS…` code and
    /// goes on with trace and correlation ids on further lines.
    struct TokenErrorResponse {
        var error: String
        var errorDescription: String?
        var traceID: String?

        /// Reads the body with the strict JSON reader; `nil` when it is not JSON or has no string
        /// `error` (the raw body is reported then). Optional members of another type are ignored.
        init?(_ body: ByteBuffer) {
            guard let object = (try? body.withUnsafeReadableBytes { bytes in try JSONValue.parse(bytes) })?.objectValue,
                let error = object["error"]?.stringValue
            else { return nil }
            self.error = error
            errorDescription = object["error_description"]?.stringValue
            traceID = object["trace_id"]?.stringValue
        }

        /// The description's first line (`AADSTS700027: …`), and the trace id when there is one.
        var summary: String {
            let firstLine = errorDescription.map { String($0.prefix { !$0.isNewline }) } ?? ""
            return "\(error): \(firstLine)" + (traceID.map { " (trace id \($0))" } ?? "")
        }
    }
}
