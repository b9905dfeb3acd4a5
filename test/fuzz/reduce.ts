/**
 * Reduces a failing document further once fast-check has shrunk it: fast-check keeps a document
 * within its generator's bounds (a 500-resource plan stays at 500 resources), this removes
 * whatever the failure does not need. Delta debugging over every list and object of the document,
 * largest first, including JSON documents held in strings (a plan's policy texts and embedded
 * definitions): a part is removed when the document without it still fails the same way.
 */
import type { Json, JsonObject } from "./model.ts";

type Key = string | number;

/** A string that holds a JSON object or list, parsed; undefined otherwise. */
function embedded(value: Json): Json | undefined {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return undefined;
  try {
    const parsed = JSON.parse(value) as Json;
    return parsed !== null && typeof parsed === "object" ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The value at a path, looking through JSON held in strings. */
function at(value: Json, path: Key[]): Json {
  let current = value;
  for (const key of path) {
    current = embedded(current) ?? current;
    current = (current as Record<Key, Json>)[key]!;
  }
  return embedded(current) ?? current;
}

/** The document with the node at path replaced (copies along the path; re-serialises strings of JSON). */
function replace(value: Json, path: Key[], update: (node: Json) => Json): Json {
  const inner = embedded(value);
  if (inner !== undefined) return JSON.stringify(replace(inner, path, update));
  if (path.length === 0) return update(value);
  const [key, ...rest] = path as [Key, ...Key[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[key as number] = replace(value[key as number]!, rest, update);
    return copy;
  }
  const object = value as JsonObject;
  return { ...object, [key]: replace(object[key as string]!, rest, update) };
}

function without(node: Json, keys: Key[]): Json {
  if (Array.isArray(node)) {
    const drop = new Set(keys as number[]);
    return node.filter((_, i) => !drop.has(i));
  }
  const drop = new Set(keys as string[]);
  return Object.fromEntries(Object.entries(node as JsonObject).filter(([k]) => !drop.has(k)));
}

const childKeys = (node: Json): Key[] =>
  Array.isArray(node) ? node.map((_, i) => i) : node !== null && typeof node === "object" ? Object.keys(node) : [];

/** Every list and object with more than one child, with its number of children, largest first. */
function containers(document: Json): Array<{ path: Key[]; size: number }> {
  const out: Array<{ path: Key[]; size: number }> = [];
  const visit = (node: Json, path: Key[]) => {
    const keys = childKeys(node);
    if (keys.length > 1) out.push({ path, size: keys.length });
    for (const key of keys) {
      const child = (node as Record<Key, Json>)[key]!;
      visit(embedded(child) ?? child, [...path, key]);
    }
  };
  visit(document, []);
  return out.sort((a, b) => b.size - a.size || a.path.length - b.path.length);
}

/** Options of a reduction. */
export interface ReduceOptions {
  /** Stop after this long. */
  budgetMs: number;
  /** Called after each attempt. */
  onAttempt?: (attempts: number, bytes: number) => void;
}

/**
 * Removes parts of document while stillFails says the result fails as the original did. Returns
 * the smallest failing document found and how many attempts it took.
 */
export async function reduce(
  document: JsonObject,
  stillFails: (candidate: JsonObject) => Promise<boolean>,
  options: ReduceOptions,
): Promise<{ document: JsonObject; attempts: number }> {
  const deadline = Date.now() + options.budgetMs;
  let current = document;
  let attempts = 0;
  const attempt = async (candidate: JsonObject) => {
    attempts += 1;
    const fails = await stillFails(candidate);
    options.onAttempt?.(attempts, JSON.stringify(candidate).length);
    return fails;
  };
  let progress = true;
  while (progress && Date.now() < deadline) {
    progress = false;
    for (const { path } of containers(current)) {
      if (Date.now() >= deadline) break;
      // ddmin over the container's children: remove chunks, halving the chunk size.
      let keys = childKeys(at(current, path));
      let chunk = Math.ceil(keys.length / 2);
      let removedHere = false;
      while (chunk >= 1 && keys.length > 1 && Date.now() < deadline) {
        let removed = false;
        for (let start = 0; start < keys.length && Date.now() < deadline; ) {
          const drop = keys.slice(start, start + chunk);
          if (drop.length === keys.length) {
            start += chunk;
            continue;
          }
          const candidate = replace(current, path, (node) => without(node, drop)) as JsonObject;
          if (await attempt(candidate)) {
            current = candidate;
            keys = childKeys(at(current, path));
            removed = removedHere = true;
          } else {
            start += chunk;
          }
        }
        if (!removed) chunk = Math.floor(chunk / 2);
        else chunk = Math.min(chunk, Math.ceil(keys.length / 2));
      }
      // The containers' paths changed: list them again.
      if (removedHere) {
        progress = true;
        break;
      }
    }
  }
  return { document: current, attempts };
}
