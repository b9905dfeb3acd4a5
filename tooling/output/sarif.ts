/**
 * SARIF 2.1.0 for code scanning (GitHub's upload-sarif and others). Every rule of the catalog is
 * in tool.driver.rules with its METADATA (title, description, remediation as help, severity as
 * level and security-severity); every finding is a result with the file and, where the resource
 * could be found in the source, its line, and the resource as a logical location. A waived
 * finding is a result with an external suppression (its waiver's reason), as SARIF suppresses
 * reviewed results; a file skipped while walking a directory, and a resource with nothing to
 * check (a batch transform job, an endpoint), is a tool execution notification. A result's
 * message ends with the fix: the exact field to change, in the input's own format (the rule's
 * help keeps the general remediation).
 */
import path from "node:path";

import type { RuleInfo } from "../catalog.ts";
import type { DocumentResult } from "../check.ts";
import type { Finding } from "../types.ts";
import { waiverNote } from "./names.ts";
import type { FormatOptions } from "./registry.ts";

/** The schema the output validates against (the OASIS standard's). */
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

type Level = "error" | "warning" | "note";

// GitHub ranks security alerts by properties["security-severity"] (CVSS-like, 0.1-10).
const securitySeverity: Record<string, string> = { HIGH: "8.0", MEDIUM: "5.5", LOW: "3.0" };
const defaultLevel: Record<string, Level> = { HIGH: "error", MEDIUM: "warning", LOW: "note" };

/** A path as a SARIF artifact URI: relative paths stay relative (to the repository root). */
function artifactUri(file: string): string {
  const relative = path.isAbsolute(file) ? path.relative(process.cwd(), file) : file;
  const portable = relative.split(path.sep).join("/");
  if (path.isAbsolute(file) && portable.startsWith("../")) return new URL(`file://${file}`).href;
  return portable.split("/").map(encodeURIComponent).join("/");
}

/** A reportingDescriptor of tool.driver.rules. */
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  help: { text: string; markdown?: string };
  defaultConfiguration: { level: Level };
  properties: { tags: string[]; "security-severity": string; precision: string };
}

function ruleOf(info: RuleInfo): SarifRule {
  return {
    id: info.id,
    name: info.name,
    shortDescription: { text: info.title },
    fullDescription: { text: info.description },
    help: {
      text: `${info.remediation}\n\n${info.description}`,
      markdown: `**Remediation:** ${info.remediation}\n\n${info.description}`,
    },
    ...graded(info.severity, info.input_kinds),
  };
}

/** The level and the properties GitHub code scanning ranks a rule by, from its severity. */
function graded(severity: string, tags: string[]): Pick<SarifRule, "defaultConfiguration" | "properties"> {
  return {
    defaultConfiguration: { level: defaultLevel[severity] ?? "warning" },
    properties: { tags: ["security", ...tags], "security-severity": securitySeverity[severity] ?? "5.5", precision: "very-high" },
  };
}

/** A rule that the catalog does not know (a custom bundle): what its findings say of it. */
function ruleFromFinding(finding: Finding): SarifRule {
  return {
    id: finding.id,
    name: finding.rule,
    shortDescription: { text: finding.title },
    help: { text: finding.remediation },
    ...graded(finding.severity, []),
  };
}

/** Renders results as a SARIF 2.1.0 log with one run. */
export function formatSarif(results: DocumentResult[], options: FormatOptions): string {
  const rules: SarifRule[] = (options.catalog?.rules ?? []).map(ruleOf);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const ruleIndex = (finding: Finding) => {
    let i = index.get(finding.id);
    if (i === undefined) {
      i = rules.push(ruleFromFinding(finding)) - 1;
      index.set(finding.id, i);
    }
    return i;
  };
  const sarifResults: object[] = [];
  for (const r of results) {
    const uri = artifactUri(r.filename);
    const result = (finding: Finding, level: Level, waived: boolean) => {
      const line = r.lines?.[finding.resource];
      sarifResults.push({
        ruleId: finding.id,
        ruleIndex: ruleIndex(finding),
        level,
        // The rule's help is its general remediation; the result says which field to change here.
        message: { text: `${finding.msg}\nFix: ${finding.remediation}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              ...(line === undefined ? {} : { region: { startLine: line } }),
            },
            logicalLocations: [{ name: finding.resource, kind: "resource" }],
          },
        ],
        // Stable across runs whatever the line: the rule, the file, the document and the resource.
        partialFingerprints: { "transitGuardFinding/v1": [finding.id, uri, r.document, finding.resource].join("|") },
        ...(waived ? { suppressions: [{ kind: "external", justification: waiverNote(finding) ?? "waived" }] } : {}),
        properties: { severity: finding.severity, input_kind: finding.input_kind, path: finding.path, remediation: finding.remediation },
      });
    };
    for (const f of r.failures) result(f, "error", false);
    for (const f of r.warnings) result(f, "warning", false);
    for (const f of r.exceptions) result(f, defaultLevel[f.severity] ?? "warning", true);
  }
  const failures = results.some((r) => r.failures.length > 0);
  const warnings = results.some((r) => r.warnings.length > 0);
  const notes = results.flatMap((r) =>
    (r.notes ?? []).map((n) => ({
      level: "note",
      message: { text: `${n.resource}: ${n.note}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(r.filename) } } }],
    })),
  );
  const skippedNotes = (options.skipped ?? []).map((s) => ({
    level: "note",
    message: { text: `skipped: ${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(s.filename) } } }],
  }));
  const invocation = {
    executionSuccessful: true,
    ...(options.exitCode === undefined ? {} : { exitCode: options.exitCode }),
    exitCodeDescription: failures ? "Policy violations found" : warnings ? "Policy warnings found" : "No policy violations found",
    ...(notes.length + skippedNotes.length === 0 ? {} : { toolExecutionNotifications: [...notes, ...skippedNotes] }),
  };
  const log = {
    version: "2.1.0",
    $schema: sarifSchema,
    runs: [
      {
        tool: {
          driver: {
            name: "transit-guard",
            ...(options.version === undefined ? {} : { version: options.version, semanticVersion: options.version }),
            rules,
          },
        },
        invocations: [invocation],
        results: sarifResults,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
