/**
 * SARIF 2.1.0 for code scanning (GitHub's upload-sarif and others). Every rule of the catalog is
 * in tool.driver.rules with its METADATA (title, description, remediation as help, severity as
 * level and security-severity); every finding is a result with the file and region where its
 * resource is (for a Terraform plan, its block in the .tf configuration when that is at hand; see
 * inputs/tf-source.ts), and the resource as a logical location. A waived finding is a result with
 * an external suppression (its waiver's reason), and one that an inline suppression on the
 * resource covers an inSource one, as SARIF suppresses reviewed results; a file
 * skipped while walking a directory, and a resource with nothing to check (a batch transform job,
 * an endpoint), is a tool execution notification. A result's message ends with the fix: the exact
 * field to change, in the input's own format (the rule's help keeps the general remediation).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

import type { RuleInfo } from "../catalog.ts";
import type { DocumentResult } from "../check.ts";
import type { SourceLocation } from "../inputs/tf-source.ts";
import { packagePath } from "../package-root.ts";
import type { Finding } from "../types.ts";
import { waiverNote } from "./names.ts";
import type { FormatOptions } from "./registry.ts";

/** The schema the output validates against (the OASIS standard's). */
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

type Level = "error" | "warning" | "note";

/*
 * Severity as code scanning shows it. GitHub ranks a security alert by the security-severity of
 * the rule's reportingDescriptor (properties["security-severity"], a score: 9.0 and above
 * critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low); it does not read one from the result, and
 * a result's `level` (error, warning, note) only filters. The severity of a finding is not always
 * its rule's: the severity model makes a single-instance TG101 finding LOW where the rule is HIGH,
 * and the profiles escalate. So a result whose severity differs from its rule's points at a
 * descriptor of its own, `TG101/LOW`: a hierarchical rule ID (SARIF 2.1.0 §3.27.5: "/" separates
 * the components of a rule ID, so it is TG101's LOW sub-rule) with the rule's text and that
 * severity's score and default level. Every result also carries its severity and score in its
 * properties, for the readers that look there.
 */
const securitySeverity: Record<string, string> = { HIGH: "8.0", MEDIUM: "5.5", LOW: "3.0" };
const defaultLevel: Record<string, Level> = { HIGH: "error", MEDIUM: "warning", LOW: "note" };

/** Where to learn about the tool: the package's homepage when it declares one, else its npm page. */
function informationUri(): string {
  try {
    const manifest = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { name?: string; homepage?: unknown };
    if (typeof manifest.homepage === "string" && /^https?:\/\//.test(manifest.homepage)) return manifest.homepage;
    return `https://www.npmjs.com/package/${manifest.name ?? "sagemaker-transit-guard"}`;
  } catch {
    return "https://www.npmjs.com/package/sagemaker-transit-guard";
  }
}

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
  properties: { tags: string[]; "security-severity": string; precision: string; severity: string };
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
    properties: {
      tags: ["security", ...tags],
      "security-severity": securitySeverity[severity] ?? "5.5",
      precision: "very-high",
      severity,
    },
  };
}

/** A rule that the catalog does not know (a custom bundle): what its findings say of it. */
function ruleFromFinding(finding: Finding): SarifRule {
  return {
    id: finding.id,
    name: finding.rule,
    shortDescription: { text: finding.title },
    fullDescription: { text: finding.title },
    help: { text: finding.remediation },
    ...graded(finding.severity, []),
  };
}

/** A region for a location: the line, and the column where the resource is named. */
function region(location: SourceLocation): { startLine: number; startColumn: number } {
  return { startLine: location.line, startColumn: location.column };
}

/**
 * The partial fingerprints of a result. Code scanning matches alerts across runs by
 * primaryLocationLineHash only, and upload-sarif fills it in from the text of the result's line
 * when it is missing: for a plan that `terraform show -json` wrote on one line, that hash would
 * change with every plan, and for a .tf file with every edit of the lines around the block. So it
 * is given here, from what identifies the finding and never from a line: the rule, the input
 * kind, the file the result is shown on and the resource; the suffix counts equal identities in
 * one run (a module instantiated by two plans), as GitHub's own hashes do.
 */
