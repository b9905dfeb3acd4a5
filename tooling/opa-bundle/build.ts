/**
 * Builds the two bundles from one staging of the sources (sources.ts) with the pinned OPA:
 *
 *   transit-guard.tar.gz       the Rego bundle for OPA servers (roots ["transit_guard"])
 *   transit-guard.wasm.tar.gz  the same policies compiled to WASM for the embedded engine
 *
 * Both carry the same `.manifest`. opa build writes archives deterministically (fixed mtimes and
 * modes, files in a fixed order), and an RS* signature is deterministic too (PKCS#1 v1.5), so the
 * same sources and key give the same bytes (PS* and ES* signatures are randomised by design).
 * Signing is delegated to opa build --signing-key, which writes `.signatures.json` exactly as
 * OPA verifies it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";

import { capabilitiesFile } from "../build/capabilities.ts";
import { toolPath } from "../build/paths.ts";
import { type Manifest, type StagedSources,stageSources } from "./sources.ts";

/** The compiled entrypoints, in the order the WASM module numbers them. */
export const entrypoints = [
  "transit_guard/main/decision",
  "transit_guard/main/deny",
  "transit_guard/main/warn",
  "transit_guard/main/document_kind",
  "transit_guard/main/projection",
  "transit_guard/main/areas",
  "transit_guard/main/part",
];

/** File names of the built bundles inside the output folder. */
export const bundleFiles = { rego: "transit-guard.tar.gz", wasm: "transit-guard.wasm.tar.gz" } as const;

/** Signing settings, passed to opa build. */
export interface SigningOptions {
  /** PEM private key file (RSA or EC). */
  key: string;
  /** JWS algorithm; default RS256. */
  algorithm?: string;
}

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
 * Builds both bundles into `outDir` from one staging of the sources. Returns what was written
 * and the manifest they share.
 */
export function buildBundles(outDir: string, signing?: SigningOptions): { manifest: Manifest; bundles: BuiltBundle[] } {
  if (signing && !existsSync(signing.key)) throw new Error(`signing key ${signing.key}: no such file`);
  mkdirSync(outDir, { recursive: true });
  const staged = stageSources();
  try {
    const rego = path.join(outDir, bundleFiles.rego);
    const wasm = path.join(outDir, bundleFiles.wasm);
    buildRegoBundle(staged, rego, signing);
    buildWasmFromStaged(staged, wasm, signing);
    return {
      manifest: staged.manifest,
      bundles: [
        { target: "rego", file: rego, signed: Boolean(signing) },
        { target: "wasm", file: wasm, signed: Boolean(signing) },
      ],
    };
  } finally {
    staged.remove();
  }
}
