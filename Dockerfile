# syntax=docker/dockerfile:1
# Switchboard container image: `switchboard` (ingress, worker, topics, ...) on a slim Debian runtime.
#
#   docker build -t switchboard:0.1.0 .
#   docker run --rm switchboard:0.1.0 version
#
# Build and runtime use the same Debian release (bookworm), so the librdkafka the binary is compiled against
# (librdkafka-dev 2.0.2) is the one it runs with (librdkafka1 2.0.2).

# ---- build -------------------------------------------------------------------------------------------------
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so a source change reuses the resolved checkouts.
COPY Package.swift Package.resolved* ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
# The Swift runtime is linked statically; SwiftPM resource bundles (*.resources) must sit next to the binary.
RUN swift build -c release --product switchboard --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && mkdir -p /staging \
    && cp "$bin/switchboard" /staging/ \
    && find "$bin" -maxdepth 1 -name '*.resources' -exec cp -R {} /staging/ \;

# ---- runtime -----------------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# librdkafka1: Kafka client; ca-certificates: TLS to Graph, Entra ID and the brokers; tzdata: time windows of
# the routing rules.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends librdkafka1 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin switchboard
COPY --from=build /staging/ /usr/local/bin/
# The topic declarations travel with the binary, so `switchboard topics apply|check` runs from the image
# (for example as a Kubernetes Job) against the same declarations the release was built with.
COPY topics /usr/share/switchboard/topics
ENV SWITCHBOARD_TOPICS_DIR=/usr/share/switchboard/topics
# Numeric, so Kubernetes can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080 8081
ENTRYPOINT ["/usr/local/bin/switchboard"]
CMD ["--help"]