function fingerprints(identity: string, seen: Map<string, number>): Record<string, string> {
  const occurrence = (seen.get(identity) ?? 0) + 1;
  seen.set(identity, occurrence);
  const hash = createHash("sha256").update(identity).digest("hex").slice(0, 16);
  return { primaryLocationLineHash: `${hash}:${occurrence}`, "transitGuardFinding/v2": identity };
}

/** Renders results as a SARIF 2.1.0 log with one run. */
export function formatSarif(results: DocumentResult[], options: FormatOptions): string {
  const rules: SarifRule[] = (options.catalog?.rules ?? []).map(ruleOf);
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  /** The descriptor of a finding: its rule's, or its rule's sub-rule at the finding's severity. */
  const ruleIndex = (finding: Finding): { id: string; index: number } => {
    let base = index.get(finding.id);
    if (base === undefined) {
      base = rules.push(ruleFromFinding(finding)) - 1;
      index.set(finding.id, base);
    }
    const rule = rules[base]!;
    if (rule.properties.severity === finding.severity) return { id: rule.id, index: base };
    const id = `${finding.id}/${finding.severity}`;
    let at = index.get(id);
    if (at === undefined) {
      const shortDescription = { text: `${rule.shortDescription.text} (${finding.severity} severity)` };
      at = rules.push({ ...rule, id, shortDescription, ...graded(finding.severity, rule.properties.tags.slice(1)) }) - 1;
      index.set(id, at);
    }
    return { id, index: at };
  };
  const seen = new Map<string, number>();
  const sarifResults: object[] = [];
  for (const r of results) {
    const where = (resource: string): SourceLocation =>
      r.locations?.[resource] ?? { file: r.filename, line: r.lines?.[resource] ?? 1, column: 1 };
    const result = (finding: Finding, level: Level, waived: boolean) => {
      const location = where(finding.resource);
      const uri = artifactUri(location.file);
      const rule = ruleIndex(finding);
      sarifResults.push({
        ruleId: rule.id,
        ruleIndex: rule.index,
        level,
        // The rule's help is its general remediation; the result says which field to change here.
        message: { text: `${finding.msg}\nFix: ${finding.remediation}` },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri }, region: region(location) },
            logicalLocations: [{ name: finding.resource, kind: "resource" }],
          },
        ],
        partialFingerprints: fingerprints([finding.id, finding.input_kind, uri, finding.resource].join("|"), seen),
        ...(waived ? { suppressions: [{ kind: finding.suppression ? "inSource" : "external", justification: waiverNote(finding) ?? "waived" }] } : {}),
        properties: {
          severity: finding.severity,
          "security-severity": securitySeverity[finding.severity] ?? "5.5",
          input_kind: finding.input_kind,
          path: finding.path,
          remediation: finding.remediation,
          // The input the finding was made on, when the result is shown on the configuration behind it.
          ...(location.file === r.filename ? {} : { document: artifactUri(r.filename) }),
        },
      });
    };
    for (const f of r.failures) result(f, "error", false);
    for (const f of r.warnings) result(f, "warning", false);
    for (const f of r.exceptions) result(f, defaultLevel[f.severity] ?? "warning", true);
  }
  const failures = results.some((r) => r.failures.length > 0);
  const warnings = results.some((r) => r.warnings.length > 0);
  const notes = results.flatMap((r) =>
    (r.notes ?? []).map((n) => {
      const location = r.locations?.[n.resource];
      return {
        level: "note",
        message: { text: `${n.resource}: ${n.note}` },
        locations: [
          {
            physicalLocation: location
              ? { artifactLocation: { uri: artifactUri(location.file) }, region: region(location) }
              : { artifactLocation: { uri: artifactUri(r.filename) } },
          },
        ],
      };
    }),
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
            informationUri: informationUri(),
            ...(options.version === undefined ? {} : { version: options.version, semanticVersion: options.version }),
            rules,
          },
        },
        invocations: [invocation],
        results: sarifResults,
        // Columns count UTF-16 code units, as JavaScript indexes strings.
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
