/** conftest's JSON output: one entry per document, findings as {msg, metadata}. */
import type { DocumentResult } from "../check.ts";
import type { Finding } from "../types.ts";

/** A finding as conftest reports it: the message, and every other field under metadata. */
export function toConftest(finding: Finding): { msg: string; metadata: Omit<Finding, "msg"> } {
  const { msg, ...fields } = finding;
  // Keys sorted as OPA prints objects, so the output is the same whichever engine decided.
  const metadata = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { msg, metadata: metadata as Omit<Finding, "msg"> };
}

/** Renders results as conftest --output json does (tab-indented array). */
export function formatJson(results: DocumentResult[]): string {
  const entries = results.map((r) => ({
    filename: r.filename === "-" ? "" : r.filename,
    namespace: r.namespace,
    successes: r.successes,
    failures: r.failures.map(toConftest),
    warnings: r.warnings.map(toConftest),
    exceptions: r.exceptions.map(toConftest),
  }));
  return `${JSON.stringify(entries, null, "\t")}\n`;
}
