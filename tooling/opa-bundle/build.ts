/**
 * The builds that need the pinned OPA: compiling the policies to WASM (npm run build writes
 * bundle/transit-guard.wasm.tar.gz with it) and opa build's own Rego bundle (the differential
 * tests compare it with the one assembled in Node). `buildBundles` is the bundle command's build
 * (assemble.ts, Node alone) for a development checkout: when policies/ changed since the WASM
 * was compiled, it compiles them first, so the bundles always match the sources.
 *
 * opa build writes archives deterministically (fixed mtimes and modes, files in a fixed order).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { capabilitiesFile } from "../build/capabilities.ts";
import { toolPath } from "../build/paths.ts";
import { assembleBundles, type AssembledBundle, bundleFiles, type SigningOptions, StaleWasmBundle, writeBundles } from "./assemble.ts";
import { type Manifest, type StagedSources, stageSources } from "./sources.ts";

export { bundleFiles, type SigningOptions } from "./assemble.ts";

/** The compiled entrypoints, in the order the WASM module numbers them. */
export const entrypoints = [
  "transit_guard/main/decision",
  "transit_guard/main/deny",
  "transit_guard/main/warn",
  "transit_guard/main/document_kind",
  "transit_guard/main/projection",
  "transit_guard/main/areas",
  "transit_guard/main/area_groups",
  "transit_guard/main/part",
];

/** One bundle as built. */
export interface BuiltBundle {
  target: "rego" | "wasm";
  file: string;
  signed: boolean;
}

/** Runs opa build on staged sources; its own output goes to stderr only on failure. */
function opaBuild(staged: StagedSources, output: string, args: string[], signing?: SigningOptions): void {
  const signArgs = signing
    ? ["--signing-key", path.resolve(signing.key), "--signing-alg", signing.algorithm ?? "RS256"]
    : [];
  try {
    execFileSync(toolPath("opa"), ["build", "--bundle", ".", "--output", path.resolve(output), ...args, ...signArgs], {
      cwd: staged.dir,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`opa build failed: ${`${stdout ?? ""}${stderr ?? ""}`.trim() || (error as Error).message}`, { cause: error });
  }
}

/** Builds the Rego bundle for OPA servers from staged sources. */
export function buildRegoBundle(staged: StagedSources, output: string, signing?: SigningOptions): void {
  opaBuild(staged, output, [], signing);
}

/** Builds the WASM bundle for the embedded engine from staged sources. */
export function buildWasmFromStaged(staged: StagedSources, output: string, signing?: SigningOptions): void {
  opaBuild(
    staged,
    output,
    ["--target", "wasm", "--capabilities", capabilitiesFile, ...entrypoints.flatMap((e) => ["--entrypoint", e])],
    signing,
  );
}

/**
 * Assembles both bundles (assemble.ts) from the sources in the package, compiling them to WASM
 * with opa first when the prebuilt WASM bundle is stale, and writes them into `outDir`. Nothing is
 * written when the build fails. Returns the manifest they share and what was written.
 */
export function buildBundles(outDir: string, signing?: SigningOptions): { manifest: Manifest; bundles: BuiltBundle[] } {
  let assembled: { manifest: Manifest; bundles: AssembledBundle[] };
  try {
    assembled = assembleBundles({ ...(signing ? { signing } : {}) });
  } catch (error) {
    if (!(error instanceof StaleWasmBundle)) throw error;
    // Both bundles from one staged copy, so that an edit to policies/ meanwhile cannot split them.
    const staged = stageSources();
    const out = mkdtempSync(path.join(tmpdir(), "transit-guard-wasm-"));
    try {
      const wasm = path.join(out, bundleFiles.wasm);
      buildWasmFromStaged(staged, wasm);
      assembled = assembleBundles({ ...(signing ? { signing } : {}), wasm, from: staged.dir });
    } finally {
      rmSync(out, { recursive: true, force: true });
      staged.remove();
    }
  }
  const files = writeBundles(outDir, assembled.bundles);
  return {
    manifest: assembled.manifest,
    bundles: assembled.bundles.map((bundle, i) => ({ target: bundle.target, file: files[i]!, signed: bundle.signed })),
  };
}
