/**
 * The SARIF output of fixture runs is valid SARIF 2.1.0: validated with ajv against the official
 * JSON Schema (sarif-2.1.0-rtm.5, as shipped by the dev dependency @microsoft/jest-sarif; draft-04,
 * hence ajv-draft-04), and every result points at a rule of tool.driver.rules that carries the
 * rule's METADATA as help.
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
    tool: { driver: { rules: { id: string; help: { text: string }; shortDescription: { text: string } }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      suppressions?: unknown[];
      locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
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
    expect(rules.map((r) => r.id)).toEqual(loadCatalog().rules.map((r) => r.id));
    for (const rule of rules) expect(rule.help.text.length).toBeGreaterThan(20);
    expect(run!.results.length).toBeGreaterThan(10);
    for (const result of run!.results) {
      expect(rules[result.ruleIndex]!.id).toBe(result.ruleId);
      const location = result.locations[0]!.physicalLocation;
      expect(path.isAbsolute(location.artifactLocation.uri)).toBe(false);
      expect(readFileSync(path.join(repoRoot, decodeURIComponent(location.artifactLocation.uri)), "utf8")).not.toBe("");
    }
    // Every denied fixture of TG101 has a result with a line; the skipped files are notifications.
    const denied = run!.results.filter((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.includes("/denied/"));
    expect(denied.length).toBeGreaterThan(5);
    expect(denied.every((r) => (r.locations[0]!.physicalLocation.region?.startLine ?? 0) >= 1)).toBe(true);
    expect(run!.invocations[0]!.exitCode).toBe(1);
    expect(run!.invocations[0]!.toolExecutionNotifications).toHaveLength(2);
  });

  it("a waived finding is a suppressed result, and the run still validates", () => {
    const log = sarif(["--today", "2026-06-01", "--waivers", "test/inputs/waivers/applies.yaml", "test/inputs/scan"]);
    const results = log.runs[0]!.results;
    expect(results.map((r) => [r.ruleId, r.suppressions?.length ?? 0])).toEqual([
      ["TG101", 1],
      ["TG101", 1],
    ]);
    expect(log.runs[0]!.invocations[0]!.exitCode).toBe(0);
  });
});
