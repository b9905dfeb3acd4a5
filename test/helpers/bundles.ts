/**
 * Bundles for the suites: signing keys, signed builds in temporary folders, and tampering (a
 * plain ustar writer, so a bundle can be rewritten with one file changed).
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

import { Checker } from "../../tooling/check.ts";
import { readBundle } from "../../tooling/engine/tarball.ts";
import { buildBundles, buildWasmFromStaged, bundleFiles } from "../../tooling/opa-bundle/build.ts";
import { type Manifest, type StagedSources,stageSources } from "../../tooling/opa-bundle/sources.ts";
import type { Projection } from "../../tooling/types.ts";

/** A PEM key pair on disk. */
export interface KeyPair {
  privateKey: string;
  publicKey: string;
  /** The public key's PEM text. */
  publicPem: string;
}

/** Generates an RSA 2048 key pair into dir/<name>.key.pem and dir/<name>.pub.pem. */
export function makeKeyPair(dir: string, name: string): KeyPair {
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const files = { privateKey: path.join(dir, `${name}.key.pem`), publicKey: path.join(dir, `${name}.pub.pem`) };
  writeFileSync(files.privateKey, privateKey);
  writeFileSync(files.publicKey, publicKey);
  return { ...files, publicPem: publicKey };
}

/** Both bundles built into dir (signed with key when given). */
export interface Built {
  rego: string;
  wasm: string;
  manifest: Manifest;
}

/** Builds the Rego and WASM bundles into dir, signed with the key pair when given. */
export function buildInto(dir: string, keys?: KeyPair): Built {
  const { manifest } = buildBundles(dir, keys ? { key: keys.privateKey } : undefined);
  return { rego: path.join(dir, bundleFiles.rego), wasm: path.join(dir, bundleFiles.wasm), manifest };
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number) => block.write(value, offset, length, "utf8");
  // ustar splits a long name at a "/" into prefix (155 bytes) and name (100), as Go's writer does.
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(base) > 100) throw new Error(`tar name too long: ${name}`);
  }
  put(base, 0, 100);
  put(prefix, 345, 155);
  put("0000600\0", 100, 8);
  put("0000000\0", 108, 8);
  put("0000000\0", 116, 8);
  put(`${size.toString(8).padStart(11, "0")}\0`, 124, 12);
  put("00000000000\0", 136, 12);
  put("        ", 148, 8);
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  const sum = block.reduce((total, byte) => total + byte, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return block;
}

/** Writes entries (path without the leading "/") as a gzipped ustar archive, as OPA lays it out. */
export function writeBundle(file: string, entries: Map<string, Buffer>): void {
  const blocks: Buffer[] = [];
  for (const [name, body] of entries) {
    blocks.push(header(`/${name}`, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  writeFileSync(file, gzipSync(Buffer.concat(blocks)));
}

/** The rule module a tampering edits: the rule that denies unencrypted training jobs. */
const tamperedModule = "transit_guard/rules/encryption/training_job_encryption/training_job_encryption.rego";

/**
 * Copies a signed bundle with one module changed after signing: `not transit.encrypted(job)`
 * becomes `transit.encrypted(job)`, so that unencrypted jobs would pass (or, should the rule read
 * differently by now, a comment is appended). The signature is kept as it was.
 */
export function tamper(source: string, target: string): void {
  const entries = readBundle(source);
  const original = entries.get(tamperedModule);
  if (!original) throw new Error(`${source} has no ${tamperedModule}`);
  const text = original.toString("utf8");
  const changed = text.includes("not transit.encrypted(job)")
    ? text.replace("not transit.encrypted(job)", "transit.encrypted(job)")
    : `${text}\n# tampered\n`;
  entries.set(tamperedModule, Buffer.from(changed, "utf8"));
  writeBundle(target, entries);
}

/** The bytes of a file. */
export const bytesOf = (file: string): Buffer => readFileSync(file);

/** The sources staged as bundled, and the embedded engine on the WASM bundle built from them. */
export interface StagedEngine {
  staged: StagedSources;
  checker: Checker;
  projection: Projection;
}

/**
 * Stages the sources and builds their WASM bundle into dir, so that a suite's other engine
 * (conftest, an HCP policy set) and the CLI's engine read the same copy: an edit to policies/
 * during the run cannot split them.
 */
export async function stagedEngine(dir: string): Promise<StagedEngine> {
  const staged = stageSources();
  const wasm = path.join(dir, "transit-guard.wasm.tar.gz");
  buildWasmFromStaged(staged, wasm);
  const checker = await Checker.create({ bundle: wasm });
  const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
  return { staged, checker, projection };
}
