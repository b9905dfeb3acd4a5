/**
 * Unit tests of the input side added for CI use: directory walks with globs, binary plans through
 * terraform, waiver files, and the lines that annotations point at.
 */
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { InputError } from "../tooling/errors.ts";
import { expandPaths } from "../tooling/inputs/collect.ts";
import { resourceLines } from "../tooling/inputs/locate.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import { showCommand, showPlan } from "../tooling/inputs/terraform.ts";
import { checkWaivers, isDate, runDate, todayUtc } from "../tooling/inputs/waivers.ts";
import { repoRoot } from "./helpers/repo.ts";
import { testTempDir } from "./helpers/temp.ts";

const scan = path.join(repoRoot, "test/inputs/scan");
const relative = (files: { file: string; walked: boolean }[]) =>
  files.map((f) => [path.relative(scan, f.file) || f.file, f.walked]);

describe("expandPaths", () => {
  it("walks a directory in sorted order with the default globs, leaving out .terraform", () => {
    expect(relative(expandPaths([scan]))).toEqual([
      ["api/create-training-job.json", true],
      ["cloudformation/training-stack.yaml", true],
      ["notes/broken.yaml", true],
      ["package.json", true],
    ]);
  });

  it("applies --include and --exclude to base names and to paths below the directory", () => {
    expect(relative(expandPaths([scan], { include: ["*.yaml"], exclude: ["notes"] }))).toEqual([
      ["cloudformation/training-stack.yaml", true],
    ]);
    expect(relative(expandPaths([scan], { exclude: ["api/**", "*.yaml"] }))).toEqual([["package.json", true]]);
  });

  it("keeps named files as given, whatever the globs, and standard input", () => {
    const named = path.join(scan, "notes/README.md");
    expect(expandPaths([named, "-"], { include: ["*.json"] })).toEqual([
      { file: named, walked: false },
      { file: "-", walked: false },
    ]);
  });

  it("refuses a directory without a file to check", () => {
    expect(() => expandPaths([scan], { include: ["*.tf"] })).toThrow(/holds no file to check \(include \*\.tf\)/);
  });
});

describe("binary Terraform plans", () => {
  const plan = "test/inputs/binary.tfplan";

  it("are converted with terraform show -json in the plan's directory", () => {
    const env = { PATH: path.join(repoRoot, "test/helpers/fake-terraform") };
    const text = showPlan(path.join(repoRoot, plan), env);
    expect(JSON.parse(text)).toMatchObject({ format_version: "1.2" });
  });

  it("without terraform on the PATH: the exact command to run", () => {
    expect(showCommand(plan)).toBe("cd test/inputs && terraform show -json binary.tfplan > binary.tfplan.json");
    expect(showCommand("plan.tfplan")).toBe("terraform show -json plan.tfplan > plan.tfplan.json");
    expect(showCommand("my plans/a b.tfplan")).toBe("cd 'my plans' && terraform show -json 'a b.tfplan' > 'a b.tfplan.json'");
    expect(() => showPlan(plan, { PATH: "/nonexistent" })).toThrow(
      `${plan}: is a binary Terraform plan and terraform is not on the PATH; convert it where the plan was made: ${showCommand(plan)}, then check ${plan}.json`,
    );
  });

  it("when terraform fails: its error, on one line, and what to do", () => {
    const bin = testTempDir("terraform");
    writeFileSync(
      path.join(bin, "terraform"),
      "#!/bin/sh\nprintf '\\033[31m│\\033[0m Error: Inconsistent dependency lock file\\n' >&2\nexit 1\n",
    );
    chmodSync(path.join(bin, "terraform"), 0o755);
    expect(() => showPlan(plan, { PATH: bin })).toThrow(
      /could not read \(Inconsistent dependency lock file\); run terraform init where the plan was made, then: cd test\/inputs/,
    );
  });
});

