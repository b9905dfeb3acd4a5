/**
 * The mechanics of evaluating a large Terraform plan in slices (policies/transit_guard/main/slices.rego
 * says what may not be separated, and gathers the findings): the plan's JSON text with its resource
 * changes cut out, so that a document of any subset of them is written by joining texts; the
 * grouping of changes by the links the policies declare; the packing of whole groups into slices
 * of a bounded size. Nothing here reads a resource's content.
 */
import { randomUUID } from "node:crypto";

import type { Projection } from "../types.ts";
import { encodeText, getPath, isObject, mapModules, updatePath } from "./project.ts";

type Json = Record<string, unknown>;

/** A module's configuration blocks, as text, with what a change must have to need each. */
interface ModuleBlocks {
  texts: string[];
  /** The block's match key (undefined: needed by every slice, e.g. a block without a type). */
  keys: Array<string | undefined>;
}

/** A plan document as text around its resource changes and its modules' blocks, each as text. */
export interface PlanText {
  /**
   * The document's JSON in pieces: between each two pieces is a hole, in text order, for the
   * resource_changes array (hole -1) or for the blocks of module n (hole n).
   */
  pieces: string[];
  holes: number[];
  /** Each resource change's JSON, in the plan's order. */
  changes: string[];
  /** Each change's address (undefined when it has none). */
  addresses: Array<string | undefined>;
  /** Each change's match key (the projection's blocks.match fields), when it has them all. */
  matches: Array<string | undefined>;
  /** Each module's blocks. */
  modules: ModuleBlocks[];
  /** Match keys no change has: their blocks are needed by the whole plan's facts only. */
  unmatched: Set<string>;
  /** The length of the whole document's text. */
  size: number;
}

const matchKey = (value: unknown, fields: string[] | undefined): string | undefined => {
  if (!fields || !isObject(value)) return undefined;
  const parts = fields.map((field) => value[field]);
  return parts.every((part) => typeof part === "string") ? JSON.stringify(parts) : undefined;
};

/**
 * The plan of a projected document cut around its resource changes and its modules' blocks (the
 * projection's blocks): the first envelope (of the projection's) that holds a plan with a
 * resource_changes array; undefined when none does.
 */
export function cutPlan(document: Json, projection: Projection): PlanText | undefined {
  for (const envelope of projection.envelopes) {
    const plan = getPath(document, envelope);
    if (!isObject(plan) || !Array.isArray(plan.resource_changes)) continue;
    const list = plan.resource_changes as unknown[];
    // The text is cut where the markers are: strings no string of the document holds (new random
    // ones each time, and checked: each found once, or the document is not cut).
    const run = randomUUID();
    const marker = (hole: number) => `\u0000transit-guard-${run}-${hole}\u0000`;
    const modules: ModuleBlocks[] = [];
    const blocks = projection.blocks;
    const match = blocks?.match;
    let cut: Json = { ...plan, resource_changes: marker(-1) };
    if (blocks) {
      cut = updatePath(cut, blocks.path, (module) =>
        mapModules(module, blocks, (items) => {
          modules.push({ texts: items.map((item) => encodeText(item)), keys: items.map((item) => matchKey(item, match)) });
          return marker(modules.length - 1);
        }),
      );
    }
    const text = encodeText(updatePath(document, envelope, () => cut));
    const found: Array<{ at: number; hole: number; length: number }> = [];
    for (let hole = -1; hole < modules.length; hole++) {
      const quoted = JSON.stringify(marker(hole));
      const at = text.indexOf(quoted);
      if (at < 0 || text.lastIndexOf(quoted) !== at) return undefined;
      found.push({ at, hole, length: quoted.length });
    }
    found.sort((x, y) => x.at - y.at);
    const pieces: string[] = [];
    let from = 0;
    for (const { at, length } of found) {
      pieces.push(text.slice(from, at));
      from = at + length;
    }
    pieces.push(text.slice(from));
    const changes = list.map((change) => encodeText(change));
    const matches = list.map((change) => matchKey(change, match));
    const present = new Set(matches);
    const unmatched = new Set(modules.flatMap((module) => module.keys.filter((key): key is string => key !== undefined && !present.has(key))));
    const textSize = (texts: string[]) => texts.reduce((sum, item) => sum + item.length + 1, texts.length === 0 ? 2 : 1);
    return {
      pieces,
      holes: found.map(({ hole }) => hole),
      changes,
      addresses: list.map((change) => (isObject(change) && typeof change.address === "string" ? change.address : undefined)),
      matches,
      modules,
      unmatched,
      size: pieces.reduce((sum, piece) => sum + piece.length, 0) + textSize(changes) + modules.reduce((sum, module) => sum + textSize(module.texts), 0),
    };
  }
  return undefined;
}

