/**
 * The GitHub Action (action.yml, action/dist/index.mjs), run as the runner runs it: from a clone of
 * this repository at the release tag, without node_modules, with its inputs as INPUT_* variables
 * and the runner's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { actionMetadata, gitEnv, must, releaseTag, runAction, tagRepository } from "./helpers/ci.ts";
import { repoRoot } from "./helpers/repo.ts";
import { suiteTempDir, testTempDir } from "./helpers/temp.ts";

const plan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");
const cleanTemplate = path.join(
  repoRoot,
  "policies/transit_guard/rules/encryption/processing_job_encryption/fixtures/allowed/cloudformation_processing_job_encrypted.yaml",
);

describe("action.yml", () => {
  const metadata = actionMetadata();

  it("is a JavaScript action on Node 24 whose entry point is the committed build", () => {
    expect(metadata.runs).toEqual({ using: "node24", main: "action/dist/index.mjs" });
    expect(existsSync(path.join(repoRoot, metadata.runs.main))).toBe(true);
  });

  it("declares exactly the inputs the entry point reads, and the outputs it writes", () => {
    const source = readFileSync(path.join(repoRoot, "action/main.ts"), "utf8");
    const read = [...source.matchAll(/(?:input|booleanInput|listInput)\("([a-z-]+)"/g)].map((m) => m[1]);
    expect([...new Set(read)].sort()).toEqual(Object.keys(metadata.inputs).sort());
    expect(Object.keys(metadata.outputs).sort()).toEqual(["exit-code", "failures", "sarif-file", "warnings"]);
    for (const spec of Object.values(metadata.inputs)) expect(spec.required).toBe(false);
  });

  it("is self-contained: action/dist imports nothing but Node's modules and its own files", () => {
    const dist = path.join(repoRoot, "action/dist");
    for (const file of readdirSync(dist).filter((name) => name.endsWith(".mjs"))) {
      const text = readFileSync(path.join(dist, file), "utf8");
      const specifiers = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^;"']*?from\s*"([^"]+)"|import\("([^"]+)"\)|^import\s*"([^"]+)"/gm)]
        .map((m) => m[1] ?? m[2] ?? m[3]!);
      for (const specifier of specifiers) expect(specifier, `${file} imports ${specifier}`).toMatch(/^(node:|\.\/)/);
    }
  });
});

describe("the action, run as the runner runs it", () => {
  const suite = suiteTempDir("action");
  let action = "";

  beforeAll(() => {
    // The runner downloads owner/repo@tag into _actions/owner/repo/tag: a clone at the tag.
    const { url } = tagRepository(path.join(suite(), "origin"));
    action = path.join(suite(), "_actions/example-org/sagemaker-transit-guard", releaseTag);
    must("git", ["clone", "--quiet", "--depth", "1", "--branch", releaseTag, url, action], { cwd: suite(), env: gitEnv(suite()) });
    expect(existsSync(path.join(action, "node_modules"))).toBe(false);
  });

  /** A workspace holding `files` (workspace path → source file or text). */
  function workspace(files: Record<string, string>): string {
    const dir = testTempDir("workspace");
    for (const [name, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      if (existsSync(source)) copyFileSync(source, path.join(dir, name));
      else writeFileSync(path.join(dir, name), source);
    }
    return dir;
  }
  const run = (dir: string, inputs: Record<string, string> = {}) =>
    runAction({ action, workspace: dir, temp: path.join(dir, ".runner"), with: inputs });

  it("fails the step on a failure, with the outputs, a SARIF file and a job summary", () => {
    const dir = workspace({ "infra/plan.json": plan });
    const result = run(dir, { paths: "infra/plan.json", profile: "healthcare" });
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toEqual({ "exit-code": "1", failures: "2", warnings: "0", "sarif-file": "transit-guard.sarif" });
    // The default output: GitHub annotations in the log, then the action's own error.
    expect(result.stdout).toContain("::error file=infra/plan.json,line=");
    expect(result.stdout).toMatch(/::error title=Transit Guard::Transit Guard found 2 failures \(listed in the log, the job summary and transit-guard\.sarif\)\.\n$/);
    const sarif = JSON.parse(readFileSync(path.join(dir, "transit-guard.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId.slice(0, 5))).toEqual(["TG101", "TG101"]);
    expect(result.summary).toContain("**Failed**: 2 failures, 0 warnings, 0 exceptions in 1 document.");
    expect(result.summary).toContain("| failure | TG101 | HIGH | aws_sagemaker_training_job.distributed | infra/plan.json |");
    // The action's own report file is gone; nothing but what was asked for is left.
    expect(readdirSync(path.join(dir, ".runner")).filter((name) => name.startsWith("transit-guard-"))).toEqual([]);
  });

  it("passes with soft-fail, and still tells through the outputs", () => {
    const dir = workspace({ "infra/plan.json": plan });
    const result = run(dir, { paths: "infra/plan.json", "soft-fail": "true" });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ "exit-code": "1", failures: "1", warnings: "1" });
    expect(result.stdout).toContain("::warning title=Transit Guard::Transit Guard found 1 failure and 1 warning");
    expect(result.stdout).toContain("soft-fail is set: the step passes.");
    expect(result.summary).toContain("**Failed (soft-fail: the step passes)**");
  });

  it("passes on a clean input, with every format asked for", () => {
    const dir = workspace({ "cfn/stack.yaml": cleanTemplate });
    const result = run(dir, { paths: "cfn/stack.yaml", outputs: "stdout\njunit=transit-guard.xml", "sarif-file": "" });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ "exit-code": "0", failures: "0", warnings: "0", "sarif-file": "" });
    expect(result.stdout).toContain("cfn/stack.yaml (cloudformation");
    expect(readFileSync(path.join(dir, "transit-guard.xml"), "utf8")).toContain("<testsuites");
    expect(existsSync(path.join(dir, "transit-guard.sarif"))).toBe(false);
    expect(result.summary).toContain("**Passed**: 0 failures");
  });

  it("walks the workspace by default, skipping what is not an input", () => {
    const dir = workspace({ "infra/plan.json": plan, "package.json": '{"name": "app"}\n' });
    const result = run(dir);
    expect(result.exitCode).toBe(1);
    expect(result.summary).toContain("1 file skipped (not a supported input)");
  });

  it("reports input it cannot check as such (exit 2), never as findings, even with soft-fail", () => {
    const dir = workspace({ "infra/plan.json": '{"format_version": "1.2", "resource_changes": [\n' });
    for (const softFail of ["false", "true"]) {
      const result = run(dir, { paths: "infra/plan.json", "soft-fail": softFail });
      expect(result.exitCode).toBe(2);
      expect(result.outputs).toEqual({ "exit-code": "2", failures: "", warnings: "", "sarif-file": "" });
      expect(result.stdout).toMatch(/^::error title=Transit Guard could not check::transit-guard: infra\/plan\.json:\d+:\d+: invalid JSON/m);
      expect(result.log).not.toMatch(/found|unencrypted/i);
      expect(result.summary).toContain("**Could not check** (exit code 2)");
      expect(existsSync(path.join(dir, "transit-guard.sarif"))).toBe(false);
    }
  });

  it("does not upload an old SARIF file as this run's", () => {
    const dir = workspace({ "infra/plan.json": "{\n", "transit-guard.sarif": '{"runs": []}\n' });
    const result = run(dir, { paths: "infra/plan.json" });
    expect(result.exitCode).toBe(2);
    expect(result.outputs["sarif-file"]).toBe("");
    expect(existsSync(path.join(dir, "transit-guard.sarif"))).toBe(false);
  });

  it("uses transit-guard-waivers.yaml when the workspace has one; a waivers file named must exist", () => {
    const waivers = [
      "waivers:",
      "  - id: TG101",
      "    resource: module.experiments.*",
      "    reason: sandbox account (SEC-42)",
      "    expires: 2999-12-31",
      "",
    ].join("\n");
    const without = run(workspace({ "infra/plan.json": plan }), { paths: "infra/plan.json", profile: "healthcare" });
    expect(without.outputs.failures).toBe("2");
    const dir = workspace({ "infra/plan.json": plan, "transit-guard-waivers.yaml": waivers });
    const waived = run(dir, { paths: "infra/plan.json", profile: "healthcare" });
    expect(waived.outputs).toMatchObject({ "exit-code": "1", failures: "1" });
    expect(waived.summary).toContain("1 exception");
    const missing = run(dir, { paths: "infra/plan.json", waivers: "security/waivers.yaml" });
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toMatch(/::error title=Transit Guard could not check::transit-guard: security\/waivers\.yaml/);
  });

  it("reads the configuration file; the waivers it names win over the default file", () => {
    const config = ["profiles: [healthcare]", "waivers: none.yaml", ""].join("\n");
    const dir = workspace({ "infra/plan.json": plan, ".transit-guard.yaml": config, "transit-guard-waivers.yaml": "waivers: []\n" });
    // The configuration's waivers file does not exist: the run says so rather than using the default one.
    const result = run(dir, { paths: "infra/plan.json" });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain("::error title=Transit Guard could not check::transit-guard: .transit-guard.yaml:2");
    writeFileSync(path.join(dir, "none.yaml"), "waivers: []\n");
    const named = run(dir, { paths: "infra/plan.json", config: ".transit-guard.yaml" });
    expect(named.outputs).toMatchObject({ "exit-code": "1", failures: "2" });
  });

  it("refuses an input that is not true or false where a boolean is expected", () => {
    const result = run(workspace({ "infra/plan.json": plan }), { "soft-fail": "yes" });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('::error title=Transit Guard could not check::transit-guard: input soft-fail: expected true or false, got "yes"');
  });

  it("reads inputs only as the runner names them (INPUT_SARIF-FILE keeps its dash)", () => {
    const dir = workspace({ "cfn/stack.yaml": cleanTemplate });
    const result = runAction({
      action,
      workspace: dir,
      temp: path.join(dir, ".runner"),
      with: { paths: "cfn/stack.yaml" },
      env: { "INPUT_SARIF-FILE": "scan.sarif", INPUT_SARIF_FILE: "wrong.sarif" },
    });
    expect(result.outputs["sarif-file"]).toBe("scan.sarif");
    expect(existsSync(path.join(dir, "wrong.sarif"))).toBe(false);
  });

  it("runs under Node 24, the runtime of runs.using: node24", () => {
    const node24 = path.join(repoRoot, ".tools/node/node_modules/node24/bin/node");
    if (!existsSync(node24)) {
      throw new Error(`${node24} is missing: run "npm run tools" (tooling/install-tools.sh installs Node 22 and 24 from tooling/node)`);
    }
    expect(spawnSync(node24, ["--version"], { encoding: "utf8" }).stdout).toMatch(/^v24\./);
    const dir = workspace({ "infra/plan.json": plan });
    const result = runAction({ action, workspace: dir, temp: path.join(dir, ".runner"), with: { paths: "infra/plan.json" }, node: node24 });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ "exit-code": "1", failures: "1", warnings: "1", "sarif-file": "transit-guard.sarif" });
  });

  it("runs without any package installed", () => {
    const listing = spawnSync("git", ["ls-files"], { cwd: action, encoding: "utf8" }).stdout;
    expect(listing).toContain("action/dist/index.mjs");
    expect(listing).not.toContain("node_modules/");
  });
});
