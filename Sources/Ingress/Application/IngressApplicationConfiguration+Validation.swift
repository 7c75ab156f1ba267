extension IngressApplicationConfiguration {
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
        guard (0...65535).contains(healthPort) else {
            throw IngressConfigurationError(setting: "health port", message: "\(healthPort) is not a TCP port")
        }
        guard healthPort == 0 || healthPort != port else {
            throw IngressConfigurationError(
                setting: "health port",
                message: "\(healthPort) is also the webhook port; the operational routes need a port of their own"
            )
        }
        guard maxNotificationsPerBody > 0 else {
            throw IngressConfigurationError(setting: "max notifications per body", message: "must be positive")
        }
        guard maxCallsPerBody > 0 else {
            throw IngressConfigurationError(setting: "max calls per body", message: "must be positive")
        }
        guard produceConcurrency > 0 else {
            throw IngressConfigurationError(setting: "produce concurrency", message: "must be positive")
        }
        try connections.validate()
        try authentication.validate()
        guard !notificationsTopic.isEmpty else {
            throw IngressConfigurationError(setting: "notifications topic", message: "must not be empty")
        }
    }
}
