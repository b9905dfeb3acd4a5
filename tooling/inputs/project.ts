/**
 * Drops what the policies never read from a large document before it is copied into WASM memory
 * (a Terraform plan's planned_values, prior_state, and resource changes of types no adapter
 * reads). What may be dropped is declared by the policies (entrypoint projection), not here; the
 * engine-parity test evaluates the full documents with opa eval and the projected ones in WASM.
 */
import type { Projection } from "../types.ts";
import { replaceLoneSurrogates } from "./json-strict.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
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
    result = updatePath(result, envelope, () => pruned);
  }
  return result;
}

function getPath(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  return current;
}

/** Replaces (or, when update returns undefined, removes) the value at path, copying its parents. */
function updatePath(value: Json, path: string[], update: (old: unknown) => unknown): Json {
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
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "string" && item.includes("\\u") && /^\s*[{[]/.test(item) ? replaceLoneSurrogates(item) : item,
  );
}
