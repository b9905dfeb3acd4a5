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
  const lines: Record<string, number> = {};
  for (const resource of new Set(resources)) {
    const offset = find(text, start, resource, inputKind);
    if (offset !== undefined) lines[resource] = lineOf(text, offset);
  }
  return lines;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
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
