# A static kratom-check (musl) in an image with nothing else: `docker build -t kratom-check .`,
# then `docker run --rm -i kratom-check batch < regimens.txt > records.ndjson`.
FROM rust:1-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends musl-tools \
    && rm -rf /var/lib/apt/lists/* \
    && rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY . .
RUN cargo build --release --locked --target x86_64-unknown-linux-musl --bin kratom-check

FROM scratch
COPY --from=build /src/target/x86_64-unknown-linux-musl/release/kratom-check /kratom-check
ENTRYPOINT ["/kratom-check"]
