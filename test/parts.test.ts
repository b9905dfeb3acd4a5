/**
 * A large document is evaluated one rule area at a time (policies/transit_guard/main/parts.rego,
 * EngineOptions.splitAboveBytes). Every fixture and example, evaluated area by area, gives the
 * same result as in one evaluation, under every profile. (The differential test compares the
 * area-by-area path with OPA on every generated document above 64 KiB.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import { InputError } from "../tooling/errors.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import { filesBelow, repoRoot } from "./helpers/repo.ts";

let whole: Checker;
let parts: Checker;
beforeAll(async () => {
  whole = await Checker.create({ splitAboveBytes: Number.MAX_SAFE_INTEGER });
  parts = await Checker.create({ splitAboveBytes: 0 });
});
afterAll(async () => {
  await whole.close();
  await parts.close();
});

const files = [
  ...filesBelow(path.join(repoRoot, "policies")).filter((f) => f.includes(`${path.sep}fixtures${path.sep}`)),
  ...filesBelow(path.join(repoRoot, "examples")).filter((f) => /\.(json|ya?ml)$/.test(f) && !f.includes(`${path.sep}ci${path.sep}`)),
].filter((f) => /\.(json|ya?ml)$/.test(f) && !f.endsWith("profiles.json"));

describe("area by area gives the decision of one evaluation", () => {
  it("has fixtures and examples to compare", () => {
    expect(files.length).toBeGreaterThan(100);
  });
  for (const profiles of [[], ["healthcare"], ["strict"], ["fips"]]) {
    it(`every fixture and example, profiles [${profiles.join(", ")}]`, async () => {
      let compared = 0;
      for (const file of files) {
        let documents;
        try {
          documents = parseSource({ file, text: readFileSync(file, "utf8") });
        } catch (error) {
          if (error instanceof InputError) continue;
          throw error;
        }
        for (const document of documents) {
          const config = { profiles: profiles as never[], today: "2026-12-04" };
          const expected = await whole.checkDocument(document, config).catch((error: unknown) => String(error));
          const actual = await parts.checkDocument(document, config).catch((error: unknown) => String(error));
          expect(actual, `${path.relative(repoRoot, file)} #${document.index}`).toEqual(expected);
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(100);
    }, 300_000);
  }
});
