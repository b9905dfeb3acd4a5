/**
 * Conformance against real files other people wrote (../shared/corpus, read-only, never copied
 * into this repository): the CLI must not crash on any of them, must produce a valid report or a
 * one-line error, and must give the findings recorded (and reviewed by hand) in
 * test/corpus-expected.json. Outside this repository's CI the corpus may be absent: the suite then
 * says so and its tests are counted as skipped, by name.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { findingErrors } from "../tooling/inputs/validate.ts";
import { filesBelow, repoRoot, runCli } from "./helpers/repo.ts";

/** What a corpus file must give: the exit code, and either findings or the start of the error. */
interface Expected {
  exit: number;
  findings?: string[];
  error?: string;
  /** Why this is the right result (the hand review). */
  review: string;
}

const corpus = path.resolve(repoRoot, "../shared/corpus");
const expected = JSON.parse(readFileSync(path.join(repoRoot, "test/corpus-expected.json"), "utf8")) as Record<
  string,
  Expected
>;
const present = existsSync(corpus);
const files = present
  ? filesBelow(corpus)
      .map((f) => path.relative(corpus, f))
      .filter((f) => f !== "SOURCES.md")
  : Object.keys(expected);

interface Report {
  failures: { msg: string; metadata: Record<string, unknown> }[];
  warnings: { msg: string; metadata: Record<string, unknown> }[];
}

describe.skipIf(!present)(`corpus conformance (${present ? corpus : "../shared/corpus is not present: skipped"})`, () => {
  it.each(files)("%s", (file) => {
    const want = expected[file];
    expect(want, `${file} is new in the corpus: review it and record its result in test/corpus-expected.json`).toBeDefined();
    const run = runCli(["check", "--output", "json", path.join(corpus, file)]);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.exitCode).toBe(want!.exit);
    if (run.exitCode === 2) {
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(want!.error);
      return;
    }
    const reports = JSON.parse(run.stdout) as Report[];
    const found = reports.flatMap((r) => [
      ...r.failures.map((f) => ({ level: "FAIL", ...f })),
      ...r.warnings.map((f) => ({ level: "WARN", ...f })),
    ]);
    for (const f of found) expect(findingErrors({ msg: f.msg, ...f.metadata })).toBe("");
    expect(found.map((f) => `${f.level} ${f.metadata.id} ${f.metadata.resource}`).sort()).toEqual(
      [...(want!.findings ?? [])].sort(),
    );
  });

  it("records no file that the corpus no longer has", () => {
    expect(Object.keys(expected).filter((f) => !files.includes(f))).toEqual([]);
  });
});
