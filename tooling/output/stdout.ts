/**
 * Human output: findings grouped by file with rule ID, severity, resource and the remediation
 * (the exact field to change, in the input's own format), and a note for each resource that has
 * nothing to check and why.
 */
import type { DocumentResult } from "../check.ts";
import type { Finding } from "../types.ts";
import { displayName, waiverNote } from "./names.ts";
import type { FormatOptions } from "./registry.ts";
import { summaryLine } from "./summary.ts";

const colors = { FAIL: "\x1b[31m", WARN: "\x1b[33m", EXCP: "\x1b[36m", SKIP: "\x1b[2m", dim: "\x1b[2m" } as const;
const reset = "\x1b[0m";

/** Why a finding below the severity threshold warns (the policies marked it). */
function belowThreshold(finding: Finding): string {
  const { severity_threshold: threshold, level } = finding.below_threshold!;
  return `below the severity threshold ${threshold}: reported, does not fail${level === "deny" ? " (a failure otherwise)" : ""}`;
}

/** Renders results for a terminal or a CI log. */
export function formatStdout(results: DocumentResult[], options: FormatOptions): string {
  const paint = (code: keyof typeof colors, text: string) =>
    options.color ? `${colors[code]}${text}${reset}` : text;
  const lines: string[] = [];
  // Quiet: only the documents with failures, and only their failures (Checkov's --quiet).
  const quiet = options.quiet === true;
  for (const result of results) {
    const name = displayName(result);
    if (quiet && result.failures.length === 0) continue;
    if (result.resources === 0 && result.buckets === 0) {
      lines.push(`${name}: no SageMaker configuration found (${result.input_kind})`);
      continue;
    }
    const findings = result.failures.length + result.warnings.length + result.exceptions.length;
    const buckets = result.buckets === 0 ? "" : `, ${result.buckets} bucket${result.buckets === 1 ? "" : "s"} on their data paths`;
    const count = `${result.resources} SageMaker resource${result.resources === 1 ? "" : "s"}${buckets}`;
    lines.push(`${name} (${result.input_kind}, ${count})${findings === 0 ? ": no findings" : ""}`);
    const show = (label: "FAIL" | "WARN" | "EXCP", finding: Finding) => {
      // Where the Terraform configuration declares it, when that is not the document itself.
      const source = result.locations?.[finding.resource];
      const at = source && source.file !== result.filename ? ` at ${source.file}:${source.line}` : "";
      lines.push(`  ${paint(label, label)} ${finding.id} ${finding.severity} ${finding.resource}${at}`);
      lines.push(`       ${finding.msg}`);
      if (finding.below_threshold) lines.push(`       ${belowThreshold(finding)}`);
      lines.push(paint("dim", `       ${waiverNote(finding) ?? `fix: ${finding.remediation}`}`));
    };
    if (!quiet) for (const note of result.notes ?? []) lines.push(`  ${paint("dim", "NOTE")} ${note.resource}: ${note.note}`);
    for (const finding of result.failures) show("FAIL", finding);
    if (quiet) continue;
    for (const finding of result.warnings) show("WARN", finding);
    for (const finding of result.exceptions) show("EXCP", finding);
  }
  for (const skipped of quiet ? [] : (options.skipped ?? [])) {
    lines.push(`${displayName(skipped)}: ${paint("SKIP", "skipped")}, ${skipped.reason}`);
  }
  // Quiet and nothing failed: the summary line alone.
  if (!(quiet && lines.length === 0)) lines.push("");
  lines.push(summaryLine(results, options.skipped?.length ?? 0));
  return `${lines.join("\n")}\n`;
}
