/// Values the simulator shares with the services that talk to it.
public enum SimulatorDefaults {
    /// The bot application id the simulator signs notifications for.
    public static let botAppID = "24701998-1a73-4d42-8085-bf46ed0ae039"
}
