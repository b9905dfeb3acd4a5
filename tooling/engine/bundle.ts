/** Reads the files of an OPA bundle (.tar.gz) into memory; OPA bundles are small, plain ustar. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { EngineError } from "../errors.ts";

/** The entries of a bundle, keyed by path without the leading "/" (e.g. "policy.wasm"). */
export function readBundle(file: string): Map<string, Buffer> {
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(file));
  } catch (error) {
    throw new EngineError(`cannot read bundle ${file}: ${(error as Error).message}`);
  }
  const entries = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100)).replace(/^\/+/, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const body = offset + 512;
    if (type === "0" || type === "") {
      // A second file of the same name could hide from a signature check; OPA reads both.
      if (entries.has(name)) throw new EngineError(`bundle ${file} holds /${name} twice`);
      entries.set(name, tar.subarray(body, body + size));
    }
    offset = body + Math.ceil(size / 512) * 512;
  }
  return entries;
}
