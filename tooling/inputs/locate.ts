/**
 * Where a finding's resource is, for annotations (GitHub, SARIF, the human output). This is a
 * rendering aid, found by searching the text for the name the policies gave the resource
 * (a Terraform address, a CloudFormation logical ID, a job, step or state name); it never
 * changes a finding. A Terraform plan's resource is looked up first in the configuration that
 * produced the plan (tf-source.ts), so that it is reported on its `.tf` block; then in the plan.
 */
import type { ParsedDocument } from "./read.ts";
import type { SourceLocation, TerraformSources } from "./tf-source.ts";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where each resource is: in the document (`lines`, when found), and a location for every one. */
export interface ResourceLocations {
  /** The 1-based line where the document names each resource it could be found in. */
  lines: Record<string, number>;
  /**
   * Every resource's location: its block in the Terraform configuration, else where the document
   * names it, else the document's first line (so that every annotation has a region).
   */
  locations: Record<string, SourceLocation>;
}

/**
 * Locates resources: in the configuration of a Terraform plan when `terraform` is given, and in
 * the document's text.
 */
export function locateResources(
  document: ParsedDocument,
  resources: Iterable<string>,
  inputKind: string,
  terraform?: TerraformSources,
): ResourceLocations {
  const wanted = new Set(resources);
  const result: ResourceLocations = { lines: {}, locations: {} };
  if (wanted.size === 0) return result;
  const [start, end] = document.range ?? [0, document.text.length];
  const text = document.text.slice(0, end);
  const starts = lineStarts(text);
  const position = (offset: number) => {
    const line = lineAt(starts, offset);
    return { line, column: offset - starts[line - 1]! + 1 };
  };
  const offsets = resourceOffsets(text, start, wanted, inputKind);
  for (const resource of wanted) {
    const offset = offsets.get(resource);
    const named = offset === undefined ? undefined : position(offset);
    if (named) result.lines[resource] = named.line;
    const configured = inputKind === "terraform_plan" ? terraform?.locate(resource) : undefined;
    result.locations[resource] = configured ?? { file: document.file, ...(named ?? position(firstToken(text, start))) };
  }
  return result;
}

/** For each resource, the 1-based line where the document names it (when it can be found). */
export function resourceLines(document: ParsedDocument, resources: Iterable<string>, inputKind: string): Record<string, number> {
  return locateResources(document, resources, inputKind).lines;
}

/** The offset of each resource that the text names, at or after start. */
function resourceOffsets(text: string, start: number, wanted: Set<string>, inputKind: string): Map<string, number> {
  const found = new Map<string, number>();
  if (inputKind === "terraform_plan") {
    // A plan names thousands of resources: one pass over its addresses, not one search each. An
    // embedded pipeline step or state ("holder/Step", "holder#State") is found in its holder.
    const holders = new Map([...wanted].map((resource) => [resource, holderOf(resource)]));
    const addresses = planAddresses(text, start, new Set(holders.values()));
    for (const [resource, holder] of holders) {
      const at = addresses.get(holder);
      if (at === undefined) continue;
      found.set(resource, holder === resource ? at : (embeddedName(text, at, resource) ?? at));
    }
  }
  for (const resource of wanted) {
    if (found.has(resource)) continue;
    const offset = find(text, start, resource, inputKind);
    if (offset !== undefined) found.set(resource, offset);
  }
  return found;
}

/** The resource that holds an embedded one: the address before an unquoted "/" or "#" (itself otherwise). */
function holderOf(resource: string): string {
  let quoted = false;
  for (let i = 0; i < resource.length; i++) {
    const ch = resource[i];
    if (ch === "\\") i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "/" || ch === "#")) return resource.slice(0, i);
  }
  return resource;
}

/** The step or state name inside its holder's JSON-encoded definition (\"Name\"), before the next resource. */
function embeddedName(text: string, holderAt: number, resource: string): number | undefined {
  const name = resource.slice(holderOf(resource).length + 1);
  if (name === "") return undefined;
  const next = text.indexOf('"address"', holderAt + 1);
  const encoded = JSON.stringify(JSON.stringify(name)).slice(1, -1);
  const at = text.indexOf(encoded, holderAt);
  return at !== -1 && (next === -1 || at < next) ? at : undefined;
}

/** Where the document's content starts: past blank lines, comments and a YAML document marker. */
function firstToken(text: string, start: number): number {
  const preamble = /(?:[ \t\r\n]+|#[^\n]*|---(?=[ \t\r\n]|$)|%[^\n]*)*/y;
  preamble.lastIndex = start;
  preamble.exec(text);
  return preamble.lastIndex < text.length ? preamble.lastIndex : start;
}

/** The offset where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line of an offset, by binary search over the line starts. */
function lineAt(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** The first "address" of each wanted resource in resource_changes (in the plan when it has none). */
function planAddresses(text: string, start: number, wanted: Set<string>): Map<string, number> {
  const found = new Map<string, number>();
  const changes = text.indexOf('"resource_changes"', start);
  const pattern = /"address"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  pattern.lastIndex = changes === -1 ? start : changes;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    let address: string;
    try {
      address = JSON.parse(match[1]!) as string;
    } catch {
      continue;
    }
    if (wanted.has(address) && !found.has(address)) found.set(address, match.index);
    if (found.size === wanted.size) break;
  }
  return found;
}

/** The offset of the best mention of the resource at or after start. */
function find(text: string, start: number, resource: string, inputKind: string): number | undefined {
  const name = escape(resource);
  const candidates: { pattern: RegExp; from: number }[] = [];
  const at = (source: string, from = start) => candidates.push({ pattern: new RegExp(source, "gm"), from });
  if (inputKind === "terraform_plan") {
    // resource_changes names every resource the policies read; planned_values may come first.
    const changes = text.indexOf('"resource_changes"', start);
    if (changes !== -1) at(`"address"\\s*:\\s*"${name}"`, changes);
    at(`"address"\\s*:\\s*"${name}"`);
  }
  // a key: "Name": (JSON) or Name: at the start of a YAML line (CloudFormation logical IDs, states)
  at(`(?:"${name}"|^[ \\t]*(?:- )?${name})[ \\t]*:`);
  // a value: "...Name": "name" (JSON) or ...Name: name (YAML)
  at(`:[ \\t]*(?:"${name}"|'${name}'|${name}[ \\t]*$)`);
  at(`"${name}"`);
  // Composite names ("pipeline/step", "machine#state"): the last segment as a key or a value.
  const last = resource.split(/[/#]/).pop();
  if (last && last !== resource) {
    const segment = escape(last);
    at(`(?:"${segment}"|^[ \\t]*(?:- )?${segment})[ \\t]*:|:[ \\t]*(?:"${segment}"|${segment}[ \\t]*$)`);
  }
  for (const { pattern, from } of candidates) {
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    if (match) return match.index + (match[0].length - match[0].trimStart().length);
  }
  return undefined;
}
