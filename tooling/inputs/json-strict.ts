/**
 * What JSON.parse lets through but OPA would read differently, or the embedded engine could not
 * read at all. JSON.parse keeps the last of two equal keys (a second, empty `resource_changes`
 * would hide every job of the first); OPA reads a number exactly, JavaScript as a 64-bit float;
 * Go decodes an escaped lone surrogate as U+FFFD where the engine's JSON parser refuses it; and
 * the rest of the pipeline (the WASM engine, the YAML composer) recurses once per level of
 * nesting. The scan here runs once over text that JSON.parse accepted, in linear time, and
 * allocates nothing per key or value (see strictJsonProblem); on a generated 20 MB plan it costs
 * about 40 % of what JSON.parse costs on the same text (compact, as terraform show -json writes
 * it), about 80 % on the same plan pretty-printed.
 */

/**
 * The deepest nesting accepted, in objects and arrays. Terraform plans nest a few dozen levels
 * (module calls, nested blocks); CloudFormation, SageMaker API bodies and manifests fewer. The
 * embedded engine parses and walks input recursively, JSON.stringify (which hands the input to
 * it) runs out of stack between 2 000 and 5 000 levels, and the YAML library composes
 * recursively (out of stack at about 800 levels of flow collections in a fresh process), so the
 * limit is well below all of them, for JSON and YAML alike: a deeper document is refused with its
 * line instead of failing half-way.
 */
export const maxNesting = 500;

/** What is wrong with a JSON text, and where (a character offset). */
export interface JsonProblem {
  offset: number;
  reason: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/**
 * Indentation (sticky: matched where lastIndex points). Skipping it in the regular expression
 * engine halves the scan of pretty-printed JSON, where most characters are indentation.
 */
const indentation = /[ \t]+/y;

/** An object with this many keys gets a hash index instead of a linear search. */
const indexAbove = 32;

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** A key or value of at most this many characters is shown whole in a message. */
const shownLength = 80;

function show(key: string): string {
  const quoted = JSON.stringify(key);
  return quoted.length <= shownLength ? quoted : `${quoted.slice(0, shownLength - 4)}…"`;
}

/**
 * The first duplicate key, nesting beyond {@link maxNesting}, or number JavaScript cannot hold
 * as OPA does, in JSON text that JSON.parse accepted (the scan assumes valid JSON). Undefined
 * when there is none. O(n) in the length of the text: strings are skipped with indexOf, a key is
 * told from the others of its object by its length and first and last characters, and compared
 * character by character only when those agree (an object of more than {@link indexAbove} keys
 * gets a hash index); nothing is allocated per key or value unless a key has escapes.
 */
export function strictJsonProblem(text: string): JsonProblem | undefined {
  const length = text.length;
  const inObject = new Uint8Array(maxNesting + 2);
  const frameStart = new Int32Array(maxNesting + 2);
  const frameIndex: Array<Map<number, number> | undefined> = [];
  // The keys of the objects being read, innermost last: where the key's text starts and ends
  // (the offsets of its quotes, negated start when it has escapes), its quick signature, and in
  // indexed objects the previous key with the same full hash.
  let capacity = 1024;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let signatures = new Int32Array(capacity);
  let chain = new Int32Array(capacity);
  let top = 0;
  let depth = 0;
  let expectKey = false;
  /** The next backslash at or after the current string (moves forward only: O(n) in all). */
  let nextBackslash = -2;

  const decoded = (k: number): string =>
    starts[k]! < 0 ? (JSON.parse(text.slice(-starts[k]!, ends[k]! + 1)) as string) : text.slice(starts[k]! + 1, ends[k]);
  const sameKey = (a: number, b: number): boolean => {
    if (starts[a]! < 0 || starts[b]! < 0) return decoded(a) === decoded(b);
    const from = starts[a]! + 1;
    const to = starts[b]! + 1;
    const n = ends[a]! - from;
    if (ends[b]! - to !== n) return false;
    for (let i = 0; i < n; i++) if (text.charCodeAt(from + i) !== text.charCodeAt(to + i)) return false;
    return true;
  };
  const fullHash = (k: number): number => {
    if (starts[k]! >= 0) return hashOf(text, starts[k]! + 1, ends[k]!);
    const key = decoded(k);
    return hashOf(key, 0, key.length);
  };

  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) {
      const next = text.charCodeAt(i + 1);
      if (c === 0x0a && (next === 0x20 || next === 0x09)) {
        // Indentation of pretty-printed JSON: skipped by the regular expression engine.
        indentation.lastIndex = i + 1;
        indentation.test(text);
        i = indentation.lastIndex - 1;
      }
      continue;
    }
    if (c === QUOTE) {
      // Jump to the closing quote (one not escaped by an odd run of backslashes).
      const start = i;
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      i = j;
      if (!expectKey) continue;
      expectKey = false;
      if (nextBackslash !== -1 && nextBackslash < start) nextBackslash = text.indexOf("\\", start);
      const escaped = nextBackslash !== -1 && nextBackslash < j;
      if (top === capacity) {
        capacity *= 2;
        const grow = (old: Int32Array) => {
          const next = new Int32Array(capacity);
          next.set(old);
          return next;
        };
        starts = grow(starts);
        ends = grow(ends);
        signatures = grow(signatures);
        chain = grow(chain);
      }
      starts[top] = escaped ? -start : start;
      ends[top] = j;
      let signature: number;
      if (escaped) {
        const key = decoded(top);
        signature = key.length === 0 ? 0 : (key.length << 16) ^ (key.charCodeAt(0) << 8) ^ key.charCodeAt(key.length - 1);
      } else {
        signature = j === start + 1 ? 0 : ((j - start - 1) << 16) ^ (text.charCodeAt(start + 1) << 8) ^ text.charCodeAt(j - 1);
      }
      signatures[top] = signature;
      const base = frameStart[depth]!;
      let duplicate = -1;
      if (top - base < indexAbove) {
        for (let k = base; k < top; k++) {
          if (signatures[k] === signature && sameKey(k, top)) {
            duplicate = k;
            break;
          }
        }
      } else {
        let index = frameIndex[depth];
        if (!index) {
          index = new Map();
          for (let k = base; k < top; k++) {
            const hash = fullHash(k);
            chain[k] = index.get(hash) ?? -1;
            index.set(hash, k);
          }
          frameIndex[depth] = index;
        }
        const hash = fullHash(top);
        for (let k = index.get(hash) ?? -1; k !== -1; k = chain[k]!) {
          if (sameKey(k, top)) {
            duplicate = k;
            break;
          }
        }
        chain[top] = index.get(hash) ?? -1;
        index.set(hash, top);
      }
      if (duplicate !== -1) return { offset: start, reason: `duplicate key ${show(decoded(top))}` };
      top++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++;
      if (depth > maxNesting) return { offset: i, reason: `nested deeper than ${maxNesting} levels` };
      const object = c === OPEN_OBJECT;
      inObject[depth] = object ? 1 : 0;
      if (object) frameStart[depth] = top;
      expectKey = object;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (inObject[depth] === 1) {
        top = frameStart[depth]!;
        frameIndex[depth] = undefined;
      }
      depth--;
      expectKey = false;
    } else if (c === COMMA) {
      expectKey = inObject[depth] === 1;
    } else if (c === COLON) {
      expectKey = false;
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      let j = i + 1;
      let exponent = false;
      for (; j < length; j++) {
        const d = text.charCodeAt(j);
        if (d === LOWER_E || d === UPPER_E) exponent = true;
        else if (!((d >= ZERO && d <= NINE) || d === 0x2e || d === MINUS || d === 0x2b)) break;
      }
      // 15 characters hold at most 15 digits, and every integer of 15 digits is exact.
      if (j - i > 15 || exponent) {
        const reason = numberProblem(text.slice(i, j));
        if (reason) return { offset: i, reason };
      }
      i = j - 1;
    }
  }
  return undefined;
}

