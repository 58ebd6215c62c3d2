# credsweep as a static, non-root image: build with CGO disabled (the SQLite
# driver is pure Go), run on distroless/static (CA certificates, tzdata, a
# nonroot user, no shell).
#
#   docker build -t registry.example.no/credsweep:1.0.0 .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
# go.mod replaces go-smb2 with the copy in third_party (DFS referrals).
COPY third_party ./third_party
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" \
    -o /out/credsweep ./cmd/credsweep

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/credsweep /usr/local/bin/credsweep
# 65532 is distroless's nonroot: the manifests run as it, read-only root.
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/credsweep"]
