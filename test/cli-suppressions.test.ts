/**
 * Inline suppressions and the baseline command (`transit-guard waivers`): golden transcripts of
 * the binary (test/golden/suppress-*.txt; UPDATE_GOLDEN=1 rewrites them, review the diff), the
 * round trip check → waivers → check --waivers, the refusals of the baseline, and the agreement of
 * the embedded engine (in one evaluation and in parts) with opa eval on the suppression inputs.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { loadCatalog, waivableIds } from "../tooling/catalog.ts";
import { Checker } from "../tooling/check.ts";
import { parseSource, readSource } from "../tooling/inputs/read.ts";
import { readWaivers } from "../tooling/inputs/waivers.ts";
import type { Decision, Finding } from "../tooling/types.ts";
import { opaEvalDecisions, repoRoot, runCli, toolPath, type Transcript } from "./helpers/repo.ts";
import { testTempDir } from "./helpers/temp.ts";

const inputs = "test/inputs/suppressions";
const kinds = ["cloudformation.yaml", "terraform.tfplan.json", "ack.yaml"];
const today = "2026-06-01";
/** A legacy estate: a plan with a failure and a warning, a template and an API body. */
const estate = ["examples/terraform/training-jobs.tfplan.json", "test/inputs/scan/cloudformation/training-stack.yaml", "test/inputs/scan/api"];
const baselineArgs = ["--reason", "Accepted at adoption; encryption rollout tracked in SEC-100", "--expires", "2026-12-31", "--today", today];

/** name → arguments of one transcript. */
const cases: Record<string, string[]> = {
  // Each kind: one suppression applies, one has expired (finding and TG000), one has no reason (TG000).
  "suppress-cloudformation": ["check", "--today", today, `${inputs}/cloudformation.yaml`],
  "suppress-terraform": ["check", "--today", today, `${inputs}/terraform.tfplan.json`],
  "suppress-ack": ["check", "--today", today, `${inputs}/ack.yaml`],
  "suppress-terraform-json": ["check", "-o", "json", "--today", today, `${inputs}/terraform.tfplan.json`],
  "suppress-baseline": ["waivers", "--from", ...estate, ...baselineArgs],
  "suppress-baseline-profile": ["waivers", "--from", `${inputs}/terraform.tfplan.json`, "--profile", "strict", ...baselineArgs],
  "suppress-baseline-error-expires": ["waivers", "--from", ...estate, "--reason", "r", "--expires", "2026-02-30"],
  "suppress-baseline-error-past": ["waivers", "--from", ...estate, "--reason", "r", "--expires", "2026-05-31", "--today", today],
  "suppress-baseline-error-reason": ["waivers", "--from", ...estate, "--reason", " ", "--expires", "2026-12-31"],
  "suppress-baseline-error-no-from": ["waivers", "--reason", "r", "--expires", "2026-12-31"],
  "suppress-baseline-error-input": ["waivers", "--from", "test/inputs/invalid.json", ...baselineArgs],
};

/** A transcript as text; a temporary folder is shown as <tmp>. */
function render(t: Transcript, tmp?: string): string {
  const text = `$ ${t.command}\nexit: ${t.exitCode}\n--- stdout\n${t.stdout}--- stderr\n${t.stderr}`;
  return tmp === undefined ? text : text.split(tmp).join("<tmp>");
}

