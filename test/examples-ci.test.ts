/**
 * Every CI example runs as written: each command of examples/ci and of README's CI section runs
 * here, in a temporary workspace, against this repository as a temporary git repository tagged
 * with the release tag (the working tree as it is now). What cannot run here is replaced, and only
 * that: terraform by a stand-in that prints a known plan, the repository URL by the temporary
 * repository's, and the absolute paths outside the workspace (/tmp, /home/atlantis) by folders of
 * the test's own. Third-party actions (checkout, setup-terraform, AWS credentials, upload-sarif)
 * are not run; their inputs are checked. actionlint and pre-commit are the pinned ones of
 * .tools/bin (npm run tools).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

import { validateWaivers } from "../tooling/inputs/validate.ts";
import { profileNames } from "../tooling/types.ts";
import { ciTool, fakeTerraform, gitEnv, must, releaseTag, runAction, tagRepository } from "./helpers/ci.ts";
import { repoRoot } from "./helpers/repo.ts";
import { suiteTempDir, testTempDir } from "./helpers/temp.ts";

type Json = Record<string, unknown>;

/** The placeholder the examples use for this repository's home. */
const placeholder = "https://github.com/example-org/sagemaker-transit-guard";

const trainingPlan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");
const guardrails = path.join(repoRoot, "policies/transit_guard/rules/guardrails/guardrail_policy_quality/fixtures");
const processing = path.join(repoRoot, "policies/transit_guard/rules/encryption/processing_job_encryption/fixtures");

/** Parses YAML strictly: a syntax error, a duplicate key or a warning fails the test. */
function yaml(text: string): Json {
  return parse(text, { uniqueKeys: true, strict: true, prettyErrors: true }) as Json;
}
const example = (file: string) => readFileSync(path.join(repoRoot, "examples/ci", file), "utf8");
/** A YAML file without its comments. */
const commands = (text: string) => text.split("\n").filter((line) => !/^\s*#/.test(line)).join("\n");

/** Runs a script with bash as the CI hosts do (-e, pipefail), without a profile. */
function bash(script: string, options: { cwd: string; env: Record<string, string> }) {
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { ...options, encoding: "utf8" });
  return { exitCode: run.status ?? -1, stdout: run.stdout, stderr: run.stderr, log: `${run.stdout}${run.stderr}` };
}

const nodeDir = path.dirname(process.execPath);

const suite = suiteTempDir("examples-ci");
let origin = { url: "", path: "" };
beforeAll(() => {
  origin = tagRepository(path.join(suite(), "origin"));
});

/** The host's environment: PATH with the stand-in terraform first, node and git after. */
function hostEnv(home: string, terraform?: string): Record<string, string> {
  return {
    ...gitEnv(home),
    PATH: [terraform, nodeDir, process.env.PATH].filter(Boolean).join(path.delimiter),
    TMPDIR: path.join(home, "tmp"),
    NO_COLOR: "1",
  };
}

