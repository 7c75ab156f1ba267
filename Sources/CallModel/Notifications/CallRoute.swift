/// A Graph `callRoute`: how a call was retargeted on its way to the bot.
public struct CallRoute: Sendable, Hashable {
    /// Who the call reached.
    public var final: IdentitySet?
    /// Who the call was placed to.
    public var original: IdentitySet?
    /// How it was retargeted: `forwarded`, `lookup` or `selfFork`.
    public var routingType: CallRouteType?

    /// Creates a call route.
    public init(final: IdentitySet? = nil, original: IdentitySet? = nil, routingType: CallRouteType? = nil) {
        self.final = final
        self.original = original
        self.routingType = routingType
    }
}
