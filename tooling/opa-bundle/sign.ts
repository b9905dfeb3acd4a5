/**
 * Signs a bundle's files as `opa build --signing-key` does (v1/bundle/sign.go and
 * Bundle.GenerateSignature): a JWS whose payload lists every file with the hex SHA-256 digest of
 * its content (data.json and `.manifest` in OPA's normalised JSON form, json-hash.ts), the
 * modules first in archive order, then data.json, policy.wasm and `.manifest`; the protected header
 * names the algorithm, key ID `default` and type JWT, and the payload repeats the key ID (OPA's
 * deprecated `keyid` claim). The token goes into `.signatures.json`, which OPA writes before the
 * `.manifest`. RS* signatures are deterministic (PKCS#1 v1.5), so the same files and key give the
 * bytes opa build gives; PS* and ES* are randomised by design.
 */
import { constants, createPrivateKey, type KeyObject, sign } from "node:crypto";

import { bundleFileDigest, encodeJson } from "./json-hash.ts";
import { signingAlgorithms } from "./verify.ts";

/** The key ID opa build puts in the token when none is given. */
const defaultKeyId = "default";

/** The curve each ES* algorithm signs with (JWA, RFC 7518 §3.4). */
const curves: Readonly<Record<string, string>> = { ES256: "prime256v1", ES384: "secp384r1", ES512: "secp521r1" };

/** The files a bundle signature lists, in the order opa build lists them. */
function signedOrder(names: string[]): string[] {
  const last = ["data.json", "policy.wasm", ".manifest"];
  return [...names.filter((name) => !last.includes(name) && name !== ".signatures.json"), ...last.filter((name) => names.includes(name))];
}

/** The private key of a PEM, checked against the algorithm; throws a one-line Error. */
export function signingKey(pem: string | Buffer, algorithm: string, file: string): KeyObject {
  const spec = signingAlgorithms[algorithm];
  if (!spec) throw new Error(`unsupported signing algorithm ${algorithm} (use one of ${Object.keys(signingAlgorithms).join(", ")})`);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new Error(`${file}: not a PEM private key`);
  }
  const type = key.asymmetricKeyType === "rsa-pss" ? "rsa" : key.asymmetricKeyType;
  if (type !== spec.key) throw new Error(`${file}: the key is ${key.asymmetricKeyType ?? "not asymmetric"}, ${algorithm} needs ${spec.key}`);
  const curve = curves[algorithm];
  if (curve && key.asymmetricKeyDetails?.namedCurve !== curve) {
    throw new Error(`${file}: ${algorithm} needs an EC key on ${curve}, this one is on ${key.asymmetricKeyDetails?.namedCurve ?? "another curve"}`);
  }
  return key;
}

const base64url = (bytes: string | Buffer) => Buffer.from(bytes).toString("base64url");

/**
 * The entries of a signed bundle: `entries` (without any `.signatures.json` they had) with a new
 * `.signatures.json` before `.manifest`, as opa build lays them out.
 */
export function signEntries(entries: Map<string, Buffer>, key: KeyObject, algorithm: string): Map<string, Buffer> {
  const spec = signingAlgorithms[algorithm];
  if (!spec) throw new Error(`unsupported signing algorithm ${algorithm}`);
  const names = [...entries.keys()].filter((name) => name !== ".signatures.json");
  // FileInfo is a Go struct: its fields in declaration order, not sorted.
  const files = signedOrder(names).map(
    (name) => `{"name":${encodeJson(name, true)},"hash":"${bundleFileDigest(name, entries.get(name)!, "SHA-256")}","algorithm":"SHA-256"}`,
  );
  const header = `{"alg":${JSON.stringify(algorithm)},"kid":"${defaultKeyId}","typ":"JWT"}`;
  const payload = `{"files":[${files.join(",")}],"keyid":"${defaultKeyId}"}`;
  const input = `${base64url(header)}.${base64url(payload)}`;
  const signature = sign(spec.hash, Buffer.from(input, "ascii"), {
    key,
    padding: spec.padding,
    saltLength: spec.padding === constants.RSA_PKCS1_PSS_PADDING ? constants.RSA_PSS_SALTLEN_DIGEST : undefined,
    dsaEncoding: spec.dsaEncoding,
  });
  const token = `${input}.${base64url(signature)}`;
  // json.MarshalIndent(SignaturesConfig, "", " "), as OPA writes the file.
  const signatures = Buffer.from(`{\n "signatures": [\n  "${token}"\n ],\n "plugin": "_default"\n}`);
  const signed = new Map<string, Buffer>();
  for (const name of names) {
    if (name === ".manifest") signed.set(".signatures.json", signatures);
    signed.set(name, entries.get(name)!);
  }
  if (!signed.has(".signatures.json")) signed.set(".signatures.json", signatures);
  return signed;
}
