/**
 * The line of a finding's resource in the source text, for annotations (GitHub, SARIF). This is
 * a rendering aid, found by searching the text for the name the policies gave the resource
 * (a Terraform address, a CloudFormation logical ID, a job, step or state name); it never
 * changes a finding. A resource whose name cannot be found has no line.
 */
import type { ParsedDocument } from "./read.ts";

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** For each resource, the 1-based line where the document names it (when it can be found). */
export function resourceLines(document: ParsedDocument, resources: Iterable<string>, inputKind: string): Record<string, number> {
  const [start, end] = document.range ?? [0, document.text.length];
  const text = document.text.slice(0, end);
  const wanted = new Set(resources);
  const lines: Record<string, number> = {};
  if (wanted.size === 0) return lines;
  const lineOf = lineIndex(text);
  // A plan names thousands of resources: one pass over its addresses, not one search each.
  const addresses = inputKind === "terraform_plan" ? planAddresses(text, start, wanted) : new Map<string, number>();
  for (const resource of wanted) {
    const offset = addresses.get(resource) ?? find(text, start, resource, inputKind);
    if (offset !== undefined) lines[resource] = lineOf(offset);
  }
  return lines;
}

/** The 1-based line of an offset, by binary search over the line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
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
