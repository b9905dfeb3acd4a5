/**
 * Writes an OPA bundle archive as `opa build` does (v1/bundle Writer and archive.WriteFile, Go's
 * archive/tar): each file a USTAR entry named with a leading "/", mode 0600, owner 0, mtime 0, no
 * user or group names, in the order given, then two zero blocks, gzipped. A name longer than 100
 * bytes is split at a "/" into the USTAR prefix, as Go splits it. The uncompressed archive is
 * byte for byte what OPA writes for the same files (the bundle tests compare them); the gzip
 * stream is Node's, deterministic for a given zlib.
 */
import { gzipSync } from "node:zlib";

const block = 512;

/** Go's splitUSTARPath: the prefix and name fields of a long name, or undefined when it cannot split. */
function splitName(name: string): { prefix: string; base: string } | undefined {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { prefix: "", base: name };
  if (bytes !== name.length) return undefined; // Go splits ASCII names only
  const cut = name.lastIndexOf("/", Math.min(name.length, 156) - 1);
  const base = name.slice(cut + 1);
  if (cut <= 0 || base.length > 100 || base.length === 0 || cut > 155) return undefined;
  return { prefix: name.slice(0, cut), base };
}

function header(name: string, size: number): Buffer {
  const split = splitName(name);
  if (!split) throw new Error(`${name}: the path is too long for a bundle archive (at most 100 bytes after the last "/" within 155)`);
  const out = Buffer.alloc(block);
  const put = (value: string, offset: number) => out.write(value, offset, "latin1");
  out.write(split.base, 0, "utf8");
  put("0000600\0", 100);
  put("0000000\0", 108);
  put("0000000\0", 116);
  put(`${size.toString(8).padStart(11, "0")}\0`, 124);
  put("00000000000\0", 136);
  put("0", 156);
  put("ustar\0", 257);
  put("00", 263);
  put("0000000\0", 329);
  put("0000000\0", 337);
  out.write(split.prefix, 345, "utf8");
  put("        ", 148);
  const sum = out.reduce((total, byte) => total + byte, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return out;
}

/** The uncompressed archive of the entries (paths without the leading "/"), in their order. */
function tarOf(entries: Iterable<readonly [string, Uint8Array]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, body] of entries) {
    parts.push(header(`/${name}`, body.length), Buffer.from(body), Buffer.alloc((block - (body.length % block)) % block));
  }
  parts.push(Buffer.alloc(2 * block));
  return Buffer.concat(parts);
}

/** The gzipped archive of the entries: an OPA bundle file. */
export function bundleArchive(entries: Iterable<readonly [string, Uint8Array]>): Buffer {
  return gzipSync(tarOf(entries), { level: 9 });
}