/**
 * The JSON bytes of the plan with only the changes at the given indices (in the plan's order), and
 * of each module the blocks those changes need (every block with a key no change of the plan has,
 * too, when unmatched is set; with every change, and unmatched, it is the whole projected plan).
 */
export function planWith(plan: PlanText, indices: number[], unmatched = false): ArrayBuffer {
  const needed = new Set(indices.map((index) => plan.matches[index]));
  const wanted = (key: string | undefined) => key === undefined || needed.has(key) || (unmatched && plan.unmatched.has(key));
  const fill = (hole: number) =>
    hole < 0
      ? `[${indices.map((index) => plan.changes[index]).join(",")}]`
      : `[${plan.modules[hole]!.texts.filter((_, index) => wanted(plan.modules[hole]!.keys[index])).join(",")}]`;
  const text = plan.pieces.map((piece, index) => (index < plan.holes.length ? piece + fill(plan.holes[index]!) : piece)).join("");
  return new TextEncoder().encode(text).buffer as ArrayBuffer;
}

/** Consecutive runs of change indices of about maxBytes of text each (at least one change each). */
export function chunks(plan: PlanText, maxBytes: number): number[][] {
  const result: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  plan.changes.forEach((text, index) => {
    if (current.length > 0 && bytes + text.length > maxBytes) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += text.length;
  });
  if (current.length > 0 || result.length === 0) result.push(current);
  return result;
}

/**
 * The slices: the changes grouped by the links (changes with a key in common, directly or through
 * other changes, are one group; changes of the same address are one group), whole groups packed in
 * the plan's order into slices of at most maxBytes of change text (a larger group is a slice of its
 * own); then to each slice the groups its changes need (the groups whose links have a key the
 * change needs, and what those need in turn) and the changes named in everywhere. Each slice lists
 * indices in the plan's order.
 */
export function slices(
  plan: PlanText,
  links: Array<[string, string]>,
  needs: Array<[string, string]>,
  everywhere: string[],
  maxBytes: number,
): number[][] {
  const count = plan.changes.length;
  const parent = Array.from({ length: count }, (_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[index] !== root) [index, parent[index]] = [parent[index]!, root];
    return root;
  };
  const union = (a: number, b: number) => {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  };
  const byAddress = new Map<string, number[]>();
  plan.addresses.forEach((address, index) => {
    if (address === undefined) return;
    const list = byAddress.get(address);
    if (list) {
      union(list[0]!, index);
      list.push(index);
    } else byAddress.set(address, [index]);
  });
  const byKey = new Map<string, number>();
  for (const [address, key] of links) {
    const index = byAddress.get(address)?.[0];
    if (index === undefined) continue;
    const other = byKey.get(key);
    if (other === undefined) byKey.set(key, index);
    else union(other, index);
  }
  const shared = new Set<number>(everywhere.flatMap((address) => byAddress.get(address) ?? []));
  // Groups in the order of their first change (a root is its group's smallest index).
  const groups = new Map<number, number[]>();
  for (let index = 0; index < count; index++) {
    if (shared.has(index)) continue;
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(index);
    else groups.set(root, [index]);
  }
  // The groups each group needs: those that own a key one of its changes needs.
  const needed = new Map<number, Set<number>>();
  for (const [address, key] of needs) {
    const index = byAddress.get(address)?.[0];
    const owner = byKey.get(key);
    if (index === undefined || owner === undefined) continue;
    const [root, other] = [find(index), find(owner)];
    if (root === other) continue;
    const list = needed.get(root) ?? new Set<number>();
    list.add(other);
    needed.set(root, list);
  }
  const sizeOf = (group: number[]) => group.reduce((sum, index) => sum + plan.changes[index]!.length, 0);
  const packed: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const root of groups.keys()) {
    const size = sizeOf(groups.get(root)!);
    if (current.length > 0 && bytes + size > maxBytes) {
      packed.push(current);
      current = [];
      bytes = 0;
    }
    current.push(root);
    bytes += size;
  }
  if (current.length > 0 || packed.length === 0) packed.push(current);
  return packed.map((roots) => {
    const included = new Set(roots);
    for (const root of included) for (const other of needed.get(root) ?? []) included.add(other);
    return [...[...included].flatMap((root) => groups.get(root) ?? []), ...shared].sort((a, b) => a - b);
  });
}
