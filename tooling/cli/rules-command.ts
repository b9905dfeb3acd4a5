/**
 * `transit-guard rules` lists the rule catalog; `transit-guard explain <ID>` prints one rule with
 * its description, remediation and a denied and an allowed example from its fixtures. Both read
 * bundle/catalog.json (generated from the rules' METADATA by npm run build), so no OPA is needed.
 */
import { type Command,Option } from "commander";

import { findRule, loadCatalog, type RuleExamples, type RuleInfo } from "../catalog.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "./main.ts";

/** The catalog as a table: ID, severity, title, input kinds. */
function rulesTable(rules: RuleInfo[]): string {
  const rows = [["ID", "SEVERITY", "TITLE", "INPUTS"], ...rules.map((r) => [r.id, r.severity, r.title, r.input_kinds.join(", ")])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return `${rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ")).join("\n")}\n`;
}

/** The formats `explain --format` takes: a short name for each input kind (the kind's own name works too). */
const exampleFormats: Record<string, string> = {
  terraform: "terraform_plan",
  cloudformation: "cloudformation",
  api: "sagemaker_api",
  pipeline: "pipeline_definition",
  "step-functions": "step_functions",
  ack: "ack",
};

const formatOf = (kind: string) => Object.entries(exampleFormats).find(([, k]) => k === kind)?.[0] ?? kind;

/** The input kind a --format names, or a UsageError listing the formats. */
function kindOf(format: string): string {
  const wanted = format.trim().toLowerCase();
  const kind = exampleFormats[wanted] ?? Object.values(exampleFormats).find((k) => k === wanted);
  if (kind === undefined) throw new UsageError(`unknown format "${format}" (choose from ${Object.keys(exampleFormats).join(", ")})`);
  return kind;
}

/**
 * One rule, for a terminal: its examples in the format asked for (`kind`), or Terraform's (else
 * the smallest of any format), and which other formats have examples.
 */
function explainRule(rule: RuleInfo, kind?: string): string {
  const lines = [
    `${rule.id}: ${rule.title}`,
    `rule ${rule.name}, severity ${rule.severity}, inputs ${rule.input_kinds.join(", ")}`,
    `source ${rule.source}`,
    "",
    rule.description,
    "",
    `Remediation: ${rule.remediation}`,
  ];
  const byKind = rule.examples_by_kind ?? {};
  let examples: RuleExamples = rule.examples;
  if (kind !== undefined) {
    examples = byKind[kind] ?? {};
    if (!examples.denied && !examples.allowed) {
      const reads = rule.input_kinds.includes(kind) ? "its fixtures have none" : `it reads ${rule.input_kinds.join(", ")}`;
      lines.push("", `No ${formatOf(kind)} example: ${reads}.`);
    }
  }
  for (const [label, sample] of [["Denied", examples.denied], ["Allowed", examples.allowed]] as const) {
    if (!sample) continue;
    lines.push("", `${label} example (${sample.file}):`, "", ...sample.text.trimEnd().split("\n").map((l) => `    ${l}`));
  }
  const shown = examples.denied?.kind ?? examples.allowed?.kind ?? kind;
  const others = Object.entries(exampleFormats)
    .filter(([, k]) => k !== shown && byKind[k] !== undefined)
    .map(([name]) => name);
  if (others.length > 0) lines.push("", `Examples in other formats: transit-guard explain ${rule.id} --format ${others.join("|")}`);
  if (rule.related_resources.length > 0) {
    lines.push("", "References:", ...rule.related_resources.map((r) => `  ${r.ref}${r.description ? ` (${r.description})` : ""}`));
  }
  return `${lines.join("\n")}\n`;
}

/** Registers `rules` and `explain`. */
export function registerRulesCommands(cli: Command, io: Io, exit: { code: number }): void {
  cli
    .command("rules")
    .description("list the rules: ID, severity, title and the input kinds each reads")
    .addOption(new Option("-o, --output <format>", "output format").choices(["stdout", "json"]).default("stdout"))
    .action((options: { output: string }) => {
      const { rules } = loadCatalog();
      io.stdout(
        options.output === "json"
          ? `${JSON.stringify(rules.map((rule) => ({ ...rule, examples: undefined })), null, 2)}\n`
          : rulesTable(rules),
      );
      exit.code = 0;
    });
  cli
    .command("explain")
    .description("print a rule's description, remediation and a denied and an allowed example (Terraform's, or in the --format asked for)")
    .argument("<rule>", "a rule ID (TG101) or rule name (training_job_encryption)")
    .option("--format <format>", `the examples' input format: ${Object.keys(exampleFormats).join(", ")} (default: terraform where the rule has a Terraform example)`)
    .action((key: string, options: { format?: string }) => {
      const kind = options.format === undefined ? undefined : kindOf(options.format);
      const rule = findRule(loadCatalog(), key);
      if (!rule) throw new UsageError(`unknown rule "${key}" (transit-guard rules lists them)`);
      io.stdout(explainRule(rule, kind));
      exit.code = 0;
    });
}
