# syntax=docker/dockerfile:1
#
# ghosted: one static binary in a distroless, non-root image.
#
#   docker build --build-arg VERSION="$(git describe --tags --always --dirty)" -t ghosted .
#   docker run --rm ghosted version
#
# Deploy guide (Compose, Kubernetes, plain binary): deploy/README.md.

# ---- build -------------------------------------------------------------------
# The tag must satisfy go.mod's `go` line (1.26.8): GOTOOLCHAIN=local makes a
# mismatch fail loudly instead of downloading another toolchain mid-build.
# The build stage runs on the builder's own platform and cross-compiles for
# the target one, so multi-arch builds (buildx --platform linux/amd64,linux/arm64)
# need no emulation.
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build

ENV GOTOOLCHAIN=local \
    GOFLAGS=-mod=readonly
WORKDIR /src

# Modules first, in their own layer: it is rebuilt only when go.mod or go.sum
# change, not on every source edit.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .

ARG VERSION=dev
ARG TARGETOS
ARG TARGETARCH
# CGO_ENABLED=0: a static binary that needs no libc in the final image.
# -trimpath: no build paths in the binary. -s -w: no symbol table or DWARF.
# The cache mount keeps Go's build cache between builds (BuildKit).
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS:-linux} GOARCH=${TARGETARCH} \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/ghosted ./cmd/ghosted

# ---- run ---------------------------------------------------------------------
# distroless/static: no shell, no package manager, only CA certificates,
# tzdata, /etc/passwd with the `nonroot` user (65532) and the binary. That is
# all a static Go binary speaking TLS to Slack, the LLM and Redis needs, and
# it leaves nothing to exploit or patch besides ghosted itself. The cost: no
# shell for `docker exec` and no curl for a HEALTHCHECK; probe /healthz from
# outside (Kubernetes probes do). Pin by digest (…:nonroot@sha256:…) if your
# policy requires it.
FROM gcr.io/distroless/static-debian12:nonroot

ARG VERSION=dev
LABEL org.opencontainers.image.title="ghosted" \
      org.opencontainers.image.description="A Slack coach for deals that went quiet (Socket Mode bot)" \
      org.opencontainers.image.source="https://github.com/ghosted-bot/ghosted" \
      org.opencontainers.image.documentation="https://github.com/ghosted-bot/ghosted/blob/main/deploy/README.md" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.base.name="gcr.io/distroless/static-debian12:nonroot"

COPY --from=build /out/ghosted /ghosted

# Numeric, so Kubernetes' runAsNonRoot can verify it without /etc/passwd.
USER 65532:65532
# HTTP_ADDR's default: /healthz, /readyz (and /metrics). Slack needs no
# inbound port: Socket Mode dials out.
EXPOSE 8080
ENTRYPOINT ["/ghosted"]
CMD ["serve"]