function golden(name: string, actual: string): void {
  const file = path.join(repoRoot, "test/golden", `${name}.txt`);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
  expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli-suppressions.test.ts`).toBe(true);
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe("golden transcripts", () => {
  it.each(Object.entries(cases))("%s", (name, args) => {
    golden(name, render(runCli(args)));
  });

  it("suppress-round-trip: check fails, waivers accepts today's findings, check --waivers passes", () => {
    const tmp = testTempDir("baseline");
    const file = path.join(tmp, "baseline.yaml");
    const before = runCli(["check", "--today", today, ...estate]);
    const made = runCli(["waivers", "--from", ...estate, ...baselineArgs, "--output", file]);
    const after = runCli(["check", "--today", today, "--waivers", file, ...estate]);
    expect([before.exitCode, made.exitCode, after.exitCode]).toEqual([1, 0, 0]);
    golden("suppress-round-trip", [before, made, after].map((t) => render(t, tmp)).join("\n"));
  });
});

describe("waivers (the baseline)", () => {
  it("accepts every failure and warning as an exception, and nothing else", () => {
    const tmp = testTempDir("baseline");
    const file = path.join(tmp, "baseline.yaml");
    expect(runCli(["waivers", "--from", ...estate, ...baselineArgs, "--output", file]).exitCode).toBe(0);
    const before = JSON.parse(runCli(["check", "-o", "json", "--today", today, ...estate]).stdout) as Conftest[];
    const after = JSON.parse(runCli(["check", "-o", "json", "--today", today, "--waivers", file, ...estate]).stdout) as Conftest[];
    const ids = (items: { metadata: Finding }[]) => items.map((i) => `${i.metadata.id} ${i.metadata.resource}`).sort();
    const open = before.flatMap((r) => ids([...r.failures, ...r.warnings])).sort();
    expect(open.length).toBeGreaterThan(2);
    expect(after.flatMap((r) => ids([...r.failures, ...r.warnings]))).toEqual([]);
    expect(after.flatMap((r) => ids(r.exceptions ?? [])).sort()).toEqual(open);
    // The file is one that --waivers reads, sorted by rule and resource.
    const waivers = readWaivers(file, waivableIds(loadCatalog()));
    const keys = waivers.map((w) => `${w.id} ${w.resource}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("never waives TG000 or TG001, and writes one waiver per rule and resource", () => {
    const tmp = testTempDir("baseline");
    const file = path.join(tmp, "baseline.yaml");
    // The suppression inputs hold TG000 warnings (an expired and an invalid suppression each), and
    // the same resource twice (the same file named twice).
    const from = [`${inputs}/cloudformation.yaml`, `${inputs}/cloudformation.yaml`, `${inputs}/terraform.tfplan.json`];
    expect(runCli(["waivers", "--from", ...from, ...baselineArgs, "--output", file]).exitCode).toBe(0);
    const waivers = readWaivers(file);
    expect(waivers.map((w) => w.id)).not.toContain("TG000");
    expect(waivers.map((w) => `${w.id} ${w.resource}`)).toEqual([
      "TG101 LegacyTraining",
      "TG101 NightlyTraining",
      "TG101 aws_sagemaker_training_job.legacy",
      "TG101 aws_sagemaker_training_job.nightly",
    ]);
  });

  it("refuses to overwrite a file unless --force, and writes nothing on bad input", () => {
    const tmp = testTempDir("baseline");
    const file = path.join(tmp, "baseline.yaml");
    writeFileSync(file, "keep me\n");
    const refused = runCli(["waivers", "--from", ...estate, ...baselineArgs, "--output", file]);
    expect(render(refused, tmp)).toContain(`--- stderr\ntransit-guard: <tmp>/baseline.yaml exists: pass --force to overwrite it\n`);
    expect(refused.exitCode).toBe(2);
    expect(readFileSync(file, "utf8")).toBe("keep me\n");
    const forced = runCli(["waivers", "--from", ...estate, ...baselineArgs, "--output", file, "--force"]);
    expect(forced.exitCode).toBe(0);
    expect(readWaivers(file).length).toBeGreaterThan(0);

    const none = path.join(tmp, "none.yaml");
    for (const args of [
      ["--from", "test/inputs/invalid.json", ...baselineArgs],
      ["--from", ...estate, "--reason", "r", "--expires", "2026-13-01"],
      ["--from", ...estate, ...baselineArgs, "--profile", "hipaa"],
    ]) {
      const t = runCli(["waivers", ...args, "--output", none]);
      expect(t.exitCode, args.join(" ")).toBe(2);
      expect(t.stdout).toBe("");
      expect(t.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(t.stderr).not.toMatch(/\n\s+at |Error:/);
      expect(existsSync(none), args.join(" ")).toBe(false);
    }
    const missingDir = runCli(["waivers", "--from", ...estate, ...baselineArgs, "--output", path.join(tmp, "no", "such", "dir.yaml")]);
    expect(missingDir.exitCode).toBe(2);
    expect(render(missingDir, tmp)).toContain("transit-guard: <tmp>/no/such/dir.yaml: cannot be written (ENOENT)\n");
  });

  it("shows in --help", () => {
    const help = runCli(["--help"]);
    expect(help.stdout).toMatch(/\n {2}waivers \[options\] +write a baseline/);
    const own = runCli(["waivers", "--help"]);
    for (const option of ["--from <paths...>", "--reason <text>", "--expires <date>", "--output <file>", "--force", "--profile"]) {
      expect(own.stdout).toContain(option);
    }
  });
});

interface Conftest {
  failures: { metadata: Finding }[];
  warnings: { metadata: Finding }[];
  exceptions?: { metadata: Finding }[];
}

