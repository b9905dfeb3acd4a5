#!/usr/bin/env bash
# Installs the pinned OPA toolchain (opa, conftest, regal, Gatekeeper's gator) into .tools/bin from the Go module proxy.
# Versions and checksums live in tooling/go/<tool>/go.mod and go.sum (one module per tool, so each is
# built with exactly its own dependency graph). A tool is rebuilt only when its go.mod/go.sum change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
mkdir -p "$bin"
if ! command -v go >/dev/null 2>&1; then
  echo "install-tools: Go is required to build opa, conftest, regal and gator (https://go.dev/doc/install)" >&2
  exit 2
fi
for dir in "$root"/tooling/go/*/; do
  tool="$(basename "$dir")"
  module="$(sed -n 's/^tool //p' "$dir/go.mod")"
  stamp="$bin/.$tool.stamp"
  want="$(cat "$dir/go.mod" "$dir/go.sum" | sha256sum | cut -d' ' -f1)"
  if [[ -x "$bin/$tool" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    continue
  fi
  echo "install-tools: building $tool ($module) into .tools/bin" >&2
  (cd "$dir" && GOFLAGS=-mod=readonly go build -trimpath -o "$bin/$tool" "$module")
  echo "$want" > "$stamp"
done
