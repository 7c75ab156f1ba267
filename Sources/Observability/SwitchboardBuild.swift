/// This build of Switchboard.
public enum SwitchboardBuild {
    /// The release version, reported by `switchboard version`, `/healthz`, `/readyz` and `switchboard_build_info`.
    public static let version = "0.1.0"
}
