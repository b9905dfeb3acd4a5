/**
 * conftest's table output: one row per test (result, file, namespace, message), drawn with box
 * characters as conftest's tablewriter draws it, header centred, nothing when there is no row.
 */
import { type DocumentResult,namespace } from "../check.ts";
import type { Finding } from "../types.ts";
import { displayName } from "./names.ts";
import type { FormatOptions } from "./registry.ts";

type Row = [result: string, file: string, namespace: string, message: string];

/** A warning below the severity threshold says so (it fails nothing). */
const belowThreshold = (finding: Finding) =>
  finding.below_threshold ? ` (below the severity threshold ${finding.below_threshold.severity_threshold})` : "";

/** Renders results as conftest --output table does. */
export function formatTable(results: DocumentResult[], options: FormatOptions): string {
  const rows: Row[] = [];
  for (const r of results) {
    const file = displayName(r);
    // conftest's order: successes, exceptions, warnings, skipped, failures; quiet: failures only.
    if (!options.quiet) {
      for (let i = 0; i < r.successes; i++) rows.push(["success", file, r.namespace, "SUCCESS"]);
      for (const f of r.exceptions) rows.push(["exception", file, r.namespace, f.msg]);
      for (const f of r.warnings) rows.push(["warning", file, r.namespace, f.msg + belowThreshold(f)]);
    }
    for (const f of r.failures) rows.push(["failure", file, r.namespace, f.msg]);
  }
  if (!options.quiet) for (const s of options.skipped ?? []) rows.push(["skipped", displayName(s), namespace, s.reason]);
  if (rows.length === 0) return "";
  const header: Row = ["RESULT", "FILE", "NAMESPACE", "MESSAGE"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => [...row[i]!].length)));
  const rule = (left: string, middle: string, right: string) =>
    `${left}${widths.map((w) => "─".repeat(w + 2)).join(middle)}${right}`;
  const centre = (text: string, width: number) => {
    const space = width - text.length;
    return " ".repeat(Math.floor(space / 2)) + text + " ".repeat(space - Math.floor(space / 2));
  };
  const line = (cells: string[]) => `│ ${cells.join(" │ ")} │`;
  return [
    rule("┌", "┬", "┐"),
    line(header.map((h, i) => centre(h, widths[i]!))),
    rule("├", "┼", "┤"),
    ...rows.map((row) => line(row.map((cell, i) => cell + " ".repeat(widths[i]! - [...cell].length)))),
    rule("└", "┴", "┘"),
    "",
  ].join("\n");
}
