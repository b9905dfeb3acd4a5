/**
 * The CI examples parse as YAML and say what they must: GitHub Actions converts the plan and
 * uploads SARIF, GitLab reports JUnit, Atlantis runs conftest on this pack's namespace with the
 * profiles and waivers as data (run here with the pinned conftest), and the pre-commit manifest
 * runs the CLI on the files its patterns select.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { validateWaivers } from "../tooling/inputs/validate.ts";
import { profileNames } from "../tooling/types.ts";
import { repoRoot, toolPath } from "./helpers/repo.ts";
import { testTempDir } from "./helpers/temp.ts";

type Json = Record<string, unknown>;

/** Parses YAML strictly: a syntax error, a duplicate key or a warning fails the test. */
function yaml(file: string): Json {
  const text = readFileSync(path.join(repoRoot, file), "utf8");
  return parse(text, { uniqueKeys: true, strict: true, prettyErrors: true }) as Json;
}

const steps = (job: Json) => job.steps as Json[];

describe("examples/ci/github-actions.yml", () => {
  const workflow = yaml("examples/ci/github-actions.yml");
  const job = (workflow.jobs as Record<string, Json>)["plan-check"]!;
  const runs = steps(job).map((s) => String(s.run ?? ""));

  it("plans, converts the plan with terraform show -json, and checks it as SARIF", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.permissions).toMatchObject({ "security-events": "write" });
    expect(runs.join("\n")).toMatch(/terraform plan -input=false -out=plan\.tfplan\n\s*terraform show -json plan\.tfplan > plan\.json/);
    const check = runs.find((r) => r.includes("transit-guard check"))!;
    expect(check).toMatch(/--output sarif .*infra\/plan\.json > transit-guard\.sarif$/);
    expect(steps(job).find((s) => String(s.uses ?? "").startsWith("hashicorp/setup-terraform"))?.with).toEqual({
      terraform_wrapper: false,
    });
  });

  it("uploads the SARIF file it wrote, even when the check failed, and fails afterwards", () => {
    const upload = steps(job).find((s) => String(s.uses ?? "").startsWith("github/codeql-action/upload-sarif"))!;
    expect(upload.if).toBe("always()");
    expect((upload.with as Json).sarif_file).toBe("transit-guard.sarif");
    const check = steps(job).find((s) => s.id === "transit-guard")!;
    expect(check["continue-on-error"]).toBe(true);
    expect(steps(job).at(-1)!.if).toBe("steps.transit-guard.outcome == 'failure'");
  });
});

describe("examples/ci/gitlab-ci.yml", () => {
  const pipeline = yaml("examples/ci/gitlab-ci.yml");

  it("passes the plan JSON to a job that reports JUnit and keeps the check's exit code", () => {
    const plan = pipeline["terraform-plan"] as Json;
    expect((plan.script as string[]).join("\n")).toContain("terraform show -json plan.tfplan > plan.json");
    expect((plan.artifacts as Json).paths).toEqual(["infra/plan.json"]);
    const check = pipeline["transit-guard"] as Json;
    expect(check.needs).toEqual(["terraform-plan"]);
    const script = (check.script as string[]).join("\n");
    expect(script).toMatch(/transit-guard check --output junit .*infra\/plan\.json > transit-guard\.xml \|\| status=\$\?/);
    expect(script).toContain("exit ${status:-0}");
    expect(check.artifacts).toEqual({ when: "always", reports: { junit: "transit-guard.xml" } });
  });
});