describe("examples/ci/github-actions.yml", () => {
  const workflow = yaml(example("github-actions.yml"));
  const job = (workflow.jobs as Record<string, Json>)["plan-check"]!;
  const steps = job.steps as Json[];
  const action = steps.find((s) => String(s.uses ?? "").startsWith("example-org/sagemaker-transit-guard@"))!;

  it("passes actionlint, and its inputs are the action's (the workflow linted against action.yml via uses: ./)", () => {
    const actionlint = ciTool("actionlint");
    const plain = spawnSync(actionlint, ["-no-color", "examples/ci/github-actions.yml"], { cwd: repoRoot, encoding: "utf8" });
    expect(plain.stdout + plain.stderr).toBe("");
    expect(plain.status).toBe(0);
    // actionlint checks a local action's inputs and metadata: the example, with the action as ./
    const dir = testTempDir("actionlint");
    const repo = path.join(dir, "repo");
    must("git", ["clone", "--quiet", origin.url, repo], { cwd: dir, env: gitEnv(dir) });
    mkdirSync(path.join(repo, ".github/workflows"), { recursive: true });
    const local = example("github-actions.yml").replace(`uses: example-org/sagemaker-transit-guard@${releaseTag}`, "uses: ./");
    expect(local).toContain("uses: ./\n");
    writeFileSync(path.join(repo, ".github/workflows/transit-guard.yml"), local);
    writeFileSync(path.join(repo, ".github/workflows/typo.yml"), local.replace("profile: healthcare", "profiles: healthcare"));
    const linted = spawnSync(actionlint, ["-no-color", ".github/workflows/transit-guard.yml"], { cwd: repo, encoding: "utf8" });
    expect(linted.stdout + linted.stderr).toBe("");
    expect(linted.status).toBe(0);
    // ... and would say so if they were not.
    const typo = spawnSync(actionlint, ["-no-color", ".github/workflows/typo.yml"], { cwd: repo, encoding: "utf8" });
    expect(typo.stdout).toContain('input "profiles" is not defined in action');
  });

  it("pins the action to the release tag, asks for the permissions of a SARIF upload, and uses current runtimes", () => {
    expect(action.uses).toBe(`example-org/sagemaker-transit-guard@${releaseTag}`);
    expect(workflow.permissions).toMatchObject({ contents: "read", actions: "read", "security-events": "write" });
    for (const step of steps.filter((s) => s.uses)) expect(String(step.uses)).toMatch(/@v\d+|@[0-9a-f]{40}$/);
    expect(steps.map((s) => String(s.uses ?? ""))).not.toContain(expect.stringMatching(/setup-node/));
    expect(commands(example("github-actions.yml"))).not.toMatch(/npx|npm |node-version/);
    expect(steps.find((s) => String(s.uses ?? "").startsWith("hashicorp/setup-terraform"))?.with).toEqual({ terraform_wrapper: false });
  });

  /** Runs the job's steps as the runner would: run steps with bash, the action with its inputs. */
  function runJob(planJson: string) {
    const dir = testTempDir("github");
    const workspace = path.join(dir, "workspace");
    mkdirSync(path.join(workspace, "infra"), { recursive: true });
    const env = hostEnv(dir, fakeTerraform(path.join(dir, "bin"), planJson));
    mkdirSync(env.TMPDIR!, { recursive: true });
    const actionDir = path.join(dir, "_actions/example-org/sagemaker-transit-guard", releaseTag);
    must("git", ["clone", "--quiet", "--depth", "1", "--branch", releaseTag, origin.url, actionDir], { cwd: dir, env });
    const log: string[] = [];
    let outcome = { exitCode: 0, outputs: {} as Record<string, string> };
    for (const step of steps) {
      if (typeof step.run === "string") {
        const cwd = path.join(workspace, String(step["working-directory"] ?? "."));
        const ran = bash(step.run, { cwd, env });
        log.push(ran.log);
        expect(ran.exitCode, `${String(step.name)}: ${ran.log}`).toBe(0);
      } else if (step === action) {
        const ran = runAction({ action: actionDir, workspace, temp: path.join(dir, "runner"), with: step.with as Record<string, string>, env });
        log.push(ran.log);
        outcome = ran;
      }
    }
    const upload = steps.find((s) => String(s.uses ?? "").startsWith("github/codeql-action/upload-sarif@"))!;
    expect(upload.if).toBe("always() && steps.transit-guard.outputs.sarif-file != ''");
    expect(upload.with).toEqual({ sarif_file: "${{ steps.transit-guard.outputs.sarif-file }}", category: "transit-guard" });
    return { ...outcome, workspace, log: log.join("") };
  }

  it("runs as written: plan, convert, check (the step fails on a failure), and a SARIF file to upload", () => {
    const job = runJob(trainingPlan);
    expect(job.log).toContain("Terraform has been successfully initialized!");
    expect(job.exitCode).toBe(1);
    expect(job.outputs).toMatchObject({ "exit-code": "1", failures: "2", "sarif-file": "transit-guard.sarif" });
    const sarif = JSON.parse(readFileSync(path.join(job.workspace, job.outputs["sarif-file"]!), "utf8")) as { version: string };
    expect(sarif.version).toBe("2.1.0");
    expect(job.log).toContain("::error file=infra/plan.json,line=");
  });

  it("fails as could not check on a plan it cannot read, with nothing to upload", () => {
    const dir = testTempDir("broken-plan");
    writeFileSync(path.join(dir, "plan.json"), '{"format_version": "1.2",\n');
    const job = runJob(path.join(dir, "plan.json"));
    expect(job.exitCode).toBe(2);
    expect(job.outputs["sarif-file"]).toBe("");
    expect(job.log).toContain("::error title=Transit Guard could not check::transit-guard: infra/plan.json:");
    expect(job.log).not.toMatch(/found|unencrypted/i);
  });
});

