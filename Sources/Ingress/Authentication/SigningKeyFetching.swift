/// Where the signing keys come from: the OpenID metadata in production; a test seam.
protocol SigningKeyFetching: Sendable {
    /// Fetches the current key set.
    ///
    /// - Throws: ``SigningKeyFetchError`` when the metadata or the key set cannot be read.
    func fetchKeys() async throws -> SigningKeySet
}

/// The signing keys could not be fetched or understood.
struct SigningKeyFetchError: Error, Sendable, CustomStringConvertible {
    /// The document that failed.
    var url: String
    /// What went wrong.
    var reason: String

    var description: String { "cannot read the signing keys from \(url): \(reason)" }
}
