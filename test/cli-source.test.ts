/**
 * Findings on the Terraform source (issue 10 §5): a plan's finding is reported at the block of the
 * .tf file that declares its resource, in the root module or a module of .terraform/modules/
 * modules.json, in the human output, GitHub annotations and SARIF; without the configuration, at
 * the resource's address in the plan. Golden transcripts (test/golden/source-*.txt; UPDATE_GOLDEN=1
 * rewrites them) of the committed real plan, examples/terraform/source-mapped/, and unit tests of
 * the HCL scan and the address mapping (tooling/inputs/tf-source.ts).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { InputError } from "../tooling/errors.ts";
import { check, format, InputErrors, UsageError } from "../tooling/index.ts";
import { locateResources } from "../tooling/inputs/locate.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import { configAddress, scanBlocks, TerraformSources } from "../tooling/inputs/tf-source.ts";
import { repoRoot, runCli, type Transcript } from "./helpers/repo.ts";
import { testTempDir } from "./helpers/temp.ts";

const example = "examples/terraform/source-mapped";
const plan = `${example}/plan.json`;
const planText = readFileSync(path.join(repoRoot, plan), "utf8");

/** name → arguments (and standard input). */
const cases: Record<string, { args: string[]; stdin?: string }> = {
  "source-stdout": { args: ["check", plan] },
  "source-github": { args: ["check", "--output", "github", plan] },
  "source-sarif": { args: ["check", "--output", "sarif", plan] },
  // TG301 names the provider configuration: its provider "aws" block
  "source-fips-github": { args: ["check", "--output", "github", "--profile", "fips", plan] },
  // The plan from standard input: located with the configuration named by --terraform-dir ...
  "source-terraform-dir": { args: ["check", "--stdin-filename", "plan.json", "--terraform-dir", example, "-"], stdin: planText },
  // ... and without it, at each resource's address in the plan itself (one line: the column tells).
  "source-fallback-github": { args: ["check", "--output", "github", "--stdin-filename", "plan.json", "-"], stdin: planText },
  "source-fallback-sarif": { args: ["check", "--output", "sarif", "--stdin-filename", "plan.json", "-"], stdin: planText },
  "source-error-terraform-dir": { args: ["check", "--terraform-dir", `${example}/nowhere`, plan] },
};

const render = (t: Transcript) => `$ ${t.command}\nexit: ${t.exitCode}\n--- stdout\n${t.stdout}--- stderr\n${t.stderr}`;

