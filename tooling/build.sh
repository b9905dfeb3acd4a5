#!/usr/bin/env bash
# Regenerates every generated file: the WASM capabilities and the WASM bundle.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tooling/install-tools.sh
npx tsx tooling/build/capabilities.ts
npx tsx tooling/build/bundle.ts
