import ArgumentParser
import Logging
import OTel
public import ServiceLifecycle

/// Distributed tracing for one process: spans exported over OTLP/HTTP (protobuf) when an endpoint is
/// set, else no tracer at all (the library code's spans are then no-ops).
///
/// The endpoint is `SWITCHBOARD_OTEL_EXPORTER_OTLP_ENDPOINT`, else the standard
/// `OTEL_EXPORTER_OTLP_ENDPOINT` (a base URL; `/v1/traces` is appended) or
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is). swift-otel reads the other `OTEL_*` variables
/// itself: service name, resource attributes, sampler, propagators, batch processor, headers,
/// compression, timeout and TLS files. Only traces are exported; logs and metrics stay as they are.
package enum TracingBootstrap {
    package static let endpointVariable = "SWITCHBOARD_OTEL_EXPORTER_OTLP_ENDPOINT"
    package static let standardEndpointVariables = ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]

    /// Bootstraps the tracer when an endpoint is set and returns the service that exports its spans,
    /// to run first in the process's `ServiceGroup` so that it stops last and flushes every span.
    ///
    /// - Parameter serviceName: `service.name` unless `OTEL_SERVICE_NAME` says otherwise.
    /// - Throws: `ValidationError` naming what is wrong when the `OTEL_*` configuration is not usable.
    package static func bootstrap(serviceName: String, environment: [String: String]) throws -> (any Service)? {
        var environment = environment
        if let endpoint = environment[endpointVariable], !endpoint.isEmpty {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint
        }
        guard standardEndpointVariables.contains(where: { !(environment[$0] ?? "").isEmpty }) else { return nil }
        if environment["OTEL_SDK_DISABLED"]?.lowercased() == "true" { return nil }
        if let chosen = environment["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? environment["OTEL_EXPORTER_OTLP_PROTOCOL"],
            chosen != "http/protobuf"
        {
            throw ValidationError(
                "tracing: OTLP protocol '\(chosen)' is not supported; Switchboard exports OTLP/HTTP with protobuf (unset OTEL_EXPORTER_OTLP_PROTOCOL or set it to http/protobuf)"
            )
        }
        var configuration = OTel.Configuration.default
        configuration.serviceName = serviceName
        // The exporter's own diagnostics go through the process's log format, not a second stderr format.
        configuration.diagnosticLogger = .custom(Logger(label: "switchboard.tracing"))
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        do {
            return try OTel.bootstrap(configuration: configuration, environment: environment)
        } catch {
            throw ValidationError("tracing: the OpenTelemetry configuration (OTEL_* variables) is not usable: \(error)")
        }
    }
}
