/**
 * Reads the files of an OPA bundle (.tar.gz) into memory, naming each file as OPA does. OPA
 * reads bundles with Go's archive/tar, so a bundle that was unpacked and packed again by another
 * tar must read the same here: ustar names with a prefix, PAX extended headers (`x`: path and
 * size of the next entry; `g` global headers, which Go's reader returns as entries of their own
 * and applies to nothing, so neither does this one), and GNU long names (`L` entries named
 * ././@LongLink, whose data is the next entry's name). A name read otherwise (truncated to its
 * first 100 bytes) would not match the name a signature covers. Only regular files are entries,
 * as OPA loads only those; anything this reader cannot read as Go does is refused.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

import { EngineError } from "../errors.ts";

const block = 512;

/** Type flags whose size field says nothing about data following the header (Go: isHeaderOnlyType). */
const headerOnly = new Set(["1", "2", "3", "4", "5", "6"]);

/** A NUL-terminated string field. */
function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString("utf8");
}

/** A numeric field: octal digits (with spaces or NULs around), or base-256 when the high bit is set. */
function numeric(bytes: Uint8Array): number {
  if (bytes.length > 0 && (bytes[0]! & 0x80) !== 0) {
    let value = bytes[0]! & 0x7f;
    for (const byte of bytes.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = Buffer.from(bytes).toString("latin1").replace(/[\0 ]+$/g, "").replace(/^[\0 ]+/, "");
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) return Number.NaN;
  return Number.parseInt(text, 8);
}

/** PAX records: "<length> <key>=<value>\n", the length counting the whole record. */
function paxRecords(data: Buffer, fail: (reason: string) => never): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? Number.NaN : Number(data.subarray(at, space).toString("latin1"));
    if (!Number.isSafeInteger(length) || length <= space - at || at + length > data.length || data[at + length - 1] !== 0x0a) {
      fail("a PAX extended header is malformed");
    }
    const record = data.subarray(space + 1, at + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (equals <= 0) fail("a PAX extended header is malformed");
    records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}

/**
 * The entries of a bundle, keyed by path without the leading "/" (e.g. "policy.wasm"). `bytes`,
 * when given, are the file's content already read.
 */
export function readBundle(file: string, bytes?: Buffer): Map<string, Buffer> {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes ?? readFileSync(file));
  } catch (error) {
    throw new EngineError(`cannot read bundle ${file}: ${(error as Error).message}`);
  }
  const fail = (reason: string): never => {
    throw new EngineError(`cannot read bundle ${file}: ${reason}`);
  };
  const entries = new Map<string, Buffer>();
  // What the meta entries before a file say about it (Go: paxHdrs, gnuLongName).
  let pax: Map<string, string> | undefined;
  let longName: string | undefined;
  for (let offset = 0; offset + block <= tar.length; ) {
    const header = tar.subarray(offset, offset + block);
    if (header.every((byte) => byte === 0)) {
      // The end: two zero blocks (or one at the end of the data), as Go requires.
      const next = tar.subarray(offset + block, offset + 2 * block);
      if (next.length === block && !next.every((byte) => byte === 0)) fail(`a zero block at ${offset} is not the end of the archive`);
      break;
    }
    // Go accepts the sum of the header's bytes taken unsigned or signed, the checksum field as spaces.
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < block; i++) {
      const byte = i >= 148 && i < 156 ? 0x20 : header[i]!;
      unsigned += byte;
      signed += byte < 0x80 ? byte : byte - 0x100;
    }
    const checksum = numeric(header.subarray(148, 156));
    if (checksum !== unsigned && checksum !== signed) fail(`the header at ${offset} has a wrong checksum (not a tar archive?)`);
    const magic = header.subarray(257, 265).toString("latin1");
    // ustar and PAX split long names into prefix and name; GNU keeps other fields there.
    const hasPrefix = magic.startsWith("ustar\0");
    const type = String.fromCharCode(header[156]!);
    let size = numeric(header.subarray(124, 136));
    if (!Number.isSafeInteger(size) || size < 0) fail(`the header at ${offset} has an invalid size`);
    const meta = type === "x" || type === "g" || type === "L" || type === "K";
    // An empty PAX value keeps the header's (Go: mergePAX).
    const paxSize = pax?.get("size");
    if (!meta && paxSize) {
      size = /^\d+$/.test(paxSize) ? Number(paxSize) : Number.NaN;
      if (!Number.isSafeInteger(size)) fail("a PAX size is invalid");
    }
    if (!meta && headerOnly.has(type)) size = 0;
    const body = offset + block;
    if (body + size > tar.length) fail("the archive is truncated");
    const data = tar.subarray(body, body + size);
    offset = body + Math.ceil(size / block) * block;

    if (type === "x") {
      pax = paxRecords(data, fail);
      continue;
    }
    if (type === "g") {
      paxRecords(data, fail);
      continue;
    }
    if (type === "L") {
      longName = cString(data);
      continue;
    }
    if (type === "K") continue;
    if (type === "S" || [...(pax?.keys() ?? [])].some((key) => key.startsWith("GNU.sparse."))) {
      fail("it holds a sparse file, which a bundle never needs");
    }
    const prefix = hasPrefix ? cString(header.subarray(345, 500)) : "";
    let name = prefix ? `${prefix}/${cString(header.subarray(0, 100))}` : cString(header.subarray(0, 100));
    const path = pax?.get("path");
    if (path) name = path;
    if (longName) name = longName;
    pax = undefined;
    longName = undefined;
    const regular = type === "0" || (type === "\0" && !name.endsWith("/"));
    if (!regular) continue;
    name = name.replace(/^\/+/, "");
    // A second file of the same name could hide from a signature check; OPA reads both.
    if (entries.has(name)) throw new EngineError(`bundle ${file} holds /${name} twice`);
    entries.set(name, data);
  }
  return entries;
}