/**
 * Why a JSON number literal cannot be read as OPA reads it, or undefined. OPA keeps the literal
 * and computes with it exactly; JavaScript reads a 64-bit float. A number beyond the float range
 * would become null, and an integer beyond 2^53 another integer (123456789012345678901234567890
 * becomes 123456789012345677877719597056): both are refused. Fractions keep their decimal digits
 * through JSON.stringify and are left alone.
 */
export function numberProblem(literal: string): string | undefined {
  const value = Number(literal);
  if (!Number.isFinite(value)) return `number ${literal} is out of range (larger than a 64-bit float)`;
  if (!Number.isInteger(value) || Number.isSafeInteger(value)) return undefined;
  const match = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(literal);
  if (match) {
    const [, sign, whole = "", fraction = "", exponent = "0"] = match;
    let digits = `${whole}${fraction}`.replace(/^0+/, "") || "0";
    let power = Number(exponent) - fraction.length;
    while (power < 0 && digits.endsWith("0")) {
      digits = digits.slice(0, -1);
      power++;
    }
    if (power >= 0 && power < 400) {
      const exact = BigInt(`${sign === "-" ? "-" : ""}${digits}`) * 10n ** BigInt(power);
      if (exact === BigInt(value)) return undefined;
    }
  }
  return `number ${literal.length > 40 ? `${literal.slice(0, 40)}…` : literal} cannot be read exactly (integers beyond ±2^53 lose digits)`;
}

const loneSurrogateEscape =
  /\\(?:u([dD][89abAB][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?|u[dD][c-fC-F][0-9a-fA-F]{2}|[^u])/g;

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * The text with every lone surrogate, escaped (`"\ud800"`) or not, replaced by U+FFFD, as Go's
 * JSON decoder reads it (OPA); the embedded engine's parser refuses a lone surrogate outright.
 * Escapes keep their length (`\ud800` becomes `\ufffd`), so offsets into the text stay right.
 * The text itself is returned when it has none (one regular-expression test).
 */
export function replaceLoneSurrogates(text: string): string {
  let result = text;
  if (/\\u[dD][89a-fA-F]/.test(result)) {
    // A pair, or any other escape (\\ included, so that an escaped backslash followed by "ud800"
    // is not taken for an escape), is kept; a high or low surrogate alone becomes \ufffd.
    result = result.replace(loneSurrogateEscape, (escape: string, high?: string, low?: string) =>
      escape.length === 2 || (high !== undefined && low !== undefined) ? escape : "\\ufffd",
    );
  }
  const wide = result as unknown as WellFormed;
  return wide.isWellFormed() ? result : wide.toWellFormed();
}
