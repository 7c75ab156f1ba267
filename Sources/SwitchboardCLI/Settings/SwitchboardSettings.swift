import SwitchboardCLISupport

extension Switchboard {
    /// Every setting of `switchboard`, by command: the README's configuration table is generated from
    /// these (`SettingsTableTests` compares them) and the chart may set only their variables.
    static let settings: [SettingsSection] = [
        SettingsSection("switchboard ingress", IngressSetting.rows),
        SettingsSection("switchboard worker", WorkerSetting.rows),
        SettingsSection("switchboard worker: Graph credential (exactly one)", GraphCredentialSetting.rows),
        SettingsSection("Kafka (every command that talks to Kafka)", KafkaSetting.rows),
        SettingsSection("Logs (ingress and worker)", LoggingSetting.rows),
        SettingsSection("switchboard topics, rules and outcomes", ToolSetting.rows),
    ]
}