describe("examples/ci/atlantis", () => {
  const config = yaml("examples/ci/atlantis/repos.yaml");
  const data = yaml("examples/ci/atlantis/transit-guard-config.yaml");
  const workflow = (config.workflows as Record<string, Json>)["transit-guard"]!;
  const policyCheck = (workflow.policy_check as Json).steps as unknown[];
  const extraArgs = ((policyCheck.find((s) => typeof s === "object" && s !== null && "policy_check" in s) as Json)
    .policy_check as Json).extra_args as string[];

  it("enables policy checks with this pack's namespace, policy set and data", () => {
    expect((config.repos as Json[])[0]).toMatchObject({ policy_check: true, workflow: "transit-guard" });
    expect(policyCheck[0]).toBe("show");
    expect(extraArgs.slice(0, 2)).toEqual(["--namespace", "transit_guard.main"]);
    const policySet = ((config.policies as Json).policy_sets as Json[])[0]!;
    expect(policySet).toMatchObject({ name: "transit-guard", source: "local" });
    const today = policyCheck.find((s) => typeof s === "object" && s !== null && "run" in s) as Json;
    expect(today.run).toContain("$(date -u +%F)");
    expect(today.run).toContain(extraArgs[5]);
  });

  it("holds valid profiles and waivers (the CLI's waiver schema)", () => {
    const settings = data.transit_guard_config as Json;
    for (const profile of settings.profiles as string[]) expect(profileNames).toContain(profile);
    const document = { file: "transit-guard-config.yaml", index: 0, value: { waivers: settings.waivers }, text: "" };
    expect(validateWaivers(document)).toHaveLength(1);
  });

  it("runs under conftest as configured, and the waiver applies", () => {
    const dir = testTempDir("atlantis");
    const today = path.join(dir, "today.json");
    writeFileSync(today, JSON.stringify({ transit_guard_config: { today: "2026-06-01" } }));
    const args = extraArgs.map((arg) =>
      arg.endsWith("transit-guard-config.yaml") ? path.join(repoRoot, "examples/ci/atlantis/transit-guard-config.yaml") : arg.endsWith("today.json") ? today : arg,
    );
    const plan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");
    const run = spawnSync(toolPath("conftest"), ["test", "--no-color", "-p", "policies", "--ignore", "fixtures", ...args, "-o", "json", plan], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    const [result] = JSON.parse(run.stdout) as { failures?: { metadata: { id: string; resource: string } }[]; warnings?: unknown[] }[];
    const failed = (result!.failures ?? []).map((f) => `${f.metadata.id} ${f.metadata.resource}`);
    expect(failed).toContain("TG101 aws_sagemaker_training_job.distributed");
    expect(failed.filter((f) => f.includes("module.experiments."))).toEqual([]);
  });
});

describe(".pre-commit-hooks.yaml", () => {
  const hooks = parse(readFileSync(path.join(repoRoot, ".pre-commit-hooks.yaml"), "utf8"), { strict: true }) as Json[];
  const consumer = yaml("examples/ci/pre-commit-config.yaml");

  it("declares node hooks that run the CLI", () => {
    expect(hooks.map((h) => h.id)).toEqual(["transit-guard", "transit-guard-scan"]);
    for (const hook of hooks) {
      expect(hook).toMatchObject({ language: "node", require_serial: true });
      expect(String(hook.entry)).toMatch(/^transit-guard check\b/);
      expect(typeof hook.name).toBe("string");
    }
    const used = ((consumer.repos as Json[])[0]!.hooks as Json[]).map((h) => h.id);
    for (const id of used) expect(hooks.map((h) => h.id)).toContain(id);
  });

  it("selects CloudFormation templates and SageMaker request bodies, not other JSON or YAML", () => {
    const files = new RegExp(String(hooks[0]!.files));
    for (const file of ["stack.template.yaml", "infra/cloudformation/training.yml", "cfn/jobs.json", "sagemaker/create-training-job.json"]) {
      expect(files.test(file), file).toBe(true);
    }
    for (const file of ["package.json", ".github/workflows/ci.yml", "tsconfig.json", "docs/sagemaker.md"]) {
      expect(files.test(file), file).toBe(false);
    }
    expect(hooks[1]).toMatchObject({ entry: "transit-guard check .", pass_filenames: false });
  });
});
