/// Values the simulator shares with the services that talk to it.
public enum SimulatorDefaults {
    /// The bot application id the simulator signs notifications for.
    public static let botAppID = "24701998-1a73-4d42-8085-bf46ed0ae039"
}

extension SimulatorDefaults {
    /// The `appid` claim of notification tokens: the service application Microsoft's calling
    /// callbacks were observed to carry (MicrosoftDocs/bot-docs#2242).
    public static let skypeServiceAppID = "26a18ebc-cdf7-4a6a-91cb-beb352805e81"
    /// The tenant of the page's examples, used when an offer names none.
    public static let tenantID = "632899f8-2ea1-4604-8413-27bd2892079f"
}