describe("waivers", () => {
  const doc = (value: unknown, text = "") => ({ file: "w.yaml", index: 0, value: value as Record<string, unknown>, text });
  const valid = { id: "TG101", resource: "aws_sagemaker_training_job.*", reason: "benchmark", expires: "2026-12-31" };

  it("accepts a list of complete waivers", () => {
    expect(checkWaivers(doc({ waivers: [valid] }), new Set(["TG101"]))).toEqual([valid]);
    expect(checkWaivers(doc({ waivers: [] }))).toEqual([]);
  });

  it.each([
    [{}, 'w.yaml: the file has no "waivers"'],
    [{ waivers: {} }, "w.yaml: waivers must be a list"],
    [{ waivers: [{ ...valid, reason: undefined }] }, 'w.yaml: waivers[0] has no "reason": every waiver needs id, resource, reason and expires'],
    [{ waivers: [valid, { ...valid, expiry: "2026-01-01" }] }, 'w.yaml: waivers[1] has an unknown field "expiry"'],
    [{ waivers: [{ ...valid, id: "tg101" }] }, 'w.yaml: waivers[0].id is "tg101": must be a rule ID such as TG101'],
    [{ waivers: [{ ...valid, expires: "2026-12-31T00:00:00Z" }] }, "waivers[0].expires is \"2026-12-31T00:00:00Z\": must be the last day"],
    [{ waivers: [{ ...valid, expires: "2026-02-30" }] }, 'w.yaml: waivers[0].expires is "2026-02-30", which is not a calendar date'],
    [{ waivers: [{ ...valid, reason: "  " }] }, 'w.yaml: waivers[0].reason is "  ": must say why'],
    [{ waivers: [{ ...valid, id: "TG999" }] }, 'w.yaml: waivers[0].id is "TG999", which is not a rule a waiver can name'],
  ])("refuses %j on one line naming the entry", (value, message) => {
    const run = () => checkWaivers(doc(value), new Set(["TG101"]));
    expect(run).toThrow(InputError);
    expect(run).toThrow(message);
  });

  it("points at the line and column of the offending value", () => {
    const text = "waivers:\n  - id: TG101\n    resource: x\n    reason: r\n    expires: 31/12/2026\n";
    const [parsed] = parseSource({ file: "w.yaml", text });
    expect(() => checkWaivers(parsed!)).toThrow(/^w\.yaml:5:14: waivers\[0\]\.expires is "31\/12\/2026"/);
  });

  it("dates: today is UTC, --today must be a calendar date", () => {
    expect(todayUtc(new Date("2026-06-01T23:59:59-05:00"))).toBe("2026-06-02");
    expect(isDate("2024-02-29")).toBe(true);
    expect(isDate("2025-02-29")).toBe(false);
    expect(runDate("2026-06-01")).toBe("2026-06-01");
    expect(() => runDate("June 1")).toThrow('--today "June 1" is not a date YYYY-MM-DD');
  });
});

describe("resourceLines", () => {
  it("finds a Terraform address in resource_changes, after planned_values", () => {
    const text = JSON.stringify(
      {
        planned_values: { root_module: { resources: [{ address: "aws_sagemaker_training_job.a" }] } },
        resource_changes: [{ address: "aws_sagemaker_training_job.b" }, { address: "aws_sagemaker_training_job.a" }],
      },
      null,
      2,
    );
    const [document] = parseSource({ file: "plan.json", text });
    expect(resourceLines(document!, ["aws_sagemaker_training_job.a", "missing"], "terraform_plan")).toEqual({
      "aws_sagemaker_training_job.a": 16,
    });
  });

  it("finds a CloudFormation logical ID in its own document of a multi-document YAML file", () => {
    const text = "Resources:\n  Job:\n    Type: A\n---\nResources:\n  Other:\n    Type: B\n  Job:\n    Type: C\n";
    const documents = parseSource({ file: "t.yaml", text });
    expect(resourceLines(documents[0]!, ["Job"], "cloudformation")).toEqual({ Job: 2 });
    expect(resourceLines(documents[1]!, ["Job"], "cloudformation")).toEqual({ Job: 8 });
  });

  it("finds a job name given as a value, in JSON and YAML", () => {
    const [json] = parseSource({ file: "a.json", text: '{\n  "RoleArn": "r",\n  "TrainingJobName": "bert"\n}\n' });
    expect(resourceLines(json!, ["bert"], "sagemaker_api")).toEqual({ bert: 3 });
    const [yml] = parseSource({ file: "a.yaml", text: "RoleArn: r\nTrainingJobName: bert\n" });
    expect(resourceLines(yml!, ["bert"], "sagemaker_api")).toEqual({ bert: 2 });
  });
});
