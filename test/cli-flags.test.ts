/**
 * The flags a Checkov, Trivy or conftest user knows (--no-fail, --soft-fail, --quiet, --no-color,
 * --output FORMAT=FILE, --check, --skip-check, --severity-threshold), the configuration file
 * (.transit-guard.yaml, found upwards or named with --config), explain --format and the removed
 * -p: golden transcripts (test/golden/flags-*.txt; UPDATE_GOLDEN=1 rewrites them), and the
 * selection and threshold decided alike by the embedded engine and opa eval.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

import { beforeAll, describe, expect, it } from "vitest";

import { run } from "../tooling/cli/main.ts";
import { exitCode, format, TransitGuard } from "../tooling/index.ts";
import { parseSource, readSource } from "../tooling/inputs/read.ts";
import { formatters } from "../tooling/output/registry.ts";
import type { Decision, Finding } from "../tooling/types.ts";
import { opaEvalDecisions, repoRoot, runCli, type Transcript } from "./helpers/repo.ts";
import { suiteTempDir, testTempDir } from "./helpers/temp.ts";

const plan = "examples/terraform/training-jobs.tfplan.json";
const training = "policies/transit_guard/rules/encryption/training_job_encryption/fixtures";
/** A single-instance job without encryption: one LOW warning, nothing else. */
const single = `${training}/denied/create_training_job_single.yaml`;
const scan = "test/inputs/scan";
const pair = [`${scan}/cloudformation/training-stack.yaml`, `${scan}/api/create-training-job.json`];

/** A folder tree for the configuration file: work/.transit-guard.yaml and a plan two folders below. */
const tree = suiteTempDir("flags");

beforeAll(() => {
  const work = path.join(tree(), "work");
  mkdirSync(path.join(work, "infra", "prod"), { recursive: true });
  mkdirSync(path.join(work, "reports"));
  mkdirSync(path.join(work, "settings"));
  mkdirSync(path.join(work, "bad"));
  copyFileSync(path.join(repoRoot, plan), path.join(work, "infra", "prod", "plan.json"));
  copyFileSync(path.join(repoRoot, single), path.join(work, "infra", "single.yaml"));
  writeFileSync(
    path.join(work, ".transit-guard.yaml"),
    ["# found from infra/prod upwards", "profiles: [healthcare]", "outputs: [stdout, json=reports/transit-guard.json]", "quiet: true", ""].join("\n"),
  );
  writeFileSync(
    path.join(work, "settings", "ci.yml"),
    ["skip-checks: [tg101]", "no-fail: true", "waivers: ../waivers.yaml", ""].join("\n"),
  );
  writeFileSync(
    path.join(work, "waivers.yaml"),
    ["waivers:", "  - {id: TG402, resource: aws_s3_bucket.x, reason: test, expires: 2099-12-31}", ""].join("\n"),
  );
  writeFileSync(path.join(work, "bad", "unknown-key.yaml"), ["profiles: [fips]", "soft-fail: true", ""].join("\n"));
  writeFileSync(path.join(work, "bad", "threshold.yaml"), ["# a typo in the level", "severity-threshold: URGENT", ""].join("\n"));
  writeFileSync(path.join(work, "bad", "checks.yaml"), ["checks:", "  - TG101", "  - TG999", ""].join("\n"));
  writeFileSync(path.join(work, "bad", "skip-tg001.yaml"), ["skip-checks: [TG001]", ""].join("\n"));
  writeFileSync(path.join(work, "bad", "waivers.yaml"), ["waivers: missing-waivers.yaml", ""].join("\n"));
  writeFileSync(path.join(work, "bad", "profiles.yaml"), ["profiles: healthcare", ""].join("\n"));
});

