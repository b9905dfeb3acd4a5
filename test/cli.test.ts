/**
 * Golden transcripts of the transit-guard binary: command, exit code, stdout and stderr, compared
 * byte for byte with test/golden/<case>.txt. UPDATE_GOLDEN=1 rewrites them (review the diff).
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

import { describe, expect, it } from "vitest";

import { run } from "../tooling/cli/main.ts";
import { repoRoot, runCli, type Transcript } from "./helpers/repo.ts";
import { testTempDir } from "./helpers/temp.ts";

const plan = "examples/terraform/training-jobs.tfplan.json";
const fixtures = "policies/transit_guard/rules/encryption/training_job_encryption/fixtures";
const dataPaths = "policies/transit_guard/rules/data_paths/s3_secure_transport/fixtures";

const recognised = "policies/transit_guard/rules/input/input_recognised/fixtures";
const encryption = "policies/transit_guard/rules/encryption";
/** A finding in each input format, each with the fix spelled in that format. */
const remediationFormats = [
  `${encryption}/processing_job_encryption/fixtures/denied/tfplan_pipeline_processing_step.json`,
  `${encryption}/training_job_encryption/fixtures/denied/cloudformation_training_job_ref_default_false.yaml`,
  `${encryption}/training_job_encryption/fixtures/denied/ack_training_job_distributed.yaml`,
  `${encryption}/training_job_encryption/fixtures/denied/sfn_training_unencrypted.asl.json`,
  `${encryption}/training_job_encryption/fixtures/denied/pipeline_training_parameterised.json`,
  `${encryption}/tuning_job_encryption/fixtures/denied/describe_hyper_parameter_tuning_job.json`,
  `${encryption}/uninspectable_job_definition/fixtures/denied/tfplan_pipeline_definition_s3_location.json`,
];

const scan = "test/inputs/scan";
const pair = [`${scan}/cloudformation/training-stack.yaml`, `${scan}/api/create-training-job.json`];
/** PATH for the binary-plan cases: none (no terraform), or a stand-in terraform only. */
const noTerraform = { PATH: "/nonexistent" };
const fakeTerraform = { PATH: path.join(repoRoot, "test/helpers/fake-terraform") };

