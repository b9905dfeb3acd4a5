#!/usr/bin/env bash
# Regenerates every generated file: the WASM capabilities, the WASM bundle, and the rule catalog
# with the rules' docs (bundle/catalog.json, docs/rules/, the README table), and the prebuilt CLI
# (bundle/cli.mjs), the GitHub Action and standalone CLI (action/dist/), and the Gatekeeper
# ConstraintTemplate and Constraints (bundle/gatekeeper/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash tooling/install-tools.sh
npx tsx tooling/build/capabilities.ts
npx tsx tooling/build/wasm-bundle.ts
npx tsx tooling/build/catalog.ts
npx tsx tooling/build/cli.ts
npx tsx tooling/build/action.ts
npx tsx tooling/gatekeeper/generate.ts