describe("examples/ci/gitlab-ci.yml", () => {
  const pipeline = yaml(example("gitlab-ci.yml"));
  const plan = pipeline["terraform-plan"] as Json;
  const check = pipeline["transit-guard"] as Json;

  it("checks once, on Node 24, from this repository at the release tag, for the log and a JUnit report", () => {
    expect(check.image).toBe("node:24");
    expect(check.needs).toEqual(["terraform-plan"]);
    expect(check.variables).toEqual({ TRANSIT_GUARD_REPOSITORY: `${placeholder}.git`, TRANSIT_GUARD_VERSION: releaseTag });
    const script = (check.script as string[]).join("\n");
    expect(script.match(/transit-guard\.mjs check/g)).toHaveLength(1);
    expect(script).toContain("--output stdout --output junit=transit-guard.xml");
    expect(commands(example("gitlab-ci.yml"))).not.toMatch(/npx|npm /);
    expect(check.artifacts).toEqual({ when: "always", reports: { junit: "transit-guard.xml" } });
    expect((plan.artifacts as Json).paths).toEqual(["infra/plan.json"]);
  });

  /** Runs both jobs' scripts as the GitLab runner does (one bash session per job, stops at the first failure). */
  function runPipeline(planJson: string) {
    const dir = testTempDir("gitlab");
    const project = path.join(dir, "project");
    mkdirSync(path.join(project, "infra"), { recursive: true });
    // The job's image is node:24: the pinned Node 24 comes first on the PATH.
    const node24 = path.join(repoRoot, ".tools/node/node_modules/node24/bin");
    if (!existsSync(path.join(node24, "node"))) {
      throw new Error(`${node24}/node is missing: run "npm run tools" (tooling/install-tools.sh installs Node 22 and 24 from tooling/node)`);
    }
    const host = hostEnv(dir, fakeTerraform(path.join(dir, "bin"), planJson));
    const env: Record<string, string> = { ...host, PATH: `${node24}${path.delimiter}${host.PATH}` };
    mkdirSync(env.TMPDIR!, { recursive: true });
    const local = (line: string) => line.replaceAll("/tmp/", `${env.TMPDIR}/`);
    const planned = bash((plan.script as string[]).join("\n"), { cwd: project, env: { ...env, CI_PROJECT_DIR: project } });
    expect(planned.exitCode, planned.log).toBe(0);
    expect(existsSync(path.join(project, "infra/plan.json"))).toBe(true);
    const variables = { ...(check.variables as Record<string, string>), TRANSIT_GUARD_REPOSITORY: origin.url };
    const checked = bash((check.script as string[]).map(local).join("\n"), { cwd: project, env: { ...env, ...variables, CI_PROJECT_DIR: project } });
    return { project, ...checked };
  }

  it("runs as written: the job fails on a failure, with the findings in the log and in the JUnit report", () => {
    const run = runPipeline(trainingPlan);
    expect(run.stderr).not.toMatch(/Warning|transit-guard:/); // git's note on the detached tag only
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("TG101");
    expect(run.stdout).toMatch(/\d+ tests, \d+ passed, 1 warning, 1 failure, 0 exceptions/);
    const junit = readFileSync(path.join(run.project, "transit-guard.xml"), "utf8");
    expect(junit).toContain("<failure");
    expect(junit).toContain("aws_sagemaker_training_job.distributed");
  });

  it("passes on a plan with nothing to fail", () => {
    const run = runPipeline(path.join(guardrails, "allowed/scp_from_transit_guard.tfplan.json"));
    expect(run.exitCode, run.log).toBe(0);
    expect(readFileSync(path.join(run.project, "transit-guard.xml"), "utf8")).not.toContain("<failure");
  });
});

