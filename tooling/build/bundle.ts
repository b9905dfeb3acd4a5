/**
 * Builds bundle/transit-guard.wasm.tar.gz with the pinned OPA: the policies compiled to WASM with
 * explicit entrypoints and the WASM capabilities, so an unsupported builtin fails the build. OPA
 * writes the tarball deterministically, so a rebuild is compared byte for byte (--check).
 *
 * Usage: tsx tooling/build/bundle.ts [--check]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { capabilitiesFile } from "./capabilities.ts";
import { repoRoot, toolPath } from "./paths.ts";

/** The compiled entrypoints, in the order the WASM module numbers them. */
export const entrypoints = [
  "transit_guard/main/decision",
  "transit_guard/main/deny",
  "transit_guard/main/warn",
  "transit_guard/main/document_kind",
  "transit_guard/main/projection",
];

/** The committed WASM bundle. */
export const wasmBundle = path.join(repoRoot, "bundle/transit-guard.wasm.tar.gz");

/** Flags every opa command uses to read the policies without their fixtures. */
export const policyArgs = ["--ignore", "fixtures", "policies"];

/** The policies as bundled: without fixtures and without their tests. */
export const bundleArgs = ["--ignore", "fixtures", "--ignore", "*_test.rego", "policies"];

/** Builds the WASM bundle into the given file. */
export function buildWasmBundle(output: string): void {
  execFileSync(
    toolPath("opa"),
    [
      "build",
      "--target", "wasm",
      "--capabilities", capabilitiesFile,
      ...entrypoints.flatMap((e) => ["--entrypoint", e]),
      "--output", output,
      ...bundleArgs,
    ],
    { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] },
  );
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
