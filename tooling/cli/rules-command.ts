/**
 * `transit-guard rules` lists the rule catalog; `transit-guard explain <ID>` prints one rule with
 * its description, remediation and a denied and an allowed example from its fixtures. Both read
 * bundle/catalog.json (generated from the rules' METADATA by npm run build), so no OPA is needed.
 */
import { type Command,Option } from "commander";

import { findRule, loadCatalog, type RuleInfo } from "../catalog.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "./main.ts";

/** The catalog as a table: ID, severity, title, input kinds. */
function rulesTable(rules: RuleInfo[]): string {
  const rows = [["ID", "SEVERITY", "TITLE", "INPUTS"], ...rules.map((r) => [r.id, r.severity, r.title, r.input_kinds.join(", ")])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]!.length)));
  return `${rows.map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  ")).join("\n")}\n`;
}

/** One rule, for a terminal. */
function explainRule(rule: RuleInfo): string {
  const lines = [
    `${rule.id}: ${rule.title}`,
    `rule ${rule.name}, severity ${rule.severity}, inputs ${rule.input_kinds.join(", ")}`,
    `source ${rule.source}`,
    "",
    rule.description,
    "",
    `Remediation: ${rule.remediation}`,
  ];
  for (const [label, sample] of [["Denied", rule.examples.denied], ["Allowed", rule.examples.allowed]] as const) {
    if (!sample) continue;
    lines.push("", `${label} example (${sample.file}):`, "", ...sample.text.trimEnd().split("\n").map((l) => `    ${l}`));
  }
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
    .description("print a rule's description, remediation and a denied and an allowed example")
    .argument("<rule>", "a rule ID (TG101) or rule name (training_job_encryption)")
    .action((key: string) => {
      const rule = findRule(loadCatalog(), key);
      if (!rule) throw new UsageError(`unknown rule "${key}" (transit-guard rules lists them)`);
      io.stdout(explainRule(rule));
      exit.code = 0;
    });
}
