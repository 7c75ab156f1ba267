import ArgumentParser

extension SettingsEnvironment {
    /// The flag's value, else the variable's read by the setting, else the setting's default.
    ///
    /// - Important: For a setting without a default (`Setting<Wrapped?>`) use ``optional(_:_:)``: here an
    ///   unset optional flag would count as given.
    /// - Throws: `ValidationError` naming the variable, its value and what is expected when the value
    ///   cannot be read.
    package func value<Value>(_ flag: Value?, _ setting: Setting<Value>) throws -> Value {
        if let flag { return flag }
        return try variableValue(setting) ?? setting.defaultValue
    }

    /// Refused at compile time: an unset optional flag would count as given; use ``optional(_:_:)``.
    @available(*, unavailable, message: "use optional(_:_:) for a setting without a default")
    package func value<Wrapped>(_ flag: Wrapped?, _ setting: Setting<Wrapped?>) throws -> Wrapped? {
        try optional(flag, setting)
    }

    /// The flag's value, else the variable's, else `nil`: for settings without a default.
    ///
    /// - Throws: `ValidationError` naming the variable when its value cannot be read.
    package func optional<Wrapped>(_ flag: Wrapped?, _ setting: Setting<Wrapped?>) throws -> Wrapped? {
        if let flag { return flag }
        return try variableValue(setting) ?? setting.defaultValue
    }

    /// The flag's text, else the variable's, read by the setting; else the setting's default.
    ///
    /// For settings whose flag is declared as text (durations, names).
    /// - Throws: `ValidationError` naming the flag or the variable the text came from, and what is expected.
    package func value<Value>(text flag: String?, _ setting: Setting<Value>) throws -> Value {
        if let flag {
            guard let value = setting.parse(flag) else {
                throw ValidationError("--\(setting.flag ?? setting.variable) \(flag) is not valid\(Self.expectation(setting))")
            }
            return value
        }
        return try variableValue(setting) ?? setting.defaultValue
    }

    /// Repeated flags, else the variable's comma-separated entries, else the setting's default.
    package func list(_ flags: [String], _ setting: Setting<[String]>) -> [String] {
        list(flags, setting.variable, default: setting.defaultValue)
    }

    /// A secret read from the file a flag or `file`'s variable names, else from `value`'s variable.
    ///
    /// - Throws: `ValidationError` naming the file when it cannot be read.
    package func secret(fileFlag: String?, file: Setting<String?>, value: Setting<String?>) throws -> String? {
        if let path = fileFlag ?? variables[file.variable].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try secret(fileFlag: path, value.variable)
        }
        return try secret(fileFlag: nil, value.variable)
    }

    /// The variable's value read by the setting, or `nil` when it is unset or empty.
    private func variableValue<Value>(_ setting: Setting<Value>) throws -> Value? {
        guard let raw = variables[setting.variable], !raw.isEmpty else { return nil }
        guard let value = setting.parse(raw) else {
            throw ValidationError("environment variable \(setting.variable)=\(raw) is not \(setting.expected == nil ? "a valid value" : "valid")\(Self.expectation(setting))")
        }
        return value
    }

    private static func expectation<Value>(_ setting: Setting<Value>) -> String {
        setting.expected.map { "; expected \($0)" } ?? ""
    }
}
