/**
 * conftest's GitHub output: workflow commands that annotate the pull request. One group per
 * document; each failure an ::error, each warning a ::warning, each exception a ::notice, with
 * the file and line where the resource is: for a Terraform plan its block in the .tf
 * configuration when that is at hand (a pull request changes the .tf, not the generated plan),
 * else where the document names it, else the document's first line (as conftest does). Then
 * conftest's summary line.
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
 */
import type { DocumentResult } from "../check.ts";
import type { Finding } from "../types.ts";
import { displayName, waiverNote } from "./names.ts";
import type { FormatOptions } from "./registry.ts";
import { summaryLine } from "./summary.ts";

/** Workflow command data: %, CR and LF are escaped (the toolkit's escapeData). */
export const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** Workflow command property values: also : and , are escaped (the toolkit's escapeProperty). */
export const escapeProperty = (text: string) => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** Renders results as conftest --output github does. */
export function formatGithub(results: DocumentResult[], options: FormatOptions): string {
  const lines: string[] = [];
  const command = (level: string, file: string, line: number | undefined, message: string, title?: string) => {
    const props = [`file=${escapeProperty(file)}`];
    if (line !== undefined) props.push(`line=${line}`);
    if (title !== undefined) props.push(`title=${escapeProperty(title)}`);
    lines.push(`::${level} ${props.join(",")}::${escapeData(message)}`);
  };
  for (const r of results) {
    const file = r.filename;
    const at = (resource: string) => r.locations?.[resource] ?? { file, line: r.lines?.[resource] };
    const tests = r.successes + r.failures.length + r.warnings.length + r.exceptions.length;
    lines.push(`::group::Testing ${JSON.stringify(displayName(r))} against ${tests} policies in namespace ${JSON.stringify(r.namespace)}`);
    const annotate = (level: string, finding: Finding, suffix = "") => {
      const { file: where, line } = at(finding.resource);
      command(level, where, line, finding.msg + suffix, `${finding.id} ${finding.title}`);
    };
    // Failures and warnings carry the fix: the exact field to change, in the input's own format.
    const fix = (finding: Finding) => `\nfix: ${finding.remediation}`;
    for (const note of r.notes ?? []) {
      const { file: where, line } = at(note.resource);
      command("notice", where, line, `${note.resource}: ${note.note}`);
    }
    for (const f of r.failures) annotate("error", f, fix(f));
    for (const f of r.warnings) annotate("warning", f, fix(f));
    for (const f of r.exceptions) annotate("notice", f, ` (${waiverNote(f) ?? "waived"})`);
    command("notice", file, undefined, `Number of successful checks: ${r.successes}`);
    lines.push("::endgroup::");
  }
  for (const s of options.skipped ?? []) command("notice", s.filename, undefined, `Test was skipped: ${s.reason}`);
  lines.push(summaryLine(results, options.skipped?.length ?? 0));
  return `${lines.join("\n")}\n`;
}
