/**
 * The mechanics of evaluating a large Terraform plan in slices (policies/transit_guard/main/slices.rego
 * says what may not be separated, and gathers the findings): the plan's JSON text with its resource
 * changes cut out, so that a document of any subset of them is written by joining texts; the
 * grouping of changes by the links the policies declare; the packing of whole groups into slices
 * of a bounded size. Nothing here reads a resource's content.
 */
import { randomUUID } from "node:crypto";

import type { Projection } from "../types.ts";
import { encodeText } from "./project.ts";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);

/** A plan document as text around its resource changes, each change as text. */
export interface PlanText {
  /** The document's JSON up to and after its resource_changes array. */
  prefix: string;
  suffix: string;
  /** Each resource change's JSON, in the plan's order. */
  changes: string[];
  /** Each change's address (undefined when it has none). */
  addresses: Array<string | undefined>;
  /** The length of the whole document's text. */
  size: number;
}


/**
 * The plan of a projected document cut around its resource changes: the first envelope (of the
 * projection's) that holds a plan with a resource_changes array; undefined when none does.
 */
export function cutPlan(document: Json, projection: Projection): PlanText | undefined {
  for (const envelope of projection.envelopes) {
    let plan: unknown = document;
    for (const key of envelope) plan = isObject(plan) ? plan[key] : undefined;
    if (!isObject(plan) || !Array.isArray(plan.resource_changes)) continue;
    const list = plan.resource_changes as unknown[];
    // The text is cut where the marker is: one no string of the document holds (a new random one
    // each time, and checked: found once, or the document is not cut).
    const marker = JSON.stringify(`\u0000transit-guard-resource-changes-${randomUUID()}\u0000`);
    const text = encodeText(replaceAt(document, envelope, { ...plan, resource_changes: JSON.parse(marker) as string }));
    const at = text.indexOf(marker);
    if (at < 0 || text.lastIndexOf(marker) !== at) return undefined;
    const changes = list.map((change) => encodeText(change));
    return {
      prefix: text.slice(0, at),
      suffix: text.slice(at + marker.length),
      changes,
      addresses: list.map((change) => (isObject(change) && typeof change.address === "string" ? change.address : undefined)),
      size: text.length - marker.length + 2 + changes.reduce((sum, change) => sum + change.length + 1, 0),
    };
  }
  return undefined;
}

function replaceAt(value: Json, path: string[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path as [string, ...string[]];
  return { ...value, [key]: replaceAt(value[key] as Json, rest, replacement) };
}

/** The JSON bytes of the plan with only the changes at the given indices (in the plan's order). */
export function planWith(plan: PlanText, indices: number[]): ArrayBuffer {
  const text = `${plan.prefix}[${indices.map((index) => plan.changes[index]).join(",")}]${plan.suffix}`;
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
 * own), and the changes named in everywhere added to every slice. Each slice lists indices in the
 * plan's order.
 */
export function slices(plan: PlanText, links: Array<[string, string]>, everywhere: string[], maxBytes: number): number[][] {
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
  const sizeOf = (group: number[]) => group.reduce((sum, index) => sum + plan.changes[index]!.length, 0);
  const packed: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  for (const group of groups.values()) {
    const size = sizeOf(group);
    if (current.length > 0 && bytes + size > maxBytes) {
      packed.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...group);
    bytes += size;
  }
  if (current.length > 0 || packed.length === 0) packed.push(current);
  return packed.map((slice) => [...slice, ...shared].sort((a, b) => a - b));
}
