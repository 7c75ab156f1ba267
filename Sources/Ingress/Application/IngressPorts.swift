/// The ports an ingress listens on, once it does (the bound ports when configured with 0).
public struct IngressPorts: Sendable, Hashable {
    /// The webhook: `POST /api/calls[/…]`.
    public var webhook: Int
    /// The operational routes: `/healthz`, `/readyz`, `/metrics`.
    public var health: Int

    /// Creates the pair.
    public init(webhook: Int, health: Int) {
        self.webhook = webhook
        self.health = health
    }
}
