import ArgumentParser
import Testing

@testable import SwitchboardCLI
import SwitchboardCLISupport

/// When tracing is on, and what is refused before anything is bootstrapped. (Bootstrapping itself is
/// once per process, so the exporting path is tested across processes in Tests/Deployment/test_tracing.py.)
@Suite("Tracing bootstrap")
struct TracingBootstrapTests {
    @Test("without an OTLP endpoint there is no tracer and no service", arguments: [
        [:],
        ["OTEL_SERVICE_NAME": "switchboard-x", "OTEL_TRACES_SAMPLER": "always_on"],
        ["SWITCHBOARD_OTEL_EXPORTER_OTLP_ENDPOINT": "", "OTEL_EXPORTER_OTLP_ENDPOINT": ""],
    ])
    func offWithoutEndpoint(environment: [String: String]) throws {
        #expect(try TracingBootstrap.bootstrap(serviceName: "switchboard-test", environment: environment) == nil)
    }

    @Test("OTEL_SDK_DISABLED=true turns it off even with an endpoint")
    func disabled() throws {
        let environment = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_SDK_DISABLED": "true"]
        #expect(try TracingBootstrap.bootstrap(serviceName: "switchboard-test", environment: environment) == nil)
    }

    @Test("a protocol other than http/protobuf is refused with the variable to change", arguments: [
        "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
    ])
    func grpcRefused(variable: String) {
        let environment = ["SWITCHBOARD_OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", variable: "grpc"]
        let error = #expect(throws: ValidationError.self) {
            try TracingBootstrap.bootstrap(serviceName: "switchboard-test", environment: environment)
        }
        #expect(error?.message.contains("'grpc'") == true)
        #expect(error?.message.contains("OTEL_EXPORTER_OTLP_PROTOCOL") == true)
    }
}
