/**
 * conftest's TAP output: per document a plan (1..N), failures as "not ok", then warnings
 * ("# warnings", not ok), exceptions ("# exceptions", ok), skipped ("# skip", ok) and successes.
 */
import { type DocumentResult,namespace } from "../check.ts";
import { displayName } from "./names.ts";
import type { FormatOptions } from "./registry.ts";

/** Renders results as conftest --output tap does. */
export function formatTap(results: DocumentResult[], options: FormatOptions): string {
  const lines: string[] = [];
  const block = (
    file: string,
    space: string,
    groups: { failures: string[]; warnings: string[]; exceptions: string[]; skipped: string[]; successes: number },
  ) => {
    const total =
      groups.failures.length + groups.warnings.length + groups.exceptions.length + groups.skipped.length + groups.successes;
    if (total === 0) return;
    const where = `${file === "-" ? "-" : `- ${file}`} - ${space} -`;
    let n = 1;
    lines.push(`1..${total}`);
    for (const msg of groups.failures) lines.push(`not ok ${n++} ${where} ${msg}`);
    const section = (title: string, status: string, messages: string[]) => {
      if (messages.length === 0) return;
      lines.push(`# ${title}`);
      for (const msg of messages) lines.push(`${status} ${n++} ${where} ${msg}`);
    };
    section("warnings", "not ok", groups.warnings);
    section("exceptions", "ok", groups.exceptions);
    section("skip", "ok", groups.skipped);
    section("successes", "ok", Array.from({ length: groups.successes }, () => "SUCCESS"));
  };
  for (const r of results) {
    // Not conftest's: why nothing applies to a resource, as a TAP comment.
    for (const note of r.notes ?? []) lines.push(`# note: ${displayName(r)}: ${note.resource}: ${note.note}`);
    block(displayName(r), r.namespace, {
      failures: r.failures.map((f) => f.msg),
      warnings: r.warnings.map((f) => f.msg),
      exceptions: r.exceptions.map((f) => f.msg),
      skipped: [],
      successes: r.successes,
    });
  }
  for (const s of options.skipped ?? []) {
    block(displayName(s), namespace, { failures: [], warnings: [], exceptions: [], skipped: [s.reason], successes: 0 });
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
