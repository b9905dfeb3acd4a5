/**
 * Assembles the two bundles with Node alone, from the policies that ship and the prebuilt WASM:
 *
 *   transit-guard.tar.gz       the Rego bundle for OPA servers: data.json, the modules and the
 *                              `.manifest`, laid out as opa build lays them out (tar.ts)
 *   transit-guard.wasm.tar.gz  the prebuilt bundle/transit-guard.wasm.tar.gz (policies compiled
 *                              to WASM by npm run build), as it is
 *
 * Both carry the WASM bundle's manifest (revision, roots, rego_version and the rule catalog; the
 * Rego bundle's without the `wasm` resolvers), and both are signed here when a key is given
 * (sign.ts), as opa build --signing-key signs. Compiling WASM needs opa; nothing else does, so
 * `transit-guard bundle` works from an installed package. The prebuilt WASM must have been built
 * from the same sources: its revision is compared with the one the shipped policies give, and a
 * difference (policies edited since npm run build) is a StaleWasmBundle error.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { readBundle } from "../engine/tarball.ts";
import { packagePath } from "../package-root.ts";
import { type Manifest, packageInfo, policiesDir, revisionOf, sourceFiles } from "./files.ts";
import { encodeJson, JsonNumber, type JsonValue, parseJson } from "./json-hash.ts";
import { signEntries, signingKey } from "./sign.ts";
import { bundleArchive } from "./tar.ts";

/** File names of the built bundles inside the output folder. */
export const bundleFiles = { rego: "transit-guard.tar.gz", wasm: "transit-guard.wasm.tar.gz" } as const;

/** The prebuilt WASM bundle that ships (npm run build). */
const shippedWasmBundle = packagePath("bundle", bundleFiles.wasm);

/** Signing settings. */
export interface SigningOptions {
  /** PEM private key file (RSA or EC). */
  key: string;
  /** JWS algorithm; default RS256. */
  algorithm?: string;
}

/** One bundle, assembled in memory. */
export interface AssembledBundle {
  target: "rego" | "wasm";
  /** The file name inside the output folder. */
  name: string;
  bytes: Buffer;
  signed: boolean;
}

/** The WASM bundle was built from other policies than the ones beside it. */
export class StaleWasmBundle extends Error {
  constructor(
    readonly bundle: string,
    readonly bundleRevision: string,
    readonly sourcesRevision: string,
  ) {
    super(
      `${bundle} was built from other policies (revision ${bundleRevision}) than ${policiesDir} (revision ${sourcesRevision}): ` +
        "run npm run build to compile them to WASM (in a repository checkout, with the pinned opa of npm run tools), or reinstall the package",
    );
    this.name = "StaleWasmBundle";
  }
}

/** The revision of the shipped policies (the pack version plus a digest of the files). */
export function sourcesRevision(from = policiesDir): string {
  return revisionOf(packageInfo().version, from, sourceFiles(from));
}

const asMap = (value: JsonValue | undefined): Map<string, JsonValue> | undefined => (value instanceof Map ? value : undefined);

/** Merges data at a path into a tree of Maps, as OPA merges a bundle's data files. */
function mergeAt(root: Map<string, JsonValue>, at: string[], value: JsonValue, file: string): void {
  let node = root;
  for (const key of at) {
    const next = asMap(node.get(key)) ?? new Map<string, JsonValue>();
    if (node.has(key) && !(node.get(key) instanceof Map)) throw new Error(`${file}: its data collides with other data at ${at.join(".")}`);
    node.set(key, next);
    node = next;
  }
  const object = asMap(value);
  if (!object) {
    if (at.length === 0) throw new Error(`${file}: the data at the root must be an object`);
    throw new Error(`${file}: a data.json must hold an object`);
  }
  for (const [key, item] of object) {
    const existing = node.get(key);
    if (existing instanceof Map && item instanceof Map) mergeAt(node, [key], item, file);
    else if (existing !== undefined) throw new Error(`${file}: its data collides with other data at ${[...at, key].join(".")}`);
    else node.set(key, item);
  }
}

/**
 * The Rego bundle's `.manifest` as OPA writes it (json.Encoder of Go's Manifest struct): its
 * fields in declaration order, the maps and lists inside with sorted keys.
 */
function manifestBytes(manifest: Map<string, JsonValue>): Buffer {
  const fields = ["revision", "roots", "rego_version", "file_rego_versions", "metadata"];
  const unknown = [...manifest.keys()].filter((key) => !fields.includes(key));
  if (unknown.length > 0) throw new Error(`the WASM bundle's .manifest has fields this build does not write: ${unknown.join(", ")}`);
  const parts = fields.filter((key) => manifest.has(key)).map((key) => `"${key}":${encodeJson(manifest.get(key)!, true)}`);
  return Buffer.from(`{${parts.join(",")}}\n`); // json.Encoder ends it with a newline
}

