/**
 * conftest's JSON output: one entry per document, findings as {msg, metadata}; a file skipped
 * while walking a directory is an entry with conftest's `skipped` list.
 */
import { type DocumentResult,namespace } from "../check.ts";
import type { Finding } from "../types.ts";
import type { FormatOptions } from "./registry.ts";

/** A finding as conftest reports it: the message, and every other field under metadata. */
function toConftest(finding: Finding): { msg: string; metadata: Omit<Finding, "msg"> } {
  const { msg, ...fields } = finding;
  // Keys sorted as OPA prints objects, so the output is the same whichever engine decided.
  return { msg, metadata: sortKeys(fields) as Omit<Finding, "msg"> };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, item]) => [key, sortKeys(item)]),
  );
}

/** Renders results as conftest --output json does (tab-indented array). */
export function formatJson(results: DocumentResult[], options: Partial<FormatOptions> = {}): string {
  const entries: object[] = results.map((r) => ({
    filename: r.filename === "-" ? "" : r.filename,
    namespace: r.namespace,
    successes: r.successes,
    failures: r.failures.map(toConftest),
    warnings: r.warnings.map(toConftest),
    exceptions: r.exceptions.map(toConftest),
    // Not conftest's: why nothing applies to a resource without inter-node traffic.
    ...(r.notes?.length ? { notes: r.notes.map((n) => ({ resource: n.resource, note: n.note })) } : {}),
  }));
  for (const skipped of options.skipped ?? []) {
    entries.push({
      filename: skipped.filename,
      namespace,
      successes: 0,
      failures: [],
      warnings: [],
      exceptions: [],
      skipped: [{ msg: skipped.reason, ...(skipped.document === undefined ? {} : { metadata: { document: skipped.document } }) }],
    });
  }
  return `${JSON.stringify(entries, null, "\t")}\n`;
}