describe("golden transcripts", () => {
  it.each(Object.entries(cases))("%s", (name, { args, stdin }) => {
    const file = path.join(repoRoot, "test/golden", `${name}.txt`);
    const actual = render(runCli(args, stdin));
    if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli-source.test.ts`).toBe(true);
    expect(actual).toBe(readFileSync(file, "utf8"));
  });
});

/** The 1-based line of the last line of a file that starts with text. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(path.join(repoRoot, file), "utf8").split("\n");
  const line = lines.map((content, i) => [content, i + 1] as const).filter(([content]) => content.startsWith(text)).at(-1)?.[1];
  expect(line, `${text} in ${file}`).toBeDefined();
  return line!;
}

describe("the committed plan", () => {
  it("is a real terraform plan of the configuration beside it, with the module manifest and no providers or state", () => {
    const parsed = JSON.parse(planText) as { terraform_version: string; configuration: { root_module: { module_calls: Record<string, { source: string }> } } };
    expect(parsed.terraform_version).toMatch(/^1\.11\./);
    expect(parsed.configuration.root_module.module_calls.monitoring!.source).toBe("./modules/monitoring");
    expect(planText.trimEnd().includes("\n")).toBe(false); // one line, as terraform show -json writes it
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, example, ".terraform/modules/modules.json"), "utf8")) as { Modules: { Key: string; Dir: string }[] };
    expect(manifest.Modules.map((m) => [m.Key, m.Dir])).toEqual([["", "."], ["monitoring", "modules/monitoring"]]);
    expect(existsSync(path.join(repoRoot, example, ".terraform/providers"))).toBe(false);
    expect(existsSync(path.join(repoRoot, example, "terraform.tfstate"))).toBe(false);
  });

  it("each finding is at its resource block: the module's for both instances, the root module's for the bucket", async () => {
    const report = await check([path.join(repoRoot, plan)]);
    const [result] = report.results;
    const module = `${example}/modules/monitoring/main.tf`;
    const root = `${example}/main.tf`;
    const job = { file: module, line: lineOf(module, 'resource "aws_sagemaker_data_quality_job_definition" "this"'), column: 1 };
    const bucket = { file: root, line: lineOf(root, 'resource "aws_s3_bucket" "monitoring"'), column: 1 };
    expect(result!.locations).toEqual({
      'module.monitoring["prod"].aws_sagemaker_data_quality_job_definition.this': job,
      'module.monitoring["staging"].aws_sagemaker_data_quality_job_definition.this': job,
      "aws_s3_bucket.monitoring": bucket,
    });
    // the heredoc and the comment of main.tf that look like the bucket's block come before it
    const text = readFileSync(path.join(repoRoot, root), "utf8");
    const lookalikes = text.split("\n").flatMap((line, i) => (line.includes('resource "aws_s3_bucket" "monitoring"') ? [i + 1] : []));
    expect(lookalikes).toHaveLength(3);
    expect(lookalikes.at(-1)).toBe(bucket.line);
  });

  it("without the configuration, each finding is at its address in the plan (line and column)", async () => {
    const report = await check([{ filename: "plan.json", content: planText }]);
    const locations = report.results[0]!.locations!;
    for (const [resource, location] of Object.entries(locations)) {
      expect(location.file).toBe("plan.json");
      expect(location.line).toBe(1);
      // resource_changes names the resource at this column (planned_values did before it)
      const at = planText.slice(location.column - 1);
      expect(at.startsWith(`"address":${JSON.stringify(resource)}`), resource).toBe(true);
      expect(location.column - 1).toBeGreaterThan(planText.indexOf('"resource_changes"'));
    }
  });

  it("the library takes terraformDir, and refuses one that does not exist", async () => {
    const report = await check([{ filename: "plan.json", content: planText }], { terraformDir: path.join(repoRoot, example) });
    expect(Object.values(report.results[0]!.locations!).map((l) => l.file)).toEqual([
      `${example}/modules/monitoring/main.tf`,
      `${example}/main.tf`,
      `${example}/modules/monitoring/main.tf`,
    ]);
    await expect(check([plan], { terraformDir: path.join(repoRoot, example, "nowhere") })).rejects.toThrow(UsageError);
    await expect(check([plan], { terraformDir: path.join(repoRoot, plan) })).rejects.toThrow(/not a directory/);
  });

  it("SARIF fingerprints stay the same when lines move or the plan is made again", async () => {
    const dir = testTempDir("source-moved");
    cpSync(path.join(repoRoot, example), dir, { recursive: true });
    const sarif = async () => {
      const text = format(await check([path.join(dir, "plan.json")]), "sarif");
      const log = JSON.parse(text) as { runs: { results: { partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
      return log.runs[0]!.results;
    };
    const before = await sarif();
    // An unrelated edit above the blocks (lines move), and the plan written again (pretty-printed).
    for (const file of ["main.tf", "modules/monitoring/main.tf"]) {
      writeFileSync(path.join(dir, file), `# reviewed\n\n${readFileSync(path.join(dir, file), "utf8")}`);
    }
    writeFileSync(path.join(dir, "plan.json"), JSON.stringify(JSON.parse(planText), null, 2));
    const after = await sarif();
    expect(after.map((r) => r.locations[0]!.physicalLocation.region.startLine)).toEqual(
      before.map((r) => r.locations[0]!.physicalLocation.region.startLine + 2),
    );
    expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));
    expect(new Set(before.map((r) => r.partialFingerprints.primaryLocationLineHash)).size).toBe(before.length);
  });
});

