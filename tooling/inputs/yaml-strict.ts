/**
 * Limits on YAML that the yaml library leaves to its caller, each refused with the line where it
 * is exceeded: nesting (the library composes and converts recursively and runs out of stack at
 * about 800 levels), aliases (each alias stands for a whole copy of its anchor once the document
 * is serialised for the engine: a few lines can stand for gigabytes), and values JSON cannot hold
 * as OPA reads them (infinities, integers beyond 2^53, lone surrogates, which OPA's YAML reader
 * refuses).
 */
import { type Alias, type CST, type Document, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, type Node } from "yaml";

import { maxNesting, numberProblem } from "./json-strict.ts";

/**
 * The most that aliases may add to a document, in characters of the JSON the engine reads (an
 * alias counts as a copy of its anchor, recursively). Anchors in real manifests repeat a few
 * settings; ten million characters is three orders of magnitude beyond that and still small
 * enough to evaluate.
 */
export const maxAliasExpansion = 10_000_000;

/** What is wrong with a YAML document, and where (a character offset into the text). */
export interface YamlProblem {
  offset: number | undefined;
  reason: string;
}

const nestedTooDeep = `nested deeper than ${maxNesting} levels`;

/**
 * The first collection of a CST document nested deeper than {@link maxNesting}, checked before
 * the document is composed (the composer would recurse once per level). Iterative.
 */
