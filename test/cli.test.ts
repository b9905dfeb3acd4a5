/**
 * Golden transcripts of the transit-guard binary: command, exit code, stdout and stderr, compared
 * byte for byte with test/golden/<case>.txt. UPDATE_GOLDEN=1 rewrites them (review the diff).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, runCli, type Transcript } from "./helpers/repo.ts";

const plan = "examples/terraform/training-jobs.tfplan.json";
const fixtures = "policies/transit_guard/rules/encryption/training_job_encryption/fixtures";

/** name → arguments (and standard input). */
const cases: Record<string, { args: string[]; stdin?: string }> = {
  "check-example": { args: ["check", plan] },
  "check-example-json": { args: ["check", "--output", "json", plan] },
  "check-example-fail-on-warn": { args: ["check", "--fail-on-warn", plan] },
  "check-example-healthcare": { args: ["check", "--profile", "healthcare", plan] },
  "check-example-strict-json": { args: ["check", "-p", "strict", "-o", "json", plan] },
  "check-allowed-plan": { args: ["check", `${fixtures}/allowed/encrypted_jobs.tfplan.json`] },
  "check-api-bodies": {
    args: ["check", `${fixtures}/denied/create_training_job_groups.json`, `${fixtures}/denied/create_training_job_single.yaml`],
  },
  "check-warn-only-fail-on-warn": { args: ["check", "--fail-on-warn", `${fixtures}/denied/create_training_job_single.yaml`] },
  "check-stdin": {
    args: ["check", "--stdin-filename", "describe.json", "-"],
    stdin: readFileSync(path.join(repoRoot, fixtures, "denied/describe_training_job.json"), "utf8"),
  },
  "error-empty-file": { args: ["check", "test/inputs/empty.json"] },
  "error-invalid-json": { args: ["check", "test/inputs/invalid.json"] },
  "error-invalid-yaml": { args: ["check", "test/inputs/invalid.yaml"] },
  "error-format-version-2": { args: ["check", "test/inputs/format-2.0.tfplan.json"] },
  "error-missing-path": { args: ["check", "test/inputs/does-not-exist.json"] },
  "error-unrecognised": { args: ["check", "test/inputs/unrelated.json"] },
  "error-not-an-object": { args: ["check", "test/inputs/array.json"] },
  "error-bad-instance-count": { args: ["check", "test/inputs/bad-instance-count.json"] },
  "error-binary-plan": { args: ["check", "test/inputs/binary.tfplan"] },
  "error-one-bad-of-two": { args: ["check", plan, "test/inputs/empty.json"] },
  "error-no-files": { args: ["check"] },
  "error-unknown-profile": { args: ["check", "--profile", "hipaa", plan] },
  "error-unknown-output": { args: ["check", "--output", "xml", plan] },
  "error-unknown-command": { args: ["scan", plan] },
};

function render(t: Transcript): string {
  return `$ ${t.command}\nexit: ${t.exitCode}\n--- stdout\n${t.stdout}--- stderr\n${t.stderr}`;
}

describe("golden transcripts", () => {
  it.each(Object.entries(cases))("%s", (name, { args, stdin }) => {
    const file = path.join(repoRoot, "test/golden", `${name}.txt`);
    const actual = render(runCli(args, stdin));
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli.test.ts`).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

describe("contract", () => {
  it("errors are one line, exit 2, and never a stack trace", () => {
    for (const [name, { args, stdin }] of Object.entries(cases).filter(([n]) => n.startsWith("error-"))) {
      const t = runCli(args, stdin);
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
});
