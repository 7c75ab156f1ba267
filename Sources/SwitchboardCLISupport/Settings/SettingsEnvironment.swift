public import ArgumentParser
import Foundation

/// Resolves each setting from its flag, else its `SWITCHBOARD_…` environment variable, else its default.
///
/// Every subcommand declares its options as optionals and resolves them here, so a Kubernetes
/// deployment can set the same values through the environment that a person passes as flags.
package struct SettingsEnvironment: Sendable {
    /// The variables settings are read from.
    package var variables: [String: String]

    /// The environment of this process.
    package static var process: SettingsEnvironment {
        SettingsEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// The flag's value, else the variable's value, else `defaultValue`.
    ///
    /// - Throws: `ValidationError` naming the variable when its value cannot be parsed.
    package func value<Value: ExpressibleByArgument>(
        _ flag: Value?,
        _ variable: String,
        default defaultValue: Value
    ) throws -> Value {
        try optionalValue(flag, variable) ?? defaultValue
    }

    /// The flag's value, else the variable's value, else `nil`.
    ///
    /// - Throws: `ValidationError` naming the variable when its value cannot be parsed.
    package func optionalValue<Value: ExpressibleByArgument>(_ flag: Value?, _ variable: String) throws -> Value? {
        if let flag { return flag }
        guard let raw = variables[variable], !raw.isEmpty else { return nil }
        guard let parsed = Value(argument: raw) else {
            throw ValidationError("environment variable \(variable)=\(raw) is not a valid value")
        }
        return parsed
    }

    /// The flag's text, else the variable's, else `defaultValue`, turned into a value by `parse`;
    /// `nil` when none is set.
    ///
    /// For settings whose values are names (protocols, levels) rather than `ExpressibleByArgument` types.
    /// - Throws: `ValidationError` naming the flag or the variable the text came from, and what is expected.
    package func parsed<Value>(
        _ flag: String?,
        flag flagName: String,
        _ variable: String,
        default defaultValue: String? = nil,
        expected: String,
        _ parse: (String) -> Value?
    ) throws -> Value? {
        let origin: String
        let text: String
        if let flag {
            (origin, text) = ("\(flagName) \(flag)", flag)
        } else if let raw = variables[variable], !raw.isEmpty {
            (origin, text) = ("environment variable \(variable)=\(raw)", raw)
        } else if let defaultValue {
            (origin, text) = ("the default \(defaultValue)", defaultValue)
        } else {
            return nil
        }
        guard let value = parse(text) else {
            throw ValidationError("\(origin) is not valid; expected \(expected)")
        }
        return value
    }

    /// A list from repeated flags, else from the variable split at commas, else `defaultValue`.
    package func list(_ flags: [String], _ variable: String, default defaultValue: [String] = []) -> [String] {
        if !flags.isEmpty { return flags }
        guard let raw = variables[variable], !raw.isEmpty else { return defaultValue }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A secret read from a file (the flag, else `<variable>_FILE`), else from the variable itself.
    ///
    /// Secrets are never accepted as plain flags so they stay out of process listings and shell history.
    /// A trailing newline in the file is dropped.
    /// - Throws: `ValidationError` naming the file when it cannot be read.
    package func secret(fileFlag: String?, _ variable: String) throws -> String? {
        if let path = fileFlag ?? variables[variable + "_FILE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                let contents = try String(contentsOfFile: path, encoding: .utf8)
                return contents.trimmingCharacters(in: .newlines)
            } catch {
                throw ValidationError("cannot read the secret file \(path): \(error.localizedDescription)")
            }
        }
        guard let value = variables[variable], !value.isEmpty else { return nil }
        return value
    }
}
