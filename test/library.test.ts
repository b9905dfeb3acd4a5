/**
 * The library API: `import { check } from "sagemaker-transit-guard"` gives the CLI's findings,
 * never exits, reuses one engine, and is what the package's exports map publishes (built to
 * dist/ with tsc, as `npm pack` builds it, and imported by name from another project by plain
 * Node and type-checked by tsc).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { check, exitCode, format, InputErrors, rules, TransitGuard,UsageError } from "../tooling/index.ts";
import { consumerProject } from "./helpers/installed.ts";
import { repoRoot, runCli } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const cfn = "test/inputs/scan/cloudformation/training-stack.yaml";
const api = "test/inputs/scan/api/create-training-job.json";
const at = (file: string) => path.join(repoRoot, file);

describe("check()", () => {
  it("gives the findings the CLI gives, as typed results", async () => {
    const report = await check([at(cfn), at(api)]);
    expect(report.results.map((r) => [r.input_kind, r.failures.map((f) => f.id), r.warnings.map((f) => f.resource)])).toEqual([
      ["cloudformation", ["TG101"], []],
      ["sagemaker_api", [], ["churn-xgboost"]],
    ]);
    expect(report.results[0]!.lines).toEqual({ ForecastTraining: 4 });
    expect(exitCode(report)).toBe(1);
    expect(exitCode(report, true)).toBe(2);
    const cli = JSON.parse(runCli(["check", "-o", "json", cfn, api]).stdout) as unknown[];
    const relative = { ...report, results: report.results.map((r) => ({ ...r, filename: path.relative(repoRoot, r.filename) })) };
    expect(JSON.parse(format(relative, "json"))).toEqual(cli);
  });

  it("checks documents given in memory, parsed or as text, with profiles and waivers", async () => {
    const body = JSON.parse(readFileSync(at(api), "utf8")) as Record<string, unknown>;
    const healthcare = await check({ filename: "body.json", content: body }, { profiles: ["healthcare"] });
    expect(healthcare.results[0]!.failures.map((f) => f.resource)).toEqual(["churn-xgboost"]);
    const waived = await check([{ filename: "body.yaml", content: readFileSync(at(api), "utf8") }], {
      today: "2026-06-01",
      waivers: [{ id: "TG101", resource: "churn-*", reason: "sandbox", expires: "2026-06-30" }],
    });
    expect(waived.results[0]!.warnings).toEqual([]);
    expect(waived.results[0]!.exceptions[0]!.waiver).toEqual({
      index: 0, id: "TG101", resource: "churn-*", reason: "sandbox", expires: "2026-06-30",
    });
  });

  it("rejects instead of exiting: input errors together, usage errors alone", async () => {
    const missing = check([at("test/inputs/none.json"), at("test/inputs/empty.json")]);
    await expect(missing).rejects.toBeInstanceOf(InputErrors);
    await expect(missing).rejects.toThrow(/none\.json: no such file\n.*empty\.json: is empty/);
    await expect(check(at(api), { profiles: ["hipaa" as "strict"] })).rejects.toBeInstanceOf(UsageError);
    await expect(check(at(api), { waivers: [{ id: "TG101" } as never] })).rejects.toThrow(/waivers\[0\] has no "resource"/);
  });

  it("reuses one engine whose memory stays bounded across many calls", async () => {
    const guard = await TransitGuard.create({ recycleAboveBytes: 8 * 1024 ** 2 });
    const plan = at("examples/terraform/training-jobs.tfplan.json");
    for (let i = 0; i < 25; i++) await guard.check(plan);
    expect(guard.memoryBytes).toBeLessThanOrEqual(64 * 1024 ** 2);
    expect(rules().map((r) => r.id)).toContain("TG101");
  });
});

describe("the published package", () => {
  const temp = suiteTempDir("consumer");
  let project: string;

  beforeAll(() => {
    // The package as installed, dist/ built as npm pack builds it (helpers/installed.ts).
    project = consumerProject(temp());
  });

  it("imports by name with plain Node (no tsx) through the exports map", () => {
    writeFileSync(
      path.join(project, "consumer.mjs"),
      [
        'import { check, exitCode, format, rules } from "sagemaker-transit-guard";',
        `const report = await check(${JSON.stringify(at(cfn))});`,
        "const sarif = JSON.parse(format(report, 'sarif'));",
        "console.log(JSON.stringify({ code: exitCode(report), ids: report.results[0].failures.map((f) => f.id),",
        "  rules: rules().length, sarifResults: sarif.runs[0].results.length }));",
      ].join("\n"),
    );
    const run = spawnSync(process.execPath, ["consumer.mjs"], { cwd: project, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ code: 1, ids: ["TG101"], rules: rules().length, sarifResults: 1 });
  });

  it("type-checks a TypeScript consumer against the published declarations", () => {
    writeFileSync(
      path.join(project, "consumer.ts"),
      [
        'import { check, type Finding, type Report, type Waiver } from "sagemaker-transit-guard";',
        'const waivers: Waiver[] = [{ id: "TG101", resource: "x", reason: "r", expires: "2030-01-01" }];',
        'const report: Report = await check(["plan.json"], { profiles: ["healthcare"], waivers });',
        "const first: Finding | undefined = report.results[0]?.failures[0];",
        "export const id: string | undefined = first?.id;",
        "// @ts-expect-error an unknown profile is a type error",
        'await check("plan.json", { profiles: ["hipaa"] });',
      ].join("\n"),
    );
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true,
          types: ["node"], typeRoots: [at("node_modules/@types")],
        },
        files: ["consumer.ts"],
      }),
    );
    const tsc = spawnSync(process.execPath, [at("node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(tsc.stdout + tsc.stderr).toBe("");
  });

  it("packs dist/ (built by prepack) with the bundle, the catalog and the schemas", () => {
    const pack = JSON.parse(readFileSync(at("package.json"), "utf8")) as { exports: Record<string, unknown>; files: string[] };
    expect(pack.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    for (const dir of ["dist/", "bundle/", "schemas/", "policies/"]) expect(pack.files).toContain(dir);
  });
});
