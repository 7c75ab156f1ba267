/// Defaults of the worker that other components refer to.
public enum WorkerDefaults {
    /// Graph offers an incoming call for 15 seconds.
    public static let callWindow: Duration = .seconds(15)
}
