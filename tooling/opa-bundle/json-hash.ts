/**
 * File digests exactly as OPA computes them for bundle signatures (v1/bundle/hash.go and
 * VerifyBundleFile in verify.go): a structured file (basename data.json or .manifest) is parsed
 * and hashed in a normalised form, so that whitespace and key order do not matter; every other
 * file is hashed as its bytes.
 *
 * The normalised form is OPA's `walk`: an object is `{` then each key in byte order as a JSON
 * string, `:`, the value, separated by `,`, then `}`; an array is `[` values `,` `]`; a primitive is
 * what Go's encoding/json writes for it (HTML not escaped). OPA decodes numbers as json.Number,
 * so a number is hashed as its literal text (`1.0` stays `1.0`); JSON.parse would lose that,
 * hence the small parser here.
 */
import { createHash } from "node:crypto";

/** A JSON number, kept as the literal text that OPA hashes. */
export class JsonNumber {
  constructor(readonly literal: string) {}
}

/** A parsed JSON value: objects are Maps (a repeated key keeps its last value, as in Go). */
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

/** The hash algorithms of OPA's bundle signatures that are accepted; MD5 and SHA-1 are refused. */
const hashAlgorithms: Readonly<Record<string, string>> = {
  "SHA-224": "sha224",
  "SHA-256": "sha256",
  "SHA-384": "sha384",
  "SHA-512": "sha512",
  "SHA-512-224": "sha512-224",
  "SHA-512-256": "sha512-256",
};

/** Whether OPA hashes the file at this bundle path in the normalised JSON form. */
function isStructuredFile(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1);
  return base === "data.json" || base === ".manifest" || base === "data.yaml" || base === "data.yml";
}

/**
 * The hex digest OPA compares with the `hash` of a file in a bundle signature. Throws an Error
 * with a one-line reason when the algorithm is not accepted or a structured file is not JSON.
 */
export function bundleFileDigest(name: string, bytes: Uint8Array, algorithm: string): string {
  const node = hashAlgorithms[algorithm];
  if (!node) throw new Error(`hash algorithm ${JSON.stringify(algorithm)} is not accepted`);
  const hash = createHash(node);
  if (!isStructuredFile(name)) {
    hash.update(bytes);
  } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
    // OPA converts YAML data to JSON before hashing; this project never ships YAML data files.
    throw new Error("YAML data files are not supported by this verifier");
  } else {
    hash.update(encodeJson(parseJson(bytes)), "utf8");
  }
  return hash.digest("hex");
}

/**
 * A parsed value as Go's encoding/json writes it, compactly, with object keys in byte order (a
 * Go map): OPA's normalised form for hashing (`escapeHTML` false), and what OPA writes into a
 * bundle's data.json and `.manifest` (json.Marshal and json.Encoder escape <, > and & as \u003c, …).
 */
export function encodeJson(value: JsonValue, escapeHTML = false): string {
  if (value instanceof Map) {
    const keys = [...value.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${goString(key, escapeHTML)}:${encodeJson(value.get(key)!, escapeHTML)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map((item) => encodeJson(item, escapeHTML)).join(",")}]`;
  if (value instanceof JsonNumber) return value.literal;
  if (typeof value === "string") return goString(value, escapeHTML);
  return String(value);
}

const shortEscapes: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * A string as Go's encoding/json writes it (with SetEscapeHTML(false) unless `escapeHTML`). A
 * lone surrogate (from a `\ud800` escape) is U+FFFD, as Go's decoder makes it.
 */
function goString(value: string, escapeHTML: boolean): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) out += "\ufffd";
    else if (shortEscapes[char]) out += shortEscapes[char];
    else if (code < 0x20 || (escapeHTML && (char === "<" || char === ">" || char === "&"))) {
      out += `\\u00${code.toString(16).padStart(2, "0")}`;
    } else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}"`;
}

/** Parses strict JSON (RFC 8259, as Go's json.Valid), keeping number literals. */
export function parseJson(bytes: Uint8Array): JsonValue {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error("not valid UTF-8");
  }
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(`not valid JSON at offset ${at}: ${what}`);
  };
  const space = () => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };
  const literal = (word: string, value: JsonValue): JsonValue => {
    if (text.startsWith(word, at)) {
      at += word.length;
      return value;
    }
    return fail("unexpected token");
  };
  const string = (): string => {
    at++; // opening quote
    let out = "";
    for (;;) {
      if (at >= text.length) fail("unterminated string");
      const char = text[at]!;
      if (char === '"') {
        at++;
        return out;
      }
      if (char < " ") fail("control character in string");
      if (char !== "\\") {
        out += char;
        at++;
        continue;
      }
      const escape = text[at + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (escape !== undefined && simple[escape] !== undefined) {
        out += simple[escape];
        at += 2;
      } else if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(at + 2, at + 6), 16));
        at += 6;
      } else {
        fail("invalid escape");
      }
    }
  };
  const value = (depth: number): JsonValue => {
    if (depth > 10_000) fail("nested too deeply");
    space();
    const char = text[at];
    if (char === "{") {
      at++;
      const object = new Map<string, JsonValue>();
      space();
      if (text[at] === "}") {
        at++;
        return object;
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail("expected a key");
        const key = string();
        space();
        if (text[at] !== ":") fail("expected ':'");
        at++;
        object.set(key, value(depth + 1)); // a repeated key keeps its last value, as in Go
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "}") {
          at++;
          return object;
        } else fail("expected ',' or '}'");
      }
    }
    if (char === "[") {
      at++;
      const array: JsonValue[] = [];
      space();
      if (text[at] === "]") {
        at++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        space();
        if (text[at] === ",") at++;
        else if (text[at] === "]") {
          at++;
          return array;
        } else fail("expected ',' or ']'");
      }
    }
    if (char === '"') return string();
    if (char === "t") return literal("true", true);
    if (char === "f") return literal("false", false);
    if (char === "n") return literal("null", null);
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(at, at + 1024));
    if (!number) return fail("unexpected token");
    at += number[0].length;
    return new JsonNumber(number[0]);
  };
  if (text.charCodeAt(0) === 0xfeff) at = 1; // OPA strips a UTF-8 byte order mark
  const result = value(0);
  space();
  if (at !== text.length) fail("content after the value");
  return result;
}
