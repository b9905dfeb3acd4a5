/**
 * The SARIF output of fixture runs is valid SARIF 2.1.0: validated with ajv against the official
 * JSON Schema (sarif-2.1.0-rtm.5, as shipped by the dev dependency @microsoft/jest-sarif; draft-04,
 * hence ajv-draft-04), and every result points at a rule of tool.driver.rules that carries the
 * rule's METADATA as help. And it is what code scanning needs (issue 10 §6): the severity GitHub
 * shows (the security-severity of the result's rule descriptor) is the finding's own, every result
 * has a region, and the partial fingerprints never depend on a line.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import AjvDraft04 from "ajv-draft-04";
import formats from "ajv-formats";
import { describe, expect, it } from "vitest";

import { loadCatalog } from "../tooling/catalog.ts";
import { repoRoot, runCli } from "./helpers/repo.ts";

const require = createRequire(import.meta.url);
const schemaFile = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
// Both are CommonJS modules: their classes are on .default under Node's ESM interop. The schema
// is OASIS's, not ours: strict mode (for our own schemas) would refuse its draft-04 idioms, and
// its pattern for `language` ("...]?$") is only valid without the u flag, as draft-04 reads it.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
formats.default(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")) as object);

interface Log {
  runs: {
    tool: {
      driver: {
        informationUri?: string;
        rules: {
          id: string;
          help: { text: string };
          shortDescription: { text: string };
          defaultConfiguration: { level: string };
          properties: { "security-severity": string; severity: string; tags: string[] };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      suppressions?: unknown[];
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn?: number } };
        logicalLocations: { name: string }[];
      }[];
      partialFingerprints: Record<string, string>;
      properties: { severity: string; "security-severity": string };
    }[];
    invocations: { exitCode: number; toolExecutionNotifications?: unknown[] }[];
  }[];
}

function sarif(args: string[]): Log {
  const run = runCli(["check", "--output", "sarif", ...args]);
  expect(run.stderr).toBe("");
  expect(validate(JSON.parse(run.stdout)), ajv.errorsText(validate.errors, { separator: "\n" })).toBe(true);
  return JSON.parse(run.stdout) as Log;
}

const fixtures = "policies/transit_guard/rules/encryption/training_job_encryption/fixtures";

describe("SARIF 2.1.0", () => {
  it("the validator refuses what is not SARIF 2.1.0 (it checks something)", () => {
    expect(validate({ version: "2.1.0" })).toBe(false); // runs is required
    expect(validate({ version: "2.0.0", runs: [] })).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false); // driver.name
  });

  it("a fixture run (every fixture of TG101, a directory scan) is valid and complete", () => {
    const log = sarif([fixtures, "test/inputs/scan"]);
    const [run] = log.runs;
    const rules = run!.tool.driver.rules;
    // the catalog's rules, then a sub-rule per other severity a finding has (TG101/LOW)
    expect(rules.filter((r) => !r.id.includes("/")).map((r) => r.id)).toEqual(loadCatalog().rules.map((r) => r.id));
    expect(rules.filter((r) => r.id.includes("/")).map((r) => r.id)).toEqual(["TG101/LOW"]);
    for (const rule of rules) expect(rule.help.text.length).toBeGreaterThan(20);
    expect(run!.results.length).toBeGreaterThan(10);
    for (const result of run!.results) {
      expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
      const location = result.locations[0]!.physicalLocation;
      expect(path.isAbsolute(location.artifactLocation.uri)).toBe(false);
      expect(readFileSync(path.join(repoRoot, decodeURIComponent(location.artifactLocation.uri)), "utf8")).not.toBe("");
    }
    // Every result has a region (code scanning shows none without), and its own fingerprint.
    const denied = run!.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.includes("/denied/"));
    expect(denied.length).toBeGreaterThan(5);
    for (const result of run!.results) {
      expect(result.locations[0]!.physicalLocation.region!.startLine, result.ruleId).toBeGreaterThanOrEqual(1);
      expect(result.locations[0]!.physicalLocation.region!.startColumn, result.ruleId).toBeGreaterThanOrEqual(1);
    }
    const hashes = run!.results.map((r) => r.partialFingerprints.primaryLocationLineHash);
    expect(new Set(hashes).size).toBe(hashes.length);
    // The skipped files are notifications.
    expect(run!.invocations[0]!.exitCode).toBe(1);
    expect(run!.invocations[0]!.toolExecutionNotifications).toHaveLength(2);
  });

  it("a waived finding is a suppressed result, and the run still validates", () => {
    const log = sarif(["--today", "2026-06-01", "--waivers", "test/inputs/waivers/applies.yaml", "test/inputs/scan"]);
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.suppressions?.length ?? 0])).toEqual([
      ["TG101/LOW", 1],
      ["TG101", 1],
    ]);
    expect(log.runs[0]!.invocations[0]!.exitCode).toBe(0);
  });

  it("the severity code scanning shows is the finding's: a LOW finding of a HIGH rule has a LOW descriptor", () => {
    const log = sarif(["examples/terraform/source-mapped/plan.json"]);
    const run = log.runs[0]!;
    const { rules, informationUri } = run.tool.driver;
    expect(informationUri).toMatch(/^https:\/\//);
    const score: Record<string, string> = { HIGH: "8.0", MEDIUM: "5.5", LOW: "3.0" };
    const catalog = new Map(loadCatalog().rules.map((r) => [r.id, r.severity]));
    const shown = run.results.map((result) => {
      const rule = rules[result.ruleIndex]!;
      expect(rule.id).toBe(result.ruleId);
      // GitHub reads the descriptor's security-severity; it must grade the finding, not its rule.
      expect(rule.properties["security-severity"]).toBe(score[result.properties.severity]);
      expect(result.properties["security-severity"]).toBe(score[result.properties.severity]);
      expect(rule.properties.tags[0]).toBe("security");
      return [result.ruleId, result.properties.severity, result.level];
    });
    expect(shown).toEqual([
      ["TG105", "HIGH", "error"],
      ["TG401", "HIGH", "error"],
      ["TG105/LOW", "LOW", "warning"],
      ["TG402", "LOW", "warning"],
    ]);
    expect(catalog.get("TG105")).toBe("HIGH");
    expect(catalog.get("TG402")).toBe("LOW");
    // The sub-rule keeps its rule's text and is graded at its own severity.
    const low = rules.find((r) => r.id === "TG105/LOW")!;
    const high = rules.find((r) => r.id === "TG105")!;
    expect(low.help).toEqual(high.help);
    expect([low.defaultConfiguration.level, low.properties.severity]).toEqual(["note", "LOW"]);
    expect(rules.filter((r) => r.id.includes("/")).map((r) => r.id)).toEqual(["TG105/LOW"]);
  });

  it("pipeline steps and states have a region: where their name is, in the plan's embedded definition or the state machine", () => {
    const step = "policies/transit_guard/rules/encryption/processing_job_encryption/fixtures/denied/tfplan_pipeline_processing_step.json";
    const machine = `${fixtures}/denied/sfn_training_unencrypted.asl.json`;
    const log = sarif([step, machine, "examples/step-functions/map-training.asl.json"]);
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const result of results) {
      const { artifactLocation, region } = result.locations[0]!.physicalLocation;
      const line = readFileSync(path.join(repoRoot, artifactLocation.uri), "utf8").split("\n")[region!.startLine - 1]!;
      const name = result.locations[0]!.logicalLocations[0]!.name.split(/[/#]/).at(-1)!;
      // the region starts at the name (a key or a value, JSON-escaped inside a definition string)
      const rest = line.slice(region!.startColumn! - 1);
      expect([name, `"${name}"`, `\\"${name}\\"`].some((start) => rest.startsWith(start)), `${name} at ${rest.slice(0, 40)}`).toBe(true);
    }
    const embedded = results.find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === step)!;
    const text = readFileSync(path.join(repoRoot, step), "utf8").split("\n")[embedded.locations[0]!.physicalLocation.region!.startLine - 1]!;
    expect(text.slice(embedded.locations[0]!.physicalLocation.region!.startColumn! - 1).startsWith('\\"DeidentifyNotes\\"')).toBe(true);
  });

  it("fingerprints come from the rule, the input kind, the file and the resource, never from a line", () => {
    const first = sarif([fixtures, "examples/terraform/source-mapped/plan.json"]).runs[0]!.results;
    const again = sarif([fixtures, "examples/terraform/source-mapped/plan.json"]).runs[0]!.results;
    expect(again.map((r) => r.partialFingerprints)).toEqual(first.map((r) => r.partialFingerprints));
    for (const result of first) {
      const identity = result.partialFingerprints["transitGuardFinding/v2"]!;
      const [id, , uri, resource] = identity.split("|");
      expect(result.ruleId.split("/")[0]).toBe(id);
      expect(uri).toBe(result.locations[0]!.physicalLocation.artifactLocation.uri);
      expect(resource).toBe(result.locations[0]!.logicalLocations[0]!.name);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:\d+$/);
    }
  });
});