/** Runs the binary in a folder (default: the repository), without colour. */
function runIn(cwd: string, args: string[], stdin?: string): Transcript {
  const result = spawnSync(process.execPath, [path.join(repoRoot, "tooling/cli/bin.mjs"), ...args], {
    cwd,
    encoding: "utf8",
    input: stdin ?? "",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { command: `transit-guard ${args.join(" ")}`, exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** name → arguments, and the folder below the temp tree to run in (default: the repository). */
const cases: Record<string, { args: string[]; cwd?: string }> = {
  "flags-no-fail": { args: ["check", "--no-fail", plan] },
  "flags-soft-fail": { args: ["check", "--soft-fail", "--fail-on-warn", plan] },
  "flags-no-fail-bad-input": { args: ["check", "--no-fail", plan, "test/inputs/empty.json"] },
  "flags-quiet-stdout": { args: ["check", "--quiet", ...pair, plan] },
  "flags-quiet-table": { args: ["check", "--quiet", "-o", "table", ...pair] },
  "flags-quiet-github": { args: ["check", "--quiet", "-o", "github", ...pair] },
  "flags-quiet-nothing-failed": { args: ["check", "--quiet", single] },
  "flags-quiet-json-whole": { args: ["check", "--quiet", "-o", "json", single] },
  "flags-no-color": { args: ["check", "--no-color", single] },
  "flags-output-two-stdout": { args: ["check", "-o", "json", "--output", "table", plan] },
  "flags-output-missing-folder": { args: ["check", "--output", "sarif=no-such-folder/results.sarif", plan] },
  "flags-output-no-file": { args: ["check", "--output", "sarif=", plan] },
  "flags-output-unknown": { args: ["check", "--output", "xml=results.xml", plan] },
  "flags-output-same-file": { args: ["check", "--output", "json=r.out", "--output", "sarif=r.out", plan] },
  "flags-check": { args: ["check", "--check", "TG102,TG103", plan] },
  "flags-check-unknown": { args: ["check", "--check", "TG101", "--check", "TG999", plan] },
  "flags-skip-check": { args: ["check", "--skip-check", "tg101", "-o", "table", plan] },
  "flags-skip-check-tg001": { args: ["check", "--skip-check", "TG001", plan] },
  "flags-severity-threshold": { args: ["check", "--severity-threshold", "medium", "--fail-on-warn", single] },
  "flags-severity-threshold-critical-json": { args: ["check", "--severity-threshold", "CRITICAL", "-o", "json", plan] },
  "flags-severity-threshold-table": { args: ["check", "--severity-threshold", "HIGH", "-o", "table", plan] },
  "flags-severity-threshold-invalid": { args: ["check", "--severity-threshold", "URGENT", plan] },
  "flags-p-removed": { args: ["check", "-p", "strict", plan] },
  // A named file that parses but is no supported input (a JSON array, as a CloudFormation
  // parameter file is) is skipped and listed instead of failing the run; one that does not parse
  // still fails.
  "flags-skip-unsupported": { args: ["check", "--skip-unsupported", "test/inputs/scan/cloudformation/training-stack.yaml", "test/inputs/array.json"] },
  "flags-skip-unsupported-invalid": { args: ["check", "--skip-unsupported", "test/inputs/array.json", "test/inputs/invalid.json"] },
  "flags-config-upwards": { args: ["check", "plan.json"], cwd: "work/infra/prod" },
  "flags-config-flags-override": { args: ["check", "--profile", "default", "--output", "stdout", "plan.json"], cwd: "work/infra/prod" },
  "flags-config-explicit": { args: ["check", "--config", "settings/ci.yml", "infra/prod/plan.json"], cwd: "work" },
  "flags-config-none": { args: ["check", "--no-config", "plan.json"], cwd: "work/infra/prod" },
  "flags-config-missing": { args: ["check", "--config", "settings/none.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-config-unknown-key": { args: ["check", "--config", "bad/unknown-key.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-config-invalid-threshold": { args: ["check", "--config", "bad/threshold.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-config-unknown-check": { args: ["check", "--config", "bad/checks.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-config-skip-tg001": { args: ["check", "--config", "bad/skip-tg001.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-config-waivers-missing": { args: ["check", "--config", "bad/waivers.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-config-not-a-list": { args: ["check", "--config", "bad/profiles.yaml", "infra/single.yaml"], cwd: "work" },
  "flags-explain-terraform-first": { args: ["explain", "TG105"] },
  "flags-explain-format": { args: ["explain", "TG105", "--format", "cloudformation"] },
  "flags-explain-format-none": { args: ["explain", "TG301", "--format", "ack"] },
  "flags-explain-format-unknown": { args: ["explain", "TG101", "--format", "hcl"] },
};

function render(t: Transcript, cwd: string | undefined): string {
  const where = cwd === undefined ? "" : `(in ${cwd}) `;
  return `$ ${where}${t.command}\nexit: ${t.exitCode}\n--- stdout\n${t.stdout}--- stderr\n${t.stderr}`;
}

describe("golden transcripts", () => {
  it.each(Object.entries(cases))("%s", (name, { args, cwd }) => {
    const file = path.join(repoRoot, "test/golden", `${name}.txt`);
    const t = cwd === undefined ? runCli(args) : runIn(path.join(tree(), cwd), args);
    const actual = render(t, cwd);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli-flags.test.ts`).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

describe("contract", () => {
  it("every usage or input error is one line on standard error, exit 2, nothing on standard output", () => {
    const errors = Object.entries(cases).filter(([name]) =>
      /-(unknown|invalid|missing|removed|two-stdout|no-file|same-file|tg001|unknown-key|not-a-list|missing-folder)/.test(name) &&
      !name.startsWith("flags-explain-format-none"),
    );
    expect(errors.length).toBeGreaterThan(10);
    for (const [name, { args, cwd }] of errors) {
      const t = cwd === undefined ? runCli(args) : runIn(path.join(tree(), cwd), args);
      expect(t.exitCode, name).toBe(2);
      expect(t.stdout, name).toBe("");
      expect(t.stderr.trimEnd().split("\n"), name).toHaveLength(1);
      expect(t.stderr, name).not.toMatch(/\n\s+at |Error:/);
    }
  });

  it("an invalid configuration file is reported with its line", () => {
    const work = path.join(tree(), "work");
    expect(runIn(work, cases["flags-config-invalid-threshold"]!.args).stderr).toMatch(/^transit-guard: bad\/threshold\.yaml:2:\d+: /);
    expect(runIn(work, cases["flags-config-unknown-key"]!.args).stderr).toMatch(/^transit-guard: bad\/unknown-key\.yaml:2:\d+: unknown key "soft-fail"/);
    expect(runIn(work, cases["flags-config-unknown-check"]!.args).stderr).toMatch(/^transit-guard: bad\/checks\.yaml:3:\d+: checks\[1\] is "TG999"/);
  });

  it("--help prints each default once", () => {
    const help = runCli(["check", "--help"]).stdout.replace(/\n\s+/g, " ");
    const options = help.split(/ (?=--?[a-z])/);
    for (const option of options) expect((option.match(/\(default/g) ?? []).length, option).toBeLessThanOrEqual(1);
    expect(help).not.toMatch(/-p, --profile/);
  });

  it("writes each format to its file, and at most one to standard output", () => {
    const dir = testTempDir("outputs");
    const t = runCli(["check", "--output", `json=${dir}/r.json`, "--output", `sarif=${dir}/r.sarif`, "-o", "table", "--output", `github=${dir}/r.txt`, plan]);
    expect(t.exitCode).toBe(1);
    expect(t.stderr).toBe("");
    expect(t.stdout).toBe(runCli(["check", "-o", "table", plan]).stdout);
    expect(readFileSync(`${dir}/r.json`, "utf8")).toBe(runCli(["check", "-o", "json", plan]).stdout);
    expect(readFileSync(`${dir}/r.txt`, "utf8")).toBe(runCli(["check", "-o", "github", plan]).stdout);
    expect(JSON.parse(readFileSync(`${dir}/r.sarif`, "utf8"))).toMatchObject({ version: "2.1.0" });
    // Only files: nothing on standard output.
    const quiet = runCli(["check", "--output", `json=${dir}/only.json`, plan]);
    expect([quiet.exitCode, quiet.stdout]).toEqual([1, ""]);
    expect(existsSync(`${dir}/only.json`)).toBe(true);
  });

  it("a file that cannot be written after the run is one line and exit 2; the other outputs are still written", () => {
    const dir = testTempDir("unwritable");
    mkdirSync(path.join(dir, "taken.json"));
    const t = runCli(["check", "--output", `json=${dir}/taken.json`, "--output", "stdout", "--no-fail", plan]);
    expect(t.exitCode).toBe(2);
    expect(t.stdout).toContain("1 failure");
    expect(t.stderr).toBe(`transit-guard: --output: cannot write ${dir}/taken.json: it is a directory\n`);
  });

  it("the configuration file's outputs are relative to its folder and written", () => {
    runIn(path.join(tree(), "work/infra/prod"), ["check", "plan.json"]);
    const written = JSON.parse(readFileSync(path.join(tree(), "work/reports/transit-guard.json"), "utf8")) as { failures: unknown[] }[];
    expect(written[0]!.failures.length).toBe(2);
  });

  it("colour only on a terminal, and never with --no-color or NO_COLOR", async () => {
    const output = async (args: string[], env: Record<string, string> = {}) => {
      let stdout = "";
      await run(["check", ...args, path.join(repoRoot, single)], {
        stdout: (text) => void (stdout += text),
        stderr: () => undefined,
        stdin: Readable.from([]),
        isTTY: true,
        env,
      });
      return stdout;
    };
    expect(await output([])).toContain("\x1b[33mWARN");
    expect(await output(["--no-color"])).not.toContain("\x1b[");
    expect(await output([], { NO_COLOR: "1" })).not.toContain("\x1b[");
  });

  it("the output formats of the schema are the registry's", () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, "schemas/config.schema.json"), "utf8")) as {
      properties: { outputs: { items: { pattern: string } } };
    };
    expect(schema.properties.outputs.items.pattern).toBe(`^(${Object.keys(formatters).join("|")})(=.+)?$`);
  });
});

describe("selection and threshold are decided in Rego, alike in every engine", () => {
  const documents = [plan, `${training}/denied/create_training_job_single.yaml`, pair[0]!, pair[1]!];
  const configs: Record<string, Record<string, unknown>> = {
    checks: { checks: ["TG102", "TG401"] },
    skip: { skip_checks: ["TG101", "TG402"] },
    medium: { severity_threshold: "MEDIUM" },
    "critical-strict": { severity_threshold: "CRITICAL", profiles: ["strict"] },
    "high-healthcare": { severity_threshold: "HIGH", profiles: ["healthcare"] },
  };
  const options = (config: Record<string, unknown>) => ({
    profiles: (config.profiles ?? []) as never[],
    ...(config.checks ? { checks: config.checks as string[] } : {}),
    ...(config.skip_checks ? { skipChecks: config.skip_checks as string[] } : {}),
    ...(config.severity_threshold ? { severityThreshold: config.severity_threshold as "MEDIUM" } : {}),
  });
  const summary = (findings: Finding[]) =>
    findings.map((f) => [f.id, f.resource, f.severity, f.below_threshold?.severity_threshold ?? ""].join(" ")).sort();

  it.each(Object.entries(configs))("%s", async (_, config) => {
    const values = Object.fromEntries(documents.map((file) => [file, parseSource(readSource(path.join(repoRoot, file)))[0]!.value]));
    const { profiles, ...rest } = config as { profiles?: string[] };
    const decisions: Record<string, Decision> = opaEvalDecisions(values, profiles ?? [], rest);
    // Whole, and area by area (main/parts.rego gathers the parts before the selection applies).
    for (const engine of [{}, { splitAboveBytes: 0 }]) {
      const guard = await TransitGuard.create(engine);
      try {
        for (const file of documents) {
          const [result] = (await guard.check(path.join(repoRoot, file), options(config))).results;
          expect(summary(result!.failures), file).toEqual(summary(decisions[file]!.deny));
          expect(summary(result!.warnings), file).toEqual(summary(decisions[file]!.warn));
        }
      } finally {
        await guard.close();
      }
    }
  });

  it("a finding below the threshold is a warning that fails nothing, not even with --fail-on-warn", async () => {
    const guard = await TransitGuard.create();
    try {
      const report = await guard.check(path.join(repoRoot, plan), { severityThreshold: "CRITICAL", profiles: ["strict"] });
      expect(report.results[0]!.failures).toEqual([]);
      expect(report.results[0]!.warnings.map((w) => w.below_threshold)).toEqual([
        { severity_threshold: "CRITICAL", level: "deny" },
        { severity_threshold: "CRITICAL", level: "warn" },
      ]);
      expect(exitCode(report, { failOnWarn: true })).toBe(0);
      expect(format(report, "stdout")).toContain("below the severity threshold CRITICAL: reported, does not fail");
    } finally {
      await guard.close();
    }
  });

  it("the library refuses unknown rule IDs and skipping TG000 or TG001", async () => {
    const guard = await TransitGuard.create();
    try {
      await expect(guard.check(path.join(repoRoot, plan), { checks: ["TG999"] })).rejects.toThrow('checks: unknown rule ID "TG999"');
      await expect(guard.check(path.join(repoRoot, plan), { skipChecks: ["TG000"] })).rejects.toThrow("skipChecks: TG000 cannot be skipped");
    } finally {
      await guard.close();
    }
  });
});
