#!/usr/bin/env bash
# The one test command (npm test): installs the pinned OPA toolchain when missing, then runs every
# check. Each step runs even when an earlier one failed; the run fails if any step failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/.tools/bin:$PWD/node_modules/.bin:$PATH"

if [[ ! -d node_modules ]]; then
  npm ci --no-audit --no-fund || { echo "test: npm ci failed" >&2; exit 2; }
fi
bash tooling/install-tools.sh || { echo "test: could not install the pinned OPA toolchain" >&2; exit 2; }

# Every step gets a temp folder of this run's own, which must be empty at the end: tests and
# tools clean up after themselves, and whatever they forget is removed with the folder.
suite_tmp="$(mktemp -d "${TMPDIR:-/tmp}/tg-test-XXXXXX")"
export TMPDIR="$suite_tmp"
trap 'rm -rf "$suite_tmp"' EXIT

caps=tooling/opa/capabilities.json
passed=0
failed=()
step() {
  local name="$1"; shift
  echo "── $name"
  if "$@"; then passed=$((passed + 1)); else failed+=("$name"); echo "✗ $name failed" >&2; fi
}

step "opa fmt --fail" opa fmt --fail --list policies
step "opa check --strict (WASM capabilities)" opa check --strict --capabilities "$caps" --ignore fixtures policies
step "opa test --coverage (>= 90%)" tsx tooling/build/coverage.ts 90
step "regal lint (with the custom rule-metadata rule)" regal lint --format compact policies
step "regal test (custom Regal rules)" regal test .regal/rules
# Today's largest import closure (a job rule reads every input format's adapter); it may shrink, not grow.
step "rule import closures (<= 17 files)" tsx tooling/build/closure.ts --max 17
step "capabilities are fresh" tsx tooling/build/capabilities.ts --check
step "bundle/ is fresh" tsx tooling/build/wasm-bundle.ts --check
step "rule catalog and docs are fresh" tsx tooling/build/catalog.ts --check
step "bundle/cli.mjs is fresh" tsx tooling/build/cli.ts --check
step "action/dist is fresh (the GitHub Action and the standalone CLI)" tsx tooling/build/action.ts --check
step "actionlint (action.yml, examples/ci/github-actions.yml)" actionlint -no-color examples/ci/github-actions.yml
step "gatekeeper templates are fresh" tsx tooling/gatekeeper/generate.ts --check
step "tsc --noEmit" tsc --noEmit -p tsconfig.json
step "eslint (typescript-eslint, sorted imports)" eslint --max-warnings 0 .
step "knip (unused exports and dependencies)" knip --no-progress
step "vitest" vitest run
# (tsx keeps its compile cache there, tsx-<uid>: a cache, not something a test left)
step "nothing left in the temp folder" bash -c 'left="$(ls -A "$TMPDIR" | grep -v "^tsx-")"; [[ -z "$left" ]] || { echo "left in the temp folder: $left" >&2; exit 1; }'

echo
if ((${#failed[@]} > 0)); then
  printf 'failed step: %s\n' "${failed[@]}"
fi
echo "steps: $passed passed, ${#failed[@]} failed"
((${#failed[@]} == 0))