/** Plain JavaScript of a parsed value (for the typed manifest the caller reports). */
function plain(value: JsonValue): unknown {
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof JsonNumber) return Number(value.literal);
  return value;
}

/** The WASM bundle's bytes, entries, manifest and the revision its manifest names. */
function wasmBundle(file: string): { bytes: Buffer; entries: Map<string, Buffer>; manifest: Map<string, JsonValue>; revision: string } {
  const bytes = readSource(file);
  const entries = readBundle(file, bytes);
  if (entries.has(".signatures.json")) throw new Error(`${file} is signed: give the unsigned WASM bundle (it is signed anew with --signing-key)`);
  const raw = entries.get(".manifest");
  if (!raw || !entries.has("policy.wasm")) throw new Error(`${file} is not a WASM bundle (no .manifest or policy.wasm)`);
  const manifest = asMap(parseJson(raw));
  const revision = manifest?.get("revision");
  if (!manifest || typeof revision !== "string") throw new Error(`${file}: its .manifest has no revision`);
  return { bytes, entries, manifest, revision };
}

/** The Rego bundle's entries: data.json (every data file merged at its folder), the modules, .manifest. */
function regoEntries(from: string, files: string[], manifest: Map<string, JsonValue>): Map<string, Buffer> {
  const data = new Map<string, JsonValue>();
  const modules = new Map<string, Buffer>();
  for (const file of files) {
    const bytes = readSource(path.join(from, file));
    if (path.posix.basename(file) === "data.json") {
      let value: JsonValue;
      try {
        value = parseJson(bytes);
      } catch (error) {
        throw new Error(`${path.join(from, file)}: ${(error as Error).message}`, { cause: error });
      }
      const dir = path.posix.dirname(file);
      mergeAt(data, dir === "." ? [] : dir.split("/"), value, path.join(from, file));
    } else {
      modules.set(file, bytes);
    }
  }
  const rego = new Map(manifest);
  rego.delete("wasm");
  // json.Encoder: compact, HTML escaped, a newline at the end.
  return new Map([["data.json", Buffer.from(`${encodeJson(data, true)}\n`)], ...modules, [".manifest", manifestBytes(rego)]]);
}

function readSource(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
}

/**
 * Assembles both bundles in memory (nothing is written): the Rego bundle from the policies in
 * `from` (default: the package's policies/), the WASM bundle from `wasm` (default: the prebuilt
 * one), both signed with `signing` when given. Returns the shared manifest and the bundles.
 */
export function assembleBundles(
  options: { signing?: SigningOptions; wasm?: string; from?: string } = {},
): { manifest: Manifest; bundles: AssembledBundle[] } {
  const from = options.from ?? policiesDir;
  const algorithm = options.signing?.algorithm ?? "RS256";
  const key = options.signing ? signingKey(readSource(options.signing.key), algorithm, options.signing.key) : undefined;
  const wasmFile = options.wasm ?? shippedWasmBundle;
  const wasm = wasmBundle(wasmFile);
  // The prebuilt WASM must come from these sources (the files listed once, for both uses).
  const files = sourceFiles(from);
  const expected = revisionOf(packageInfo().version, from, files);
  if (wasm.revision !== expected) throw new StaleWasmBundle(wasmFile, wasm.revision, expected);
  const rego = regoEntries(from, files, wasm.manifest);
  const sign = (entries: Map<string, Buffer>) => (key ? signEntries(entries, key, algorithm) : entries);
  const manifest = plain(wasm.manifest) as Manifest & { wasm?: unknown };
  delete manifest.wasm;
  return {
    manifest,
    bundles: [
      { target: "rego", name: bundleFiles.rego, bytes: bundleArchive(sign(rego)), signed: Boolean(key) },
      // Unsigned, the prebuilt bundle's own bytes (opa build's archive); signed, its files again with the signature.
      { target: "wasm", name: bundleFiles.wasm, bytes: key ? bundleArchive(sign(wasm.entries)) : wasm.bytes, signed: Boolean(key) },
    ],
  };
}

/**
 * Writes assembled bundles into `outDir` (created if needed). When writing fails, what this call
 * created is removed again, so a failed build leaves nothing behind. Returns the files written.
 */
export function writeBundles(outDir: string, bundles: AssembledBundle[]): string[] {
  const created = mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  try {
    for (const bundle of bundles) {
      const file = path.join(outDir, bundle.name);
      writeFileSync(file, bundle.bytes);
      written.push(file);
    }
    return written;
  } catch (error) {
    if (created !== undefined) rmSync(created, { recursive: true, force: true });
    else for (const file of written) rmSync(file, { force: true });
    throw error;
  }
}