describe("every resource has a location", () => {
  it("one that cannot be found is at its document's first line (past a YAML document marker and comments)", () => {
    const text = "Resources:\n  Job:\n    Type: A\n---\n# second\nResources:\n  Job:\n    Type: C\n";
    const [, second] = parseSource({ file: "t.yaml", text });
    expect(locateResources(second!, ["Job", "Gone"], "cloudformation")).toEqual({
      lines: { Job: 7 },
      locations: { Job: { file: "t.yaml", line: 7, column: 3 }, Gone: { file: "t.yaml", line: 6, column: 1 } },
    });
  });

  it("an embedded pipeline step is at its name inside the holder's definition, else at the holder", () => {
    const definition = JSON.stringify({ Steps: [{ Name: "Prep" }, { Name: "Train" }] });
    const change = (address: string) => ({ address, change: { after: { pipeline_definition: definition } } });
    const text = JSON.stringify({ resource_changes: [change("aws_sagemaker_pipeline.a"), change("aws_sagemaker_pipeline.b")] }, null, 1);
    const [document] = parseSource({ file: "plan.json", text });
    const found = locateResources(document!, ["aws_sagemaker_pipeline.b/Train", "aws_sagemaker_pipeline.a/Gone"], "terraform_plan").locations;
    const offset = (line: number, column: number) => text.split("\n").slice(0, line - 1).join("\n").length + column;
    const train = found["aws_sagemaker_pipeline.b/Train"]!;
    expect(text.slice(offset(train.line, train.column)).startsWith('\\"Train\\"')).toBe(true);
    expect(train.line).toBeGreaterThan(found["aws_sagemaker_pipeline.a/Gone"]!.line);
    const gone = found["aws_sagemaker_pipeline.a/Gone"]!;
    expect(text.slice(offset(gone.line, gone.column)).startsWith('"address": "aws_sagemaker_pipeline.a"')).toBe(true);
  });
});

describe("the HCL scan", () => {
  it("finds top-level blocks and their labels, and nothing inside comments, strings or heredocs", () => {
    const text = [
      '# resource "a" "hash" {',
      '// resource "a" "slashes" {',
      '/* resource "a" "block" {',
      "   } */",
      'locals { x = "resource \\"a\\" \\"string\\" { ${jsonencode({ a = "}" })} $${literal} %{ if true }{%{ endif }" }',
      "locals {",
      "  doc = <<EOT",
      'resource "a" "heredoc" {',
      "}",
      "EOT",
      "  indented = <<-EOT",
      '    resource "a" "indented" {',
      "    EOT",
      "}",
      'resource "aws_s3_bucket" "real" {',
      '  tags = { note = "}" }',
      "  nested {",
      '    resource "a" "nested" {}',
      "  }",
      "}",
      "data aws_caller_identity current {}",
      'provider "aws" {',
      "  region = var.region",
      "}",
      'provider "aws" {',
      '  alias  = "west"',
      '  assume_role { alias = "not this" }',
      "}",
      'module "m" { source = "./m" }',
    ].join("\n");
    const blocks = scanBlocks(text).map((b) => [b.type, ...b.labels, b.alias ?? "", text.slice(0, b.offset).split("\n").length]);
    expect(blocks).toEqual([
      ["locals", "", 5],
      ["locals", "", 6],
      ["resource", "aws_s3_bucket", "real", "", 15],
      ["data", "aws_caller_identity", "current", "", 21],
      ["provider", "aws", "", 22],
      ["provider", "aws", "west", 25],
      ["module", "m", "", 29],
    ]);
  });

  it("ends at unterminated text without failing", () => {
    expect(scanBlocks('resource "a" "b" {\n  x = <<EOT\nno end').map((b) => b.labels)).toEqual([["a", "b"]]);
    expect(scanBlocks('/* open\nresource "a" "b" {}')).toEqual([]);
    expect(scanBlocks('x = "open\nresource "a" "b" {}').map((b) => b.labels)).toEqual([["a", "b"]]);
  });
});

describe("addresses as configuration", () => {
  it.each([
    ["aws_s3_bucket.b", { modules: [], kind: "resource", type: "aws_s3_bucket", name: "b" }],
    ["aws_s3_bucket.b[0]", { modules: [], kind: "resource", type: "aws_s3_bucket", name: "b" }],
    ['module.a["x.y]"].module.b[2].aws_x.y["k"]', { modules: ["a", "b"], kind: "resource", type: "aws_x", name: "y" }],
    ["data.aws_iam_policy_document.p", { modules: [], kind: "data", type: "aws_iam_policy_document", name: "p" }],
    ["module.m.data.t.n", { modules: ["m"], kind: "data", type: "t", name: "n" }],
    ["provider.aws", { modules: [], kind: "provider", type: "aws", name: "" }],
    ["module.x.provider.aws.west", { modules: ["x"], kind: "provider", type: "aws", name: "west" }],
    ["aws_sagemaker_pipeline.p/Train", { modules: [], kind: "resource", type: "aws_sagemaker_pipeline", name: "p" }],
    ['module.m["a/b"].aws_sfn_state_machine.s#Train', { modules: ["m"], kind: "resource", type: "aws_sfn_state_machine", name: "s" }],
  ])("%s", (address, expected) => {
    expect(configAddress(address)).toEqual(expected);
  });

  it.each(["ForecastTraining", "churn-xgboost", "a.b.c", "aws_x.y[0", "data.t", "Train regional model"])("%s is not one", (name) => {
    expect(configAddress(name)).toBeUndefined();
  });
});