/** name → arguments (and standard input, and environment variables shown in the transcript). */
const cases: Record<string, { args: string[]; stdin?: string; env?: Record<string, string> }> = {
  "check-example": { args: ["check", plan] },
  "check-example-json": { args: ["check", "--output", "json", plan] },
  "check-example-fail-on-warn": { args: ["check", "--fail-on-warn", plan] },
  "check-example-healthcare": { args: ["check", "--profile", "healthcare", plan] },
  "check-example-strict-json": { args: ["check", "--profile", "strict", "-o", "json", plan] },
  "check-no-sagemaker": { args: ["check", "test/inputs/no-sagemaker.tfplan.json"] },
  // Issue 9 §1: buckets off SageMaker's data paths are not checked, unless under profile strict.
  "check-website-bucket-not-sagemaker": { args: ["check", `${dataPaths}/allowed/website_bucket_without_sagemaker.tfplan.json`] },
  "check-website-bucket-strict": {
    args: ["check", "--profile", "strict", `${dataPaths}/allowed/website_bucket_without_sagemaker.tfplan.json`],
  },
  "check-sagemaker-default-bucket": { args: ["check", `${dataPaths}/denied/sagemaker_default_bucket_alone.yaml`] },
  "check-allowed-plan": { args: ["check", `${fixtures}/allowed/encrypted_jobs.tfplan.json`] },
  "check-api-bodies": {
    args: ["check", `${fixtures}/denied/create_training_job_groups.json`, `${fixtures}/denied/create_training_job_single.yaml`],
  },
  "check-warn-only-fail-on-warn": { args: ["check", "--fail-on-warn", `${fixtures}/denied/create_training_job_single.yaml`] },
  "check-stdin": {
    args: ["check", "--stdin-filename", "describe.json", "-"],
    stdin: readFileSync(path.join(repoRoot, fixtures, "denied/describe_training_job.json"), "utf8"),
  },
  "check-no-inter-node-traffic": {
    args: [
      "check",
      `${recognised}/allowed/create_transform_job.json`,
      `${recognised}/allowed/describe_transform_job.json`,
      `${recognised}/allowed/create_model.json`,
      `${recognised}/allowed/create_endpoint_config.yaml`,
      `${recognised}/allowed/create_inference_component.json`,
      `${recognised}/allowed/create_cluster_hyperpod.json`,
      `${recognised}/allowed/ack_inference.yaml`,
    ],
  },
  "check-stdin-transform-job": {
    args: ["check", "-"],
    stdin: readFileSync(path.join(repoRoot, recognised, "allowed/create_transform_job.json"), "utf8"),
  },
  "check-no-inter-node-traffic-json": { args: ["check", "-o", "json", `${recognised}/allowed/create_transform_job.json`] },
  "check-remediation-formats": { args: ["check", ...remediationFormats] },
  "check-remediation-github": { args: ["check", "-o", "github", ...remediationFormats.slice(0, 2)] },
  "error-not-sagemaker-stdin": {
    args: ["check", "--stdin-filename", "package.json", "-"],
    stdin: readFileSync(path.join(repoRoot, recognised, "denied/npm_package.json"), "utf8"),
  },
  "error-empty-file": { args: ["check", "test/inputs/empty.json"] },
  "error-invalid-json": { args: ["check", "test/inputs/invalid.json"] },
  "error-invalid-yaml": { args: ["check", "test/inputs/invalid.yaml"] },
  "error-format-version-2": { args: ["check", "test/inputs/format-2.0.tfplan.json"] },
  "error-missing-path": { args: ["check", "test/inputs/does-not-exist.json"] },
  "error-unrecognised": { args: ["check", "test/inputs/unrelated.json"] },
  "error-not-an-object": { args: ["check", "test/inputs/array.json"] },
  "error-bad-instance-count": { args: ["check", "test/inputs/bad-instance-count.json"] },
  "error-binary-plan": { args: ["check", "test/inputs/binary.tfplan"], env: noTerraform },
  "check-binary-plan-terraform": { args: ["check", "test/inputs/binary.tfplan"], env: fakeTerraform },
  "check-output-stdout": { args: ["check", "--output", "stdout", ...pair] },
  "check-output-json": { args: ["check", "--output", "json", ...pair] },
  "check-output-table": { args: ["check", "--output", "table", ...pair] },
  "check-output-tap": { args: ["check", "--output", "tap", ...pair] },
  "check-output-junit": { args: ["check", "--output", "junit", ...pair] },
  "check-output-github": { args: ["check", "--output", "github", ...pair] },
  "check-output-sarif": { args: ["check", "--output", "sarif", ...pair] },
  "check-stdin-github": {
    args: ["check", "--output", "github", "--stdin-filename", "api/create-training-job.json", "-"],
    stdin: readFileSync(path.join(repoRoot, pair[1]!), "utf8"),
  },
  "check-directory": { args: ["check", scan] },
  "check-directory-globs": { args: ["check", "--include", "*.yaml", "--exclude", "notes", "--output", "json", scan] },
  "check-waiver-applies": { args: ["check", "--today", "2026-06-01", "--waivers", "test/inputs/waivers/applies.yaml", ...pair] },
  "check-waiver-applies-json": {
    args: ["check", "-o", "json", "--today", "2026-06-01", "--waivers", "test/inputs/waivers/applies.yaml", pair[0]!],
  },
  "check-waiver-expired": { args: ["check", "--today", "2026-06-01", "--waivers", "test/inputs/waivers/expired.yaml", ...pair] },
  "check-waiver-expired-sarif": {
    args: ["check", "-o", "sarif", "--today", "2026-06-01", "--waivers", "test/inputs/waivers/expired.yaml", pair[0]!],
  },
  "error-waiver-malformed": { args: ["check", "--waivers", "test/inputs/waivers/malformed.json", ...pair] },
  "error-waiver-missing": { args: ["check", "--waivers", "test/inputs/waivers/none.yaml", ...pair] },
  "error-today-invalid": { args: ["check", "--today", "2026-02-30", ...pair] },
  "error-directory-empty": { args: ["check", "--include", "*.tf", scan] },
  "rules": { args: ["rules"] },
  "explain": { args: ["explain", "TG101"] },
  "error-explain-unknown": { args: ["explain", "TG999"] },
  "check-one-bad-of-two": { args: ["check", plan, "test/inputs/empty.json"] },
  "error-no-files": { args: ["check"] },
  "error-unknown-profile": { args: ["check", "--profile", "hipaa", plan] },
  "error-unknown-output": { args: ["check", "--output", "xml", plan] },
  "error-timeout-invalid": { args: ["check", "--timeout", "0", plan] },
  "error-unknown-command": { args: ["scan", plan] },
};

