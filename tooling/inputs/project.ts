/**
 * Drops what the policies never read from a large document before it is copied into WASM memory
 * (a Terraform plan's planned_values, prior_state, and resource changes and configuration blocks
 * of types no adapter reads). What may be dropped is declared by the policies (entrypoint projection), not here; the
 * engine-parity test evaluates the full documents with opa eval and the projected ones in WASM.
 */
import type { Projection } from "../types.ts";
import { replaceLoneSurrogates } from "./json-strict.ts";

type Json = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A copy of the document without what the projection says the policies never read. */
export function project(document: Json, projection: Projection): Json {
  let result = document;
  for (const envelope of projection.envelopes) {
    const target = getPath(result, envelope);
    if (!isObject(target) || !Array.isArray(target[projection.filter.path[0]!] ?? [])) continue;
    let pruned = target;
    for (const drop of projection.drop) pruned = updatePath(pruned, drop, () => undefined);
    const keep = new Set(projection.filter.keep);
    const field = projection.filter.field;
    const each = projection.filter.each ?? [];
    const trim = (item: unknown) => (isObject(item) ? each.reduce((kept, drop) => updatePath(kept, drop, () => undefined), item) : item);
    pruned = updatePath(pruned, projection.filter.path, (list) =>
      Array.isArray(list) ? list.filter((item) => !isObject(item) || keep.has(item[field] as string)).map(trim) : list,
    );
    const blocks = projection.blocks;
    if (blocks) pruned = updatePath(pruned, blocks.path, (module) => pruneModule(module, blocks));
    result = updatePath(result, envelope, () => pruned);
  }
  return result;
}

/** A module (and the modules it calls) without the blocks of types the policies never read. */
function pruneModule(module: unknown, blocks: Blocks): unknown {
  const keep = new Set(blocks.keep);
  const kept = (item: unknown) => {
    const value = isObject(item) ? item[blocks.field] : undefined;
    return typeof value !== "string" || keep.has(value) || blocks.keep_prefixes.some((prefix) => value.startsWith(prefix));
  };
  return mapModules(module, blocks, (list) => list.filter(kept));
}

type Blocks = NonNullable<Projection["blocks"]>;

/**
 * A copy of a module of the configuration and of the modules it calls, to any depth, with each
 * module's list of blocks replaced by what update makes of it (a module first, then its calls in
 * their order).
 */
export function mapModules(module: unknown, blocks: Blocks, update: (list: unknown[]) => unknown): unknown {
  if (!isObject(module)) return module;
  const [callsKey, moduleKey] = blocks.calls;
  let copy = module;
  const list = module[blocks.list];
  if (Array.isArray(list)) copy = { ...copy, [blocks.list]: update(list) };
  const calls = module[callsKey];
  if (isObject(calls)) {
    const mapped = Object.fromEntries(
      Object.entries(calls).map(([name, call]) => [name, isObject(call) && moduleKey in call ? { ...call, [moduleKey]: mapModules(call[moduleKey], blocks, update) } : call]),
    );
    copy = { ...copy, [callsKey]: mapped };
  }
  return copy;
}

/** The value at path (undefined where a step is not an object). */
export function getPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** Replaces (or, when update returns undefined, removes) the value at path, copying its parents. */
export function updatePath(value: Json, path: string[], update: (old: unknown) => unknown): Json {
  if (path.length === 0) return (update(value) as Json) ?? value;
  const [key, ...rest] = path as [string, ...string[]];
  if (!(key in value)) return value;
  const child = value[key];
  const next = rest.length === 0 ? update(child) : isObject(child) ? updatePath(child, rest, update) : child;
  const copy = { ...value };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}

/**
 * The JSON bytes the embedded engine evaluates: the projected document, where a string that holds
 * JSON (a policy or definition document Terraform and CloudFormation carry as text) has its lone
 * surrogate escapes written as \ufffd, which is what OPA's json.unmarshal makes of them; the WASM
 * parser stops on them instead ("illegal string escape character").
 */
export function engineInput(document: Json, projection: Projection): ArrayBuffer {
  return new TextEncoder().encode(encodeText(project(document, projection))).buffer as ArrayBuffer;
}

/** A value's JSON as the embedded engine reads it (see engineInput). */
export function encodeText(value: unknown): string {
  // Without a surrogate escape anywhere in the text (the usual case), no string has a lone
  // surrogate, escaped or not (JSON.stringify escapes a lone one): the text is final, and the
  // replacer, which costs as much as the rest, is not needed.
  const plain = JSON.stringify(value);
  if (!/\\u[dD][89a-fA-F]/.test(plain)) return plain;
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "string" && item.includes("\\u") && /^\s*[{[]/.test(item) ? replaceLoneSurrogates(item) : item,
  );
}
