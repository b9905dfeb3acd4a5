/**
 * Builds bundle/transit-guard.wasm.tar.gz with the pinned OPA: the policies compiled to WASM with
 * explicit entrypoints and the WASM capabilities, so an unsupported builtin fails the build. It is
 * the same build as `transit-guard bundle` (tooling/opa-bundle/build.ts: staged sources, one
 * `.manifest` with revision and rule catalog). OPA writes the tarball deterministically, so a
 * rebuild is compared byte for byte (--check).
 *
 * Usage: tsx tooling/build/wasm-bundle.ts [--check]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { buildWasmFromStaged } from "../opa-bundle/build.ts";
import { stageSources } from "../opa-bundle/sources.ts";
import { repoRoot } from "./paths.ts";

export { entrypoints } from "../opa-bundle/build.ts";

/** The committed WASM bundle. */
export const wasmBundle = path.join(repoRoot, "bundle/transit-guard.wasm.tar.gz");

/** Flags every opa command uses to read the policies without their fixtures. */
export const policyArgs = ["--ignore", "fixtures", "policies"];

/** Builds the WASM bundle into the given file. */
export function buildWasmBundle(output: string): void {
  const staged = stageSources();
  try {
    buildWasmFromStaged(staged, output);
  } finally {
    staged.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--check")) {
    const dir = mkdtempSync(path.join(tmpdir(), "transit-guard-build-"));
    try {
      const fresh = path.join(dir, "bundle.tar.gz");
      buildWasmBundle(fresh);
      if (!readFileSync(fresh).equals(readFileSync(wasmBundle))) {
        console.error("bundle/transit-guard.wasm.tar.gz is stale: run npm run build and commit it");
        process.exitCode = 1;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    buildWasmBundle(wasmBundle);
  }
}
