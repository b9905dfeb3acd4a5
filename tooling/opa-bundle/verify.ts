/**
 * Verifies a signed OPA bundle as OPA does before it activates one (v1/bundle/verify.go and the
 * bundle reader): `.signatures.json` holds exactly one JWT; its signature verifies with the given
 * public key and algorithm; its `scope` claim equals the expected scope; every file of the bundle
 * is listed in the JWT's `files` with a matching digest (json-hash.ts), and every listed file is
 * present. Anything else refuses the bundle: nothing is loaded from a bundle that fails.
 *
 * The algorithm comes from the caller, never from the token's header (as OPA takes it from its
 * key configuration); a header naming another algorithm is refused outright.
 */
import { constants, createPublicKey, KeyObject, verify } from "node:crypto";

import { EngineError } from "../errors.ts";
import { bundleFileDigest } from "./json-hash.ts";

/** How to verify a signed bundle. */
export interface VerificationOptions {
  /** The public key (PEM: SPKI, PKCS#1 or an X.509 certificate), or a KeyObject. */
  key: string | Buffer | KeyObject;
  /** The JWS algorithm the bundle was signed with. Default RS256, as opa build. */
  algorithm?: string;
  /** The `scope` claim the signature must carry. Default "" (opa build signs without one). */
  scope?: string;
}

/** What a verified bundle's signature says. */
export interface VerifiedBundle {
  /** The files the signature covers, every one present and matching. */
  files: string[];
  algorithm: string;
  /** The key ID in the token (header kid, else the deprecated keyid claim), if any. */
  keyId?: string;
}

/** A bundle that cannot be verified: it must not be used. One line, naming the bundle. */
class BundleVerificationError extends EngineError {
  constructor(bundle: string, reason: string) {
    super(`bundle ${bundle} cannot be verified: ${reason}`);
    this.name = "BundleVerificationError";
  }
}

interface Algorithm {
  hash: string;
  key: "rsa" | "ec";
  padding?: number;
  dsaEncoding?: "ieee-p1363";
}

/** The asymmetric JWS algorithms OPA signs bundles with (HMAC secrets are not public keys). */
export const signingAlgorithms: Readonly<Record<string, Algorithm>> = {
  RS256: { hash: "sha256", key: "rsa", padding: constants.RSA_PKCS1_PADDING },
  RS384: { hash: "sha384", key: "rsa", padding: constants.RSA_PKCS1_PADDING },
  RS512: { hash: "sha512", key: "rsa", padding: constants.RSA_PKCS1_PADDING },
  PS256: { hash: "sha256", key: "rsa", padding: constants.RSA_PKCS1_PSS_PADDING },
  PS384: { hash: "sha384", key: "rsa", padding: constants.RSA_PKCS1_PSS_PADDING },
  PS512: { hash: "sha512", key: "rsa", padding: constants.RSA_PKCS1_PSS_PADDING },
  ES256: { hash: "sha256", key: "ec", dsaEncoding: "ieee-p1363" },
  ES384: { hash: "sha384", key: "ec", dsaEncoding: "ieee-p1363" },
  ES512: { hash: "sha512", key: "ec", dsaEncoding: "ieee-p1363" },
};

/** Whether a bundle carries a signature (a `.signatures.json` anywhere, as OPA looks for it). */
export function isSigned(entries: Map<string, Buffer>): boolean {
  return [...entries.keys()].some(isSignaturesFile);
}

function isSignaturesFile(name: string): boolean {
  return name === ".signatures.json" || name.endsWith("/.signatures.json");
}

interface FileInfo {
  name: string;
  hash: string;
  algorithm: string;
}

function decodeSegment(segment: string, what: string, fail: (reason: string) => never): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) fail(`the JWT ${what} is not base64url`);
  return Buffer.from(segment, "base64url");
}