export function cstNestingProblem(document: CST.Document): YamlProblem | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = [];
  if (document.value) stack.push({ token: document.value, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token.type !== "block-map" && token.type !== "block-seq" && token.type !== "flow-collection") continue;
    if (depth + 1 > maxNesting) return { offset: token.offset, reason: nestedTooDeep };
    for (const item of token.items as Array<{ key?: CST.Token | null; value?: CST.Token }>) {
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return undefined;
}

interface WellFormed {
  isWellFormed(): boolean;
}

const startOf = (node: unknown): number | undefined => (isNode(node) ? node.range?.[0] : undefined);

/** The children of a node: a map's keys and values, a sequence's items, an alias's anchor. */
function childrenOf(node: Node, targets: Map<Alias, Node>): unknown[] {
  if (isAlias(node)) {
    const target = targets.get(node);
    return target ? [target] : [];
  }
  if (isMap(node)) return node.items.flatMap((pair) => [pair.key, pair.value]);
  if (isSeq(node)) return node.items;
  return [];
}

/** JSON characters of a node without its children (what a copy made by an alias costs). */
function ownSize(node: Node): number {
  if (isScalar(node)) return String(node.value).length + 2;
  if (isCollection(node)) return 2 + node.items.length;
  return 0;
}

/** Size and height of a value that is not a node (a plain value set by the tag expansion). */
function plainMeasure(value: unknown): { size: number; height: number } {
  if (value === null || value === undefined) return { size: 4, height: 0 };
  if (typeof value !== "object") return { size: String(value).length + 2, height: 0 };
  return { size: JSON.stringify(value).length, height: 1 };
}

/**
 * The first problem of a composed YAML document (intrinsic tags already expanded): a value JSON
 * cannot hold as OPA reads it, an alias inside its own anchor, nesting deeper than
 * {@link maxNesting} once aliases are expanded, or aliases adding more than
 * {@link maxAliasExpansion} characters. Iterative, and linear in the size of the document as
 * written (each anchor is measured once, however many aliases name it).
 */
export function yamlProblem(document: Document.Parsed): YamlProblem | undefined {
  // Pre-order, as the yaml library resolves aliases: an alias names the last node anchored with
  // its name before it.
  const targets = new Map<Alias, Node>();
  const anchors = new Map<string, Node>();
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isPair(node)) {
      pending.push(node.value, node.key);
      continue;
    }
    if (!isNode(node)) continue;
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      continue;
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === "number" && !Number.isFinite(value)) {
        return { offset: startOf(node), reason: `number ${node.source ?? String(value)} is not finite (JSON has no infinity or NaN)` };
      }
      if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        const literal = typeof node.source === "string" ? node.source : String(value);
        const reason = /^[-+]?\d/.test(literal) && !/^[-+]?0[xXoO]/.test(literal) ? numberProblem(literal) : `number ${literal} cannot be read exactly (integers beyond ±2^53 lose digits)`;
        if (reason) return { offset: startOf(node), reason };
      }
      if (typeof value === "string" && !(value as unknown as WellFormed).isWellFormed()) {
        return { offset: startOf(node), reason: "invalid YAML: a string holds a lone surrogate (\\ud800-\\udfff), which is no character" };
      }
      continue;
    }
    if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) pending.push(node.items[i]);
  }

  // Post-order: the size and height of every node with its aliases expanded, each node once.
  const measured = new Map<Node, { size: number; height: number }>();
  const onPath = new Set<Node>();
  let written = 0;
  let largestAlias: { alias: Alias; size: number } | undefined;
  const root = document.contents;
  if (!isNode(root)) return undefined;
  interface Frame {
    node: Node;
    children: unknown[];
    next: number;
    size: number;
    height: number;
  }
  const frames: Frame[] = [{ node: root, children: childrenOf(root, targets), next: 0, size: 0, height: 0 }];
  onPath.add(root);
  let result = { size: 0, height: 0 };
  while (frames.length > 0) {
    const frame = frames[frames.length - 1]!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      const known = isNode(child) ? measured.get(child) : plainMeasure(child);
      if (known) {
        frame.size += known.size;
        frame.height = Math.max(frame.height, known.height);
        continue;
      }
      const node = child as Node;
      if (onPath.has(node)) {
        const name = isAlias(frame.node) ? `*${frame.node.source}` : "an alias";
        return { offset: startOf(frame.node), reason: `YAML alias ${name} refers to a node that contains it` };
      }
      onPath.add(node);
      frames.push({ node, children: childrenOf(node, targets), next: 0, size: 0, height: 0 });
      continue;
    }
    frames.pop();
    onPath.delete(frame.node);
    const own = ownSize(frame.node);
    const measure = { size: own + frame.size, height: (isCollection(frame.node) ? 1 : 0) + frame.height };
    written += own;
    if (isAlias(frame.node) && (!largestAlias || measure.size > largestAlias.size)) largestAlias = { alias: frame.node, size: measure.size };
    measured.set(frame.node, measure);
    const parent = frames[frames.length - 1];
    if (parent) {
      parent.size += measure.size;
      parent.height = Math.max(parent.height, measure.height);
    } else {
      result = measure;
    }
  }

  if (result.height > maxNesting) return { offset: deepest(root, targets, measured), reason: nestedTooDeep };
  if (result.size - written > maxAliasExpansion) {
    return { offset: startOf(largestAlias?.alias), reason: `YAML aliases expand too far (more than ${maxAliasExpansion} characters)` };
  }
  return undefined;
}

/**
 * Where nesting passes the limit: down the deepest path to the collection one level beyond it;
 * the first alias on the way if the path goes through one (the text nests no deeper there).
 */
function deepest(root: Node, targets: Map<Alias, Node>, measured: Map<Node, { height: number }>): number | undefined {
  let node: Node | undefined = root;
  let level = 0;
  let located: number | undefined;
  let alias: Alias | undefined;
  while (node) {
    if (startOf(node) !== undefined && !alias) located = startOf(node);
    if (isAlias(node)) {
      alias ??= node;
      located = startOf(alias);
    }
    if (isCollection(node) && ++level > maxNesting) return located;
    let next: Node | undefined;
    for (const child of childrenOf(node, targets)) {
      if (isNode(child) && (!next || (measured.get(child)?.height ?? 0) > (measured.get(next)?.height ?? 0))) next = child;
    }
    node = next;
  }
  return located;
}
