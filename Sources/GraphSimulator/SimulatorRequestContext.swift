import Hummingbird
import NIOCore

/// The request context of the simulator's routes: Hummingbird's core storage plus the channel,
/// so a `reset` fault can close the connection under the request.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
