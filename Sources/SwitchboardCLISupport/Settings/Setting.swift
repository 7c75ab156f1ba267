public import ArgumentParser
import Foundation

/// One setting, declared once: its flag, its environment variable, its default, how its text is read
/// and what it is for.
///
/// `--help` reads ``name`` and ``help``, ``SettingsEnvironment`` resolves it (flag, then variable,
/// then ``defaultValue``), and ``row`` feeds the README's configuration table and the chart check, so
/// none of them spells a variable or a default again:
/// ```swift
/// static let port = Setting(flag: "port", variable: "SWITCHBOARD_HTTP_PORT", default: 8080,
///                           abstract: "Listen port", valueName: "port")
/// @Option(name: IngressSettings.port.name, help: IngressSettings.port.help) var port: Int?
/// let port = try environment.value(port, IngressSettings.port)
/// ```
package struct Setting<Value: Sendable>: Sendable {
    /// The long flag without its dashes (`port`); `nil` for a value read only from the environment,
    /// such as a secret.
    package let flag: String?
    /// The environment variable (`SWITCHBOARD_HTTP_PORT`).
    package let variable: String
    /// The value when neither the flag nor the variable is set.
    package let defaultValue: Value
    /// The default as `--help` and the README say it (`8080`, `2s`, `required`).
    package let defaultText: String
    /// What the setting is, without its variable or default.
    package let abstract: String
    /// The value's placeholder in `--help`; `nil` for an on/off flag.
    package let valueName: String?
    /// What an error says a value must look like; `nil` says only that it is not valid.
    package let expected: String?
    /// The value a text names, or `nil` when it names none (flag text and variable alike).
    package let parse: @Sendable (String) -> Value?

    /// Declares a setting.
    ///
    /// - Parameters:
    ///   - flag: The long flag without dashes, or `nil` for a variable only.
    ///   - variable: The environment variable.
    ///   - defaultValue: The value when neither is set.
    ///   - defaultText: The default in words; default: `defaultValue` written out.
    ///   - abstract: What it is, one clause.
    ///   - valueName: The placeholder in `--help`.
    ///   - expected: What a valid value looks like, for errors.
    ///   - parse: Reads a value from a flag's or a variable's text.
    package init(
        flag: String?,
        variable: String,
        default defaultValue: Value,
        defaultText: String? = nil,
        abstract: String,
        valueName: String?,
        expected: String? = nil,
        parse: @escaping @Sendable (String) -> Value?
    ) {
        self.flag = flag
        self.variable = variable
        self.defaultValue = defaultValue
        self.defaultText = defaultText ?? "\(defaultValue)"
        self.abstract = abstract
        self.valueName = valueName
        self.expected = expected
        self.parse = parse
    }

    /// The flag as a person types it (`--port`), or the variable for a setting without a flag.
    package var option: String { flag.map { "--" + $0 } ?? variable }

    /// The flag's name for `@Option` and `@Flag`.
    package var name: NameSpecification { .customLong(flag ?? variable) }

    /// `--help`'s text: what it is, the variable and the default.
    package var help: ArgumentHelp {
        let environment = valueName == nil ? "env \(variable)=true" : "env \(variable)"
        let fallback = defaultText == "required" ? "required" : "default \(defaultText)"
        return ArgumentHelp("\(abstract) (\(environment); \(fallback)).", valueName: valueName)
    }

    /// The setting as the README's table and the chart check read it.
    package var row: SettingRow {
        SettingRow(flag: flag.map { "--" + $0 }, variable: variable, defaultText: defaultText, abstract: abstract)
    }
}

extension Setting where Value: ExpressibleByArgument {
    /// A setting whose text is read as `Value` reads a command-line argument (numbers, text).
    package init(
        flag: String?, variable: String, default defaultValue: Value, defaultText: String? = nil, abstract: String,
        valueName: String
    ) {
        self.init(
            flag: flag, variable: variable, default: defaultValue, defaultText: defaultText, abstract: abstract,
            valueName: valueName, parse: { Value(argument: $0) })
    }
}

extension Setting {
    /// A setting without a default whose text is read as `Wrapped` reads a command-line argument.
    package init<Wrapped: ExpressibleByArgument & Sendable>(
        flag: String?, variable: String, defaultText: String, abstract: String, valueName: String
    ) where Value == Wrapped? {
        self.init(
            flag: flag, variable: variable, default: nil, defaultText: defaultText, abstract: abstract,
            // `.map` keeps "not valid" (`nil`) apart from "valid, no value" (`.some(nil)`).
            valueName: valueName, parse: { Wrapped(argument: $0).map { .some($0) } })
    }
}

extension Setting where Value == Duration {
    /// A duration in ``DurationText``'s grammar (`500ms`, `2s`, `1.5m`, `1h`).
    package static func duration(
        flag: String, variable: String, default defaultValue: Duration, abstract: String
    ) -> Setting<Duration> {
        Setting(
            flag: flag, variable: variable, default: defaultValue, defaultText: DurationText.format(defaultValue),
            abstract: abstract, valueName: "duration", expected: DurationText.expected, parse: DurationText.parse)
    }
}

extension Setting where Value == Bool {
    /// An on/off flag, on when given or when its variable is `true`; off by default.
    package static func toggle(flag: String, variable: String, abstract: String) -> Setting<Bool> {
        Setting(
            flag: flag, variable: variable, default: false, defaultText: "off", abstract: abstract, valueName: nil,
            parse: { Bool(argument: $0) })
    }
}

extension Setting where Value == [String] {
    /// A list: a repeatable flag, or its variable with the entries separated by commas.
    package static func list(
        flag: String, variable: String, default defaultValue: [String] = [], defaultText: String, abstract: String, valueName: String
    ) -> Setting<[String]> {
        Setting(
            flag: flag, variable: variable, default: defaultValue, defaultText: defaultText,
            abstract: abstract + "; repeatable, or comma-separated in the variable", valueName: valueName,
            parse: { text in text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } })
    }
}