describe("suppressions in every engine", () => {
  const never = Number.MAX_SAFE_INTEGER;
  let whole: Checker;
  let parts: Checker;
  beforeAll(async () => {
    whole = await Checker.create({ splitAboveBytes: never, parallelAboveBytes: never });
    parts = await Checker.create({ splitAboveBytes: 0 });
  });
  afterAll(async () => {
    await Promise.all([whole.close(), parts.close()]);
  });

  /** JSON with sorted keys (engines build objects in different key orders). */
  const canonical = (value: unknown): string =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`
      : JSON.stringify(value ?? null);
  const identity = (f: Finding) => `${f.id} ${f.resource} ${canonical(f.suppression ?? f.expired_suppression ?? f.invalid_suppression)}`;
  const summary = (d: { deny: Finding[]; warn: Finding[]; exceptions: Finding[] }) => ({
    deny: d.deny.map(identity).sort(),
    warn: d.warn.map(identity).sort(),
    exceptions: d.exceptions.map(identity).sort(),
  });

  it("the embedded engine, whole and in parts, agrees with opa eval", async () => {
    if (!existsSync(toolPath("opa"))) {
      throw new Error(`${toolPath("opa")} is missing: run bash tooling/install-tools.sh (needs Go) to install the pinned OPA`);
    }
    const documents = kinds.flatMap((kind) => parseSource(readSource(path.join(repoRoot, inputs, kind))));
    expect(documents).toHaveLength(5);
    for (const date of [today, "2027-02-01", undefined]) {
      const config = { profiles: [], ...(date === undefined ? {} : { today: date }) };
      const named = Object.fromEntries(documents.map((d, i) => [`${i}`, d.value]));
      const opa: Record<string, Decision> = opaEvalDecisions(named, [], date === undefined ? {} : { today: date });
      for (const [index, document] of documents.entries()) {
        const expected = summary(opa[`${index}`]!);
        const one = await whole.checkDocument(document, config);
        const split = await parts.checkDocument(document, config);
        const where = `${document.file} #${document.index} on ${date ?? "no date"}`;
        expect(summary({ deny: one.failures, warn: one.warnings, exceptions: one.exceptions }), where).toEqual(expected);
        expect(summary({ deny: split.failures, warn: split.warnings, exceptions: split.exceptions }), where).toEqual(expected);
      }
    }
  }, 120_000);

  it("conftest, reading the files itself (its own YAML parser), applies them as the CLI does", () => {
    const conftest = toolPath("conftest");
    if (!existsSync(conftest)) throw new Error(`${conftest} is missing: run bash tooling/install-tools.sh (needs Go) to install the pinned conftest`);
    const tmp = testTempDir("conftest");
    writeFileSync(path.join(tmp, "today.json"), JSON.stringify({ transit_guard_config: { today } }));
    const files = kinds.map((kind) => `${inputs}/${kind}`);
    const run = spawnSync(conftest, ["test", "-p", "policies", "-n", "transit_guard.main", "-d", path.join(tmp, "today.json"), "-o", "json", ...files], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    type Result = { filename: string; failures?: { metadata: Finding }[]; warnings?: { metadata: Finding }[] };
    const key = (items: { metadata: Finding }[] | undefined) => (items ?? []).map((i) => `${i.metadata.id} ${i.metadata.resource}`).sort();
    // By file: conftest reports the documents of a YAML stream together, the CLI one by one.
    const byFile = (results: Result[]) =>
      Object.fromEntries(
        files.map((file) => {
          const mine = results.filter((r) => r.filename === file);
          return [file, { failures: key(mine.flatMap((r) => r.failures ?? [])), warnings: key(mine.flatMap((r) => r.warnings ?? [])) }];
        }),
      );
    const theirs = byFile(JSON.parse(run.stdout) as Result[]);
    const cli = byFile(JSON.parse(runCli(["check", "-o", "json", "--today", today, ...files]).stdout) as Result[]);
    expect(theirs).toEqual(cli);
    expect(theirs[`${inputs}/ack.yaml`]!.warnings).toEqual(["TG000 TrainingJob/legacy", "TG000 TrainingJob/nightly"]);
    expect(theirs[`${inputs}/cloudformation.yaml`]!.failures).toEqual(["TG101 LegacyTraining", "TG101 NightlyTraining"]);
  }, 120_000);

  it("the rules a suppression may name are the rules a waiver may name, less TG001", () => {
    const waivers = readFileSync(path.join(repoRoot, "policies/transit_guard/lib/waivers/suppressions.rego"), "utf8");
    const listed = /\nsuppressible := \{([^}]*)\}/.exec(waivers)?.[1] ?? "";
    const ids = [...listed.matchAll(/"(TG\d{3})"/g)].map((m) => m[1]).sort();
    expect(ids).toEqual([...waivableIds(loadCatalog())].filter((id) => id !== "TG001").sort());
  });
});
