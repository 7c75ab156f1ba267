extension IngressConfiguration {
    /// Checks the settings that no default can make right.
    ///
    /// - Throws: ``IngressConfigurationError`` naming the first bad setting.
    public func validate() throws(IngressConfigurationError) {
        if authentication.isEnabled && authentication.botAppID.isEmpty {
            throw IngressConfigurationError(
                setting: "bot app id",
                message: "required while authentication is on: tokens are checked against it as their audience"
            )
        }
        if authentication.isEnabled && authentication.allowedIssuers.isEmpty {
            throw IngressConfigurationError(setting: "allowed issuers", message: "at least one issuer is needed")
        }
        guard maxBodyBytes > 0 else {
            throw IngressConfigurationError(setting: "max body bytes", message: "must be positive")
        }
        guard maxInFlight > 0 else {
            throw IngressConfigurationError(setting: "max in-flight", message: "must be positive")
        }
        guard produceTimeout > .zero else {
            throw IngressConfigurationError(setting: "produce timeout", message: "must be positive")
        }
        guard (0...65535).contains(port) else {
            throw IngressConfigurationError(setting: "port", message: "\(port) is not a TCP port")
        }
        guard !notificationsTopic.isEmpty else {
            throw IngressConfigurationError(setting: "notifications topic", message: "must not be empty")
        }
    }
}