describe("module directories", () => {
  /** A root module with a nested module, an override file and a .tf.json file. */
  function configuration(manifest?: string): string {
    const dir = testTempDir("source-modules");
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    write("a_override.tf", 'resource "aws_s3_bucket" "b" {\n  force_destroy = true\n}\n');
    write("main.tf", '\nresource "aws_s3_bucket" "b" {}\nprovider "aws" {\n  alias = "west"\n}\n');
    write("json.tf.json", JSON.stringify({ resource: { aws_sagemaker_model: { m: { name: "m" } } } }, null, 2));
    write("modules/outer/outer.tf", 'module "inner" { source = "./inner" }\n');
    write("modules/outer/inner/inner.tf", '\n\n  resource "aws_x" "y" {}\n');
    if (manifest !== undefined) write(".terraform/modules/modules.json", manifest);
    return dir;
  }
  const modules = JSON.stringify({
    Modules: [
      { Key: "", Source: "", Dir: "." },
      { Key: "outer", Source: "./modules/outer", Dir: "modules/outer" },
      { Key: "outer.inner", Source: "./inner", Dir: "modules/outer/inner" },
    ],
  });

  it("nested modules by their key, instance keys ignored; override files after the declaring file; .tf.json", () => {
    const dir = configuration(modules);
    const sources = new TerraformSources(dir);
    const at = (address: string) => {
      const found = sources.locate(address);
      return found && [path.relative(dir, path.resolve(found.file)), found.line, found.column];
    };
    expect(at('module.outer[0].module.inner["k"].aws_x.y')).toEqual(["modules/outer/inner/inner.tf", 3, 3]);
    expect(at("aws_s3_bucket.b")).toEqual(["main.tf", 2, 1]);
    expect(at("provider.aws.west")).toEqual(["main.tf", 3, 1]);
    expect(at("provider.aws")).toBeUndefined();
    expect(at("aws_sagemaker_model.m")).toEqual(["json.tf.json", 4, 7]);
    expect(at("module.other.aws_x.y")).toBeUndefined();
    expect(at("aws_x.y")).toBeUndefined();
  });

  it("without modules.json only the root module is located; a broken one is an input error naming it", () => {
    const bare = new TerraformSources(configuration());
    expect(bare.locate("aws_s3_bucket.b")?.line).toBe(2);
    expect(bare.locate("module.outer.module.inner.aws_x.y")).toBeUndefined();
    const broken = new TerraformSources(configuration("{not json"));
    expect(() => broken.locate("module.outer.aws_x.y")).toThrow(InputError);
    expect(() => new TerraformSources(configuration("[]")).locate("module.outer.aws_x.y")).toThrow(/modules\.json: expected/);
  });

  it("a broken modules.json fails the run with one line (exit 2), and TF_DATA_DIR is where terraform init wrote it", async () => {
    const dir = configuration("{not json");
    writeFileSync(path.join(dir, "plan.json"), planText.replaceAll("module.monitoring", "module.outer"));
    const error = await check([path.join(dir, "plan.json")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputErrors);
    expect((error as InputErrors).errors.map((e) => e.reason)).toEqual([expect.stringMatching(/^invalid JSON: .*\(run terraform init again\)$/)]);
    const cli = runCli(["check", path.join(dir, "plan.json")]);
    expect(cli.exitCode).toBe(2);
    expect(cli.stderr).toMatch(/^transit-guard: .*modules\.json: invalid JSON: .*\n$/);
    // the same configuration, with the manifest where TF_DATA_DIR says
    mkdirSync(path.join(dir, "data/modules"), { recursive: true });
    writeFileSync(path.join(dir, "data/modules/modules.json"), modules);
    const report = await check([path.join(dir, "plan.json")], { env: { ...process.env, TF_DATA_DIR: "data" } });
    // module.outer is known now, and declares no such resource: the finding is in the plan
    const job = 'module.outer["prod"].aws_sagemaker_data_quality_job_definition.this';
    expect(report.results[0]!.locations![job]!.file).toBe(path.join(dir, "plan.json"));
  });
});
