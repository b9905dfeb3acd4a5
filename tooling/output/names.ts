/** How a report names a document and an exception's waiver. */
import type { Finding } from "../types.ts";

/** The file, and the document of a multi-document YAML file ("file (document 2)"). */
export function displayName(result: { filename: string; document?: number }): string {
  return result.filename + (result.document !== undefined && result.document > 0 ? ` (document ${result.document + 1})` : "");
}

/** How an exception says which waiver, or which inline suppression, covers it. */
export function waiverNote(finding: Finding): string | undefined {
  const waiver = finding.waiver as { index?: number; reason?: string; expires?: string } | undefined;
  if (waiver) return `waived until ${waiver.expires} (waivers[${waiver.index}]): ${waiver.reason}`;
  const inline = finding.suppression as { resource?: string; path?: string; reason?: string; expires?: string } | undefined;
  if (!inline) return undefined;
  const until = inline.expires === undefined ? "" : ` until ${inline.expires}`;
  return `suppressed${until} (${inline.path} of ${inline.resource}): ${inline.reason}`;
}