describe("pre-commit: examples/ci/pre-commit-config.yaml and .pre-commit-hooks.yaml", () => {
  const hooks = parse(readFileSync(path.join(repoRoot, ".pre-commit-hooks.yaml"), "utf8"), { strict: true }) as Json[];
  const consumer = yaml(example("pre-commit-config.yaml"));
  const repoEntry = (consumer.repos as Json[])[0]!;

  it("uses this repository at the release tag and hooks it declares, which run the prebuilt CLI", () => {
    expect(repoEntry).toMatchObject({ repo: placeholder, rev: releaseTag });
    expect(hooks.map((h) => h.id)).toEqual(["transit-guard", "transit-guard-scan"]);
    for (const hook of hooks) {
      expect(hook).toMatchObject({ language: "script", require_serial: true });
      expect(String(hook.entry)).toMatch(/^action\/dist\/transit-guard\.mjs check\b/);
    }
    for (const { id } of repoEntry.hooks as Json[]) expect(hooks.map((h) => h.id)).toContain(id);
  });

  it("selects SAM and CloudFormation templates and SageMaker request bodies, not other JSON or YAML", () => {
    const files = new RegExp(String(hooks[0]!.files));
    for (const file of ["template.yaml", "app/template.yml", "template.json", "stack.template.yaml", "jobs.cfn.json",
      "infra/cloudformation/training.yml", "cfn/jobs.json", "sagemaker/create-training-job.json"]) {
      expect(files.test(file), file).toBe(true);
    }
    for (const file of ["package.json", ".github/workflows/ci.yml", "tsconfig.json", "docs/sagemaker.md", "my-template.yaml", "templates.yaml"]) {
      expect(files.test(file), file).toBe(false);
    }
  });

  /** A consumer repository with the example's configuration (this repository as its hook repo), and pre-commit run in it. */
  function preCommit(files: Record<string, string>, config = example("pre-commit-config.yaml")) {
    const dir = testTempDir("pre-commit");
    const repo = path.join(dir, "consumer");
    const env: Record<string, string> = { ...hostEnv(dir), PRE_COMMIT_HOME: path.join(dir, "cache"), PRE_COMMIT_COLOR: "never" };
    mkdirSync(env.TMPDIR!, { recursive: true });
    mkdirSync(repo, { recursive: true });
    must("git", ["init", "--quiet", "--initial-branch", "main"], { cwd: repo, env });
    writeFileSync(path.join(repo, ".pre-commit-config.yaml"), config.replace(`repo: ${placeholder}`, `repo: ${origin.url}`));
    for (const [name, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      if (existsSync(source)) copyFileSync(source, path.join(repo, name));
      else writeFileSync(path.join(repo, name), source);
    }
    must("git", ["add", "--all"], { cwd: repo, env });
    const run = spawnSync(ciTool("pre-commit"), ["run", "--all-files", "--verbose"], { cwd: repo, env, encoding: "utf8" });
    return { exitCode: run.status ?? -1, log: `${run.stdout}${run.stderr}` };
  }

  const samTemplate = () => `Transform: AWS::Serverless-2016-10-31\n${readFileSync(path.join(processing, "denied/cloudformation_processing_job_two_instances.yaml"), "utf8")}`;
  const parameters = '[{"ParameterKey": "Environment", "ParameterValue": "prod"}]\n';

  it("fails on SAM's template.yaml, and lists a CloudFormation parameter file as skipped", () => {
    const run = preCommit({
      "template.yaml": samTemplate(),
      "cloudformation/stack.yaml": path.join(processing, "allowed/cloudformation_processing_job_encrypted.yaml"),
      "cloudformation/parameters.json": parameters,
      "package.json": '{"name": "app"}\n',
    });
    expect(run.exitCode).toBe(1);
    expect(run.log).toMatch(/Transit Guard \(SageMaker traffic encryption\)\.+Failed/);
    expect(run.log).toContain("TG103");
    expect(run.log).toContain("template.yaml");
    expect(run.log).toContain("cloudformation/parameters.json: skipped, the document is an array; expected an object");
    expect(run.log).not.toContain("package.json");
  });

  it("passes when the templates are encrypted; the parameter file is still listed, not a failure", () => {
    const run = preCommit({
      "cloudformation/stack.yaml": path.join(processing, "allowed/cloudformation_processing_job_encrypted.yaml"),
      "cloudformation/parameters.json": parameters,
    });
    expect(run.exitCode, run.log).toBe(0);
    expect(run.log).toMatch(/Transit Guard \(SageMaker traffic encryption\)\.+Passed/);
    expect(run.log).toContain("1 skipped");
  });

  it("still fails on a file of its pattern that does not parse", () => {
    const run = preCommit({ "cfn/broken.json": '{"Resources": \n' });
    expect(run.exitCode).toBe(1);
    expect(run.log).toMatch(/transit-guard: cfn\/broken\.json:\d+:\d+: invalid JSON/);
  });

  it("runs the scan hook, as the example's comment offers it", () => {
    const config = example("pre-commit-config.yaml")
      .replace("      - id: transit-guard\n        args: [--profile, healthcare]\n", "")
      .replace("# - id: transit-guard-scan", "- id: transit-guard-scan");
    const run = preCommit({ "template.yaml": samTemplate(), "cloudformation/parameters.json": parameters, "package.json": '{"name": "app"}\n' }, config);
    expect(run.exitCode).toBe(1);
    expect(run.log).toMatch(/Transit Guard \(scan the repository\)\.+Failed/);
    expect(run.log).toContain("package.json: skipped");
  });
});

describe("examples/ci/atlantis", () => {
  const text = example("atlantis/repos.yaml");
  const config = yaml(text);
  const data = yaml(example("atlantis/transit-guard-config.yaml"));
  const workflow = (config.workflows as Record<string, Json>)["transit-guard"]!;
  const policySteps = (workflow.policy_check as Json).steps as unknown[];
  const policyCheck = policySteps.find((s): s is Json => typeof s === "object" && s !== null && "policy_check" in s)!;
  const runStep = policySteps.find((s): s is Json => typeof s === "object" && s !== null && "run" in s)!;
  const policySet = ((config.policies as Json).policy_sets as Json[])[0]!;
  /** The install commands of the header comment. */
  const install = text.split("\n").filter((line) => line.startsWith("#   ")).map((line) => line.slice(4).replace(/\s+#.*$/, ""));

  it("enables policy checks with this pack's namespace, the bundle as policies and data, the settings and the date", () => {
    expect((config.repos as Json[])[0]).toMatchObject({ policy_check: true, workflow: "transit-guard" });
    expect(policySteps[0]).toBe("show");
    expect(policySet).toMatchObject({ name: "transit-guard", source: "local" });
    const args = (policyCheck.policy_check as Json).extra_args as string[];
    expect(args).toEqual([
      "--namespace", "transit_guard.main",
      "--data", policySet.path,
      "--data", "/home/atlantis/policies/transit-guard-config.yaml",
      "--data", "/tmp/transit-guard-today.json",
    ]);
    expect(runStep.run).toContain("$(date -u +%F)");
    expect(install).toHaveLength(5);
    expect(install.join("\n")).not.toMatch(/npx|npm /);
  });

  it("holds valid profiles and waivers (the CLI's waiver schema)", () => {
    const settings = data.transit_guard_config as Json;
    for (const profile of settings.profiles as string[]) expect(profileNames).toContain(profile);
    const document = { file: "transit-guard-config.yaml", index: 0, value: { waivers: settings.waivers }, text: "", range: [0, 0] as [number, number], format: "yaml" as const };
    expect(validateWaivers(document)).toHaveLength(1);
  });

  it("installs and runs as written: conftest as Atlantis calls it, TG501 checkable, the waiver applied by the date", () => {
    const dir = testTempDir("atlantis");
    const env = hostEnv(dir);
    mkdirSync(env.TMPDIR!, { recursive: true });
    // Paths outside the workspace move into the test's folder; the repository URL is the temporary one.
    const local = (s: string) =>
      s.replaceAll("/home/atlantis/", `${dir}/home/atlantis/`).replaceAll("/tmp/", `${env.TMPDIR}/`).replaceAll(`${placeholder}.git`, origin.url);
    const installed = bash(install.map(local).join("\n"), { cwd: dir, env });
    expect(installed.exitCode, installed.log).toBe(0);
    const today = bash(local(String(runStep.run)), { cwd: dir, env });
    expect(today.exitCode, today.log).toBe(0);
    const date = new Date().toISOString().slice(0, 10);
    expect(JSON.parse(readFileSync(`${env.TMPDIR}/transit-guard-today.json`, "utf8"))).toEqual({ transit_guard_config: { today: date } });
    const args = ((policyCheck.policy_check as Json).extra_args as string[]).map(local);
    const conftest = (plan: string) => {
      const run = spawnSync(ciTool("conftest"), ["test", "-p", local(String(policySet.path)), plan, "--no-color", ...args, "--output", "json"], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      const [result] = JSON.parse(run.stdout) as { failures?: { msg: string }[]; warnings?: { msg: string }[] }[];
      return { exitCode: run.status, failures: (result!.failures ?? []).map((f) => f.msg), warnings: (result!.warnings ?? []).map((w) => w.msg) };
    };
    // TG501 reads the action list from the bundle's data: the Bool-only guardrail is found out, not "cannot be checked".
    const guardrail = conftest(path.join(guardrails, "denied/scp_bool_only.tfplan.json"));
    const tg501 = [...guardrail.failures, ...guardrail.warnings].filter((m) => m.startsWith("TG501"));
    expect(tg501.length).toBeGreaterThan(0);
    for (const message of tg501) expect(message).not.toContain("cannot be checked");
    expect(conftest(path.join(guardrails, "allowed/scp_from_transit_guard.tfplan.json"))).toMatchObject({ failures: [], warnings: [] });
    // Profile healthcare denies the single-instance job; the waiver covers it until it expires.
    const training = conftest(trainingPlan);
    expect(training.exitCode).toBe(1);
    expect(training.failures.some((m) => m.includes("aws_sagemaker_training_job.distributed"))).toBe(true);
    const waiver = ((data.transit_guard_config as Json).waivers as Json[])[0]!;
    const expired = date > String(waiver.expires);
    expect(training.failures.some((m) => m.includes("module.experiments."))).toBe(expired);
  });
});

describe("README, CI", () => {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### CI\n"), readme.indexOf("\n## ", readme.indexOf("### CI\n")));
  const shell = [...section.matchAll(/```sh\n([^]*?)```/g)].map((m) => m[1]!);
  const yamlBlocks = [...section.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]!);

  it("shows the action's inputs as action.yml declares them", () => {
    const steps = parse(yamlBlocks[0]!) as Json[];
    const metadata = parse(readFileSync(path.join(repoRoot, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
    for (const name of Object.keys(steps[0]!.with as Json)) expect(Object.keys(metadata.inputs)).toContain(name);
    for (const name of Object.keys(metadata.inputs)) expect(section).toContain(`| \`${name}\` |`);
    expect(steps[0]!.uses).toBe(`example-org/sagemaker-transit-guard@${releaseTag}`);
  });

  it("runs its commands as written", () => {
    expect(shell).toHaveLength(1);
    const dir = testTempDir("readme-ci");
    const env = hostEnv(dir);
    mkdirSync(env.TMPDIR!, { recursive: true });
    mkdirSync(path.join(dir, "infra"));
    copyFileSync(trainingPlan, path.join(dir, "infra/plan.json"));
    const script = shell[0]!.replaceAll("/tmp/", `${env.TMPDIR}/`).replaceAll(`${placeholder}.git`, origin.url);
    const run = bash(script, { cwd: dir, env });
    expect(run.exitCode, run.log).toBe(1);
    expect(run.stdout).toContain("1 failure");
    expect(JSON.parse(readFileSync(path.join(dir, "transit-guard.sarif"), "utf8"))).toMatchObject({ version: "2.1.0" });
    expect(readFileSync(path.join(dir, "transit-guard.xml"), "utf8")).toContain("<failure");
  });
});
