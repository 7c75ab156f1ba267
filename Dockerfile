# syntax=docker/dockerfile:1
# Switchboard container image: `switchboard` (ingress, worker, topics, rules, outcomes, version) on a slim Debian
# runtime. Only the production executable is built and copied; the developer tooling (`switchboard-dev`) is not.
#
#   docker build -t switchboard:0.1.0 .
#   docker run --rm switchboard:0.1.0 version
#
# The binary compiles against Debian bookworm's librdkafka-dev (2.0.2) and runs with a current librdkafka of the
# same soname (librdkafka.so.1): 2.0.2 revokes every partition of every worker on a cooperative rebalance
# (README, "librdkafka"). The current library is the one `scripts/test` runs the suite with: the shared
# library inside PyPI's confluent-kafka wheel (OpenSSL linked in; it finds the system's CA certificates).

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

# ---- current librdkafka ------------------------------------------------------------------------------------
FROM debian:bookworm-slim AS librdkafka
ARG LIBRDKAFKA_WHEEL=confluent-kafka==2.16.1
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip unzip ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN python3 -m pip download --no-deps --only-binary=:all: --python-version 3.11 \
        --platform "manylinux_2_28_$(uname -m)" -d /wheel "$LIBRDKAFKA_WHEEL" \
    && unzip -j /wheel/*.whl 'confluent_kafka.libs/librdkafka-*' -d /out \
    && mv /out/librdkafka-*.so.1 /out/librdkafka.so.1

# ---- runtime -----------------------------------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: TLS to Graph, Entra ID and the brokers; tzdata: time windows of the routing rules.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin switchboard
# Found by file name through LD_LIBRARY_PATH, as in `scripts/test` (the wheel's copy carries its own soname, which
# ldconfig would index it under). `switchboard version` and /readyz report the release loaded.
COPY --from=librdkafka /out/librdkafka.so.1 /usr/local/lib/switchboard/librdkafka.so.1
ENV LD_LIBRARY_PATH=/usr/local/lib/switchboard
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