function parseObject(bytes: Buffer, what: string, fail: (reason: string) => never): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return fail(`the ${what} is not JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function isFileInfo(value: unknown): value is FileInfo {
  const file = value as Partial<FileInfo> | null;
  return (
    typeof file === "object" &&
    file !== null &&
    typeof file.name === "string" &&
    typeof file.hash === "string" &&
    typeof file.algorithm === "string"
  );
}

/**
 * Verifies the entries of a bundle (paths without the leading "/"). Returns what the signature
 * covers; throws a BundleVerificationError naming `bundle` when anything does not verify.
 */
export function verifyBundle(
  entries: Map<string, Buffer>,
  options: VerificationOptions,
  bundle: string,
): VerifiedBundle {
  const fail = (reason: string): never => {
    throw new BundleVerificationError(bundle, reason);
  };
  const algorithmName = options.algorithm ?? "RS256";
  const algorithm = signingAlgorithms[algorithmName];
  if (!algorithm) fail(`unsupported signing algorithm ${algorithmName} (use one of ${Object.keys(signingAlgorithms).join(", ")})`);
  let key: KeyObject;
  try {
    key = options.key instanceof KeyObject ? options.key : createPublicKey(options.key);
  } catch {
    return fail("the verification key is not a PEM public key or certificate");
  }
  const keyType = key.asymmetricKeyType === "rsa-pss" ? "rsa" : key.asymmetricKeyType;
  if (keyType !== algorithm!.key) {
    fail(`the verification key is ${key.asymmetricKeyType ?? "not asymmetric"}, ${algorithmName} needs ${algorithm!.key}`);
  }

  const signatureFiles = [...entries.keys()].filter(isSignaturesFile);
  if (signatureFiles.length === 0) fail("it is not signed (no .signatures.json)");
  if (signatureFiles.length > 1) fail(`it holds ${signatureFiles.length} signatures files`);
  const signatures = parseObject(entries.get(signatureFiles[0]!)!, ".signatures.json", fail);
  if (signatures.plugin !== undefined && signatures.plugin !== "" && signatures.plugin !== "_default") {
    fail(`signature plugin ${JSON.stringify(signatures.plugin)} is not supported`);
  }
  const tokens = signatures.signatures;
  if (!Array.isArray(tokens) || tokens.length !== 1 || typeof tokens[0] !== "string") {
    fail(".signatures.json must hold exactly one JWT");
  }
  const parts = (tokens as string[])[0]!.split(".");
  if (parts.length !== 3) fail("the signature is not a compact JWT");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseObject(decodeSegment(headerPart, "header", fail), "JWT header", fail);
  if (header.alg !== algorithmName) fail(`the JWT is signed with ${String(header.alg)}, expected ${algorithmName}`);
  const signature = decodeSegment(signaturePart, "signature", fail);
  let valid: boolean;
  try {
    valid = verify(
      algorithm!.hash,
      Buffer.from(`${headerPart}.${payloadPart}`, "ascii"),
      {
        key,
        padding: algorithm!.padding,
        saltLength: algorithm!.padding === constants.RSA_PKCS1_PSS_PADDING ? constants.RSA_PSS_SALTLEN_DIGEST : undefined,
        dsaEncoding: algorithm!.dsaEncoding,
      },
      signature,
    );
  } catch {
    valid = false;
  }
  if (!valid) fail("the signature does not verify with the given key");

  const payload = parseObject(decodeSegment(payloadPart, "payload", fail), "JWT payload", fail);
  const scope = payload.scope ?? "";
  if (scope !== (options.scope ?? "")) fail(`scope mismatch (the signature has ${JSON.stringify(scope)})`);
  if (!Array.isArray(payload.files) || !payload.files.every(isFileInfo)) fail("the JWT payload has no valid files list");
  const listed = new Map<string, FileInfo>();
  for (const file of payload.files as FileInfo[]) listed.set(file.name, file);

  const covered: string[] = [];
  for (const [name, bytes] of entries) {
    if (isSignaturesFile(name)) continue;
    const file = listed.get(name);
    if (!file) fail(`${name} is not covered by the signature`);
    let digest: string;
    try {
      digest = bundleFileDigest(name, bytes, file!.algorithm);
    } catch (error) {
      return fail(`${name}: ${(error as Error).message}`);
    }
    if (digest !== file!.hash.toLowerCase()) fail(`${name}: digest mismatch (the file was changed after signing)`);
    listed.delete(name);
    covered.push(name);
  }
  if (listed.size > 0) fail(`signed file(s) missing from the bundle: ${[...listed.keys()].join(", ")}`);
  const keyId = typeof header.kid === "string" ? header.kid : typeof payload.keyid === "string" ? payload.keyid : undefined;
  return { files: covered.sort(), algorithm: algorithmName, ...(keyId === undefined ? {} : { keyId }) };
}
