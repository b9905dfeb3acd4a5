/**
 * Every rule has allowed and denied fixtures, realistic whole files, and they say what they claim:
 * an allowed fixture draws no finding of its rule, a denied one at least one (deny or warn), and
 * every finding matches schemas/finding.schema.json. A fixture folder may hold a profiles.json (e.g.
 * ["fips"]): its fixtures are then checked under those profiles (rules that only a profile enables).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import { engineInput } from "../tooling/inputs/project.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import { findingErrors } from "../tooling/inputs/validate.ts";
import type { Decision, DocumentKind, Finding, Projection } from "../tooling/types.ts";
import { filesBelow, repoRoot, ruleDirs } from "./helpers/repo.ts";

let checker: Checker;
let projection: Projection;
beforeAll(async () => {
  checker = await Checker.create();
  projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
});

/** The profiles a fixture folder asks for (profiles.json), none by default. */
function folderProfiles(folder: string): string[] {
  const file = path.join(folder, "profiles.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : [];
}

/**
 * The findings of every document of a fixture file, as the CLI's engine gives them. A document of
 * no recognised kind, which the CLI refuses before evaluation, is evaluated as an OPA server or
 * conftest evaluates it (TG001's denied fixtures).
 */
async function findings(file: string, profiles: string[]): Promise<Finding[]> {
  const documents = parseSource({ file, text: readFileSync(file, "utf8") });
  const found: Finding[] = [];
  for (const d of documents) {
    const input = engineInput(d.value, projection);
    const kind = await checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, { profiles }, { more: true });
    if (kind.kind === "unknown") {
      const decision = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles });
      found.push(...decision.deny, ...decision.warn);
    } else {
      const result = await checker.checkDocument(d, { profiles });
      found.push(...result.failures, ...result.warnings);
    }
  }
  return found;
}

function ruleId(dir: string): string {
  const rego = readFileSync(path.join(dir, `${path.basename(dir)}.rego`), "utf8");
  const id = /^#\s+id: (TG\d{3})$/m.exec(rego)?.[1];
  if (!id) throw new Error(`${dir}: METADATA has no custom.id`);
  return id;
}

describe.each(ruleDirs().map((dir) => [path.relative(repoRoot, dir), dir]))("%s", (_name, dir) => {
  const id = ruleId(dir);
  for (const verdict of ["allowed", "denied"] as const) {
    const folder = path.join(dir, "fixtures", verdict);
    const files = existsSync(folder) ? filesBelow(folder).filter((f) => path.basename(f) !== "profiles.json") : [];
    const profiles = existsSync(folder) ? folderProfiles(folder) : [];
    it(`has ${verdict} fixtures`, () => {
      expect(files.length > 0, `${folder} is missing or empty`).toBe(true);
    });
    it.each(files.map((f) => [path.basename(f), f]))(`${verdict}/%s`, async (_file, file) => {
      const found = await findings(file, profiles);
      for (const finding of found) expect(findingErrors(finding)).toBe("");
      const own = found.filter((f) => f.id === id);
      if (verdict === "allowed") expect(own).toEqual([]);
      else expect(own.length).toBeGreaterThan(0);
    });
  }
});