function render(t: Transcript, env: Record<string, string> = {}): string {
  const vars = Object.entries(env).map(([name, value]) => `${name}=${path.isAbsolute(value) && value.startsWith(repoRoot) ? path.relative(repoRoot, value) : value} `);
  return `$ ${vars.join("")}${t.command}\nexit: ${t.exitCode}\n--- stdout\n${t.stdout}--- stderr\n${t.stderr}`;
}

describe("golden transcripts", () => {
  it.each(Object.entries(cases))("%s", (name, { args, stdin, env }) => {
    const file = path.join(repoRoot, "test/golden", `${name}.txt`);
    const actual = render(runCli(args, stdin, env), env);
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli.test.ts`).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

describe("contract", () => {
  it("errors are one line, exit 2, and never a stack trace", () => {
    for (const [name, { args, stdin, env }] of Object.entries(cases).filter(([n]) => n.startsWith("error-"))) {
      const t = runCli(args, stdin, env);
      expect(t.exitCode, name).toBe(2);
      expect(t.stdout, name).toBe("");
      expect(t.stderr.trimEnd().split("\n"), name).toHaveLength(name === "error-no-files" ? 1 : 1);
      expect(t.stderr, name).not.toMatch(/\n\s+at |Error:/);
    }
  });

  it("one multi-instance unencrypted, one single-instance unencrypted, one encrypted job", () => {
    const t = runCli(["check", "--output", "json", plan]);
    expect(t.exitCode).toBe(1);
    const [result] = JSON.parse(t.stdout) as { failures: { metadata: Record<string, unknown> }[]; warnings: { metadata: Record<string, unknown> }[] }[];
    expect(result!.failures.map((f) => [f.metadata.id, f.metadata.resource])).toEqual([
      ["TG101", "aws_sagemaker_training_job.distributed"],
    ]);
    expect(result!.warnings.map((f) => [f.metadata.id, f.metadata.resource])).toEqual([
      ["TG101", "module.experiments.aws_sagemaker_training_job.churn"],
    ]);
  });

  it("shows progress on standard error only when it is a terminal and many files are scanned", async () => {
    const dir = testTempDir("progress");
    for (let i = 0; i < 12; i++) copyFileSync(path.join(repoRoot, pair[1]!), path.join(dir, `job-${String(i).padStart(2, "0")}.json`));
    const scan = async (stderrIsTTY: boolean, files: string[]) => {
      let stderr = "";
      const code = await run(["check", "-o", "json", ...files], {
        stdout: () => undefined,
        stderr: (text) => void (stderr += text),
        stdin: Readable.from([]),
        isTTY: false,
        stderrIsTTY,
        env: { NO_COLOR: "1" },
      });
      return { code, stderr };
    };
    const tty = await scan(true, [dir]);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("\rtransit-guard: checked 12/12 files");
    expect(tty.stderr.endsWith("\r\x1b[K")).toBe(true);
    expect((await scan(false, [dir])).stderr).toBe("");
    expect((await scan(true, [path.join(repoRoot, pair[1]!)])).stderr).toBe("");
  });
});
