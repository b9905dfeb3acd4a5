/**
 * The package as users get it: `npm pack` (with its prepack build of dist/) of a copy of the
 * repository, installed with `npm install <tgz>` into a fresh project, then used from there with
 * Node alone (a PATH without opa, without tsx): the CLI checks an example (exit 1 and the report
 * the repository's CLI prints), `transit-guard bundle` writes the OPA and WASM bundles into its
 * default folder, the Gatekeeper and HCP formats work, and the library imports by name. The
 * tarball ships what users run and nothing else: no Rego tests, no fixtures, no bench, no build
 * scripts, no tests; tsx and esbuild are not installed with it.
 *
 * The repository is copied first so that the prepack build writes dist/ into the copy, not the
 * checkout. npm uses its usual cache, so after the first run the install is offline-fast.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

import { beforeAll, describe, expect, it } from "vitest";

import { readBundle } from "../tooling/engine/tarball.ts";
import { sourceFiles } from "../tooling/opa-bundle/files.ts";
import { repoRoot, runCli } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const temp = suiteTempDir("package");
const example = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");

/** PATH without the repository's tools (opa, conftest, tsx): what a user of the package has. */
const plainPath = (process.env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir && !dir.startsWith(repoRoot) && !existsSync(path.join(dir, "opa")))
  .join(path.delimiter);

let project: string;
let files: string[];
let pkg: { name: string; version: string; dependencies: Record<string, string> };

function exec(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const run = spawnSync(command, args, {
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, PATH: plainPath, NO_COLOR: "1", npm_config_update_notifier: "false", ...options.env },
  });
  return { status: run.status, stdout: String(run.stdout), stderr: String(run.stderr) };
}

/** The installed CLI, run with the project's Node and no opa on the PATH. */
const transitGuard = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, [path.join(project, "node_modules/.bin/transit-guard"), ...args], { cwd: project, env });

beforeAll(() => {
  const root = temp();
  // The repository as npm pack sees it: the manifest, the shipped folders and what prepack needs.
  const copy = path.join(root, "repo");
  mkdirSync(copy);
  for (const entry of ["package.json", "README.md", "LICENSE", "tsconfig.json", "tsconfig.build.json"]) {
    cpSync(path.join(repoRoot, entry), path.join(copy, entry));
  }
  for (const dir of ["bundle", "docs", "policies", "schemas", "tooling"]) {
    cpSync(path.join(repoRoot, dir), path.join(copy, dir), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
  const pack = exec("npm", ["pack", "--json", "--pack-destination", root], {
    cwd: copy,
    env: { PATH: `${path.join(copy, "node_modules/.bin")}${path.delimiter}${plainPath}` },
  });
  expect(pack.status, pack.stderr).toBe(0);
  const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  files = packed!.files.map((f) => f.path).sort();
  pkg = JSON.parse(readFileSync(path.join(copy, "package.json"), "utf8")) as typeof pkg;

  project = path.join(root, "project");
  mkdirSync(project);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const install = exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", path.join(root, packed!.filename)], { cwd: project });
  expect(install.status, install.stderr).toBe(0);
}, 120_000);

describe("the tarball", () => {
  it("ships the CLI, the library, the bundles, the policies without tests and fixtures, schemas and docs", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "tooling/cli/bin.mjs",
      "tooling/engine/worker.mjs",
      "bundle/cli.mjs",
      "bundle/catalog.json",
      "bundle/transit-guard.wasm.tar.gz",
      "bundle/gatekeeper/template.yaml",
      "dist/index.js",
      "dist/index.d.ts",
      "schemas/waivers.schema.json",
      "docs/deploy.md",
    ]) {
      expect(files, file).toContain(file);
    }
    // Every policy file a bundle is made of, and no other file under policies/.
    expect(files.filter((f) => f.startsWith("policies/"))).toEqual(sourceFiles().map((f) => `policies/${f}`));
  });

  it("has no Rego tests, no fixtures, no bench, no build scripts and no tests", () => {
    const unwanted = files.filter(
      (f) =>
        f.endsWith("_test.rego") ||
        f.includes("/fixtures/") ||
        f.includes("bench") ||
        f.startsWith("test/") ||
        f.startsWith("examples/") ||
        (f.startsWith("tooling/") && !["tooling/cli/bin.mjs", "tooling/engine/worker.mjs"].includes(f)),
    );
    expect(unwanted).toEqual([]);
  });

  it("the prebuilt CLI, its worker and the library import only the dependencies; tsx and esbuild are not installed", () => {
    const installed = path.join(project, "node_modules/sagemaker-transit-guard");
    const code = files
      .filter((f) => /^(bundle\/cli\.mjs|tooling\/engine\/worker\.mjs|dist\/.*\.js)$/.test(f))
      .map((f) => readFileSync(path.join(installed, f), "utf8"))
      .join("\n");
    const packageOf = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");
    const imported = new Set(
      [...code.matchAll(/(?:from |import\(|createRequire\(import\.meta\.url\)\()"([^".][^"]*)"/g)]
        .map((m) => m[1]!)
        .filter((specifier) => !specifier.startsWith("node:"))
        .map(packageOf)
        .filter((name) => name !== pkg.name), // the usage examples of its TSDoc
    );
    // tsx only behind TRANSIT_GUARD_FROM_SOURCE=1 (bin.mjs), never in the prebuilt CLI.
    expect([...imported].sort()).toEqual(Object.keys(pkg.dependencies).sort());
    for (const dev of ["tsx", "esbuild", "typescript", "vitest"]) {
      expect(existsSync(path.join(project, "node_modules", dev)), dev).toBe(false);
    }
  });
});

describe("installed, with Node alone", () => {
  it("npx transit-guard check: exit 1 and the report the repository's CLI prints", () => {
    const installed = exec("npx", ["--no-install", "transit-guard", "check", example], { cwd: project });
    const expected = runCli(["check", example]);
    expect(installed.status).toBe(1);
    expect(installed.stdout).toMatch(/TG101/);
    expect({ stdout: installed.stdout, stderr: installed.stderr }).toEqual({ stdout: expected.stdout, stderr: expected.stderr });
  });

  it("transit-guard bundle writes both bundles into transit-guard-bundle/ without opa", () => {
    const t = transitGuard(["bundle"]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stderr).toBe("");
    expect(t.stdout).toMatch(/^wrote transit-guard-bundle\/transit-guard\.tar\.gz: OPA bundle for servers, revision \S+, \d+ rules, unsigned\n/);
    const out = path.join(project, "transit-guard-bundle");
    expect(readdirSync(out).sort()).toEqual(["transit-guard.tar.gz", "transit-guard.wasm.tar.gz"]);
    const shipped = path.join(project, "node_modules/sagemaker-transit-guard/bundle/transit-guard.wasm.tar.gz");
    expect(readFileSync(path.join(out, "transit-guard.wasm.tar.gz")).equals(readFileSync(shipped))).toBe(true);
    const rego = readBundle(path.join(out, "transit-guard.tar.gz"));
    expect([...rego.keys()].filter((n) => n.endsWith(".rego")).sort()).toEqual(
      sourceFiles().filter((f) => f.endsWith(".rego")),
    );
    expect(gunzipSync(readFileSync(path.join(out, "transit-guard.tar.gz"))).length).toBeGreaterThan(0);
  });

  it("transit-guard bundle --format gatekeeper and hcp-terraform work without opa", () => {
    const gatekeeper = transitGuard(["bundle", "--format", "gatekeeper", "gk"]);
    expect(gatekeeper.status, gatekeeper.stderr).toBe(0);
    expect(readFileSync(path.join(project, "gk/template.yaml"), "utf8")).toBe(
      readFileSync(path.join(project, "node_modules/sagemaker-transit-guard/bundle/gatekeeper/template.yaml"), "utf8"),
    );
    const hcp = transitGuard(["bundle", "--format", "hcp-terraform", "-p", "healthcare", "hcp"]);
    expect(hcp.status, hcp.stderr).toBe(0);
    expect(existsSync(path.join(project, "hcp/policies.hcl"))).toBe(true);
  });

  it("refuses, in one line and writing nothing, when the policies beside the WASM bundle were edited", () => {
    const rule = path.join(project, "node_modules/sagemaker-transit-guard/policies/transit_guard/main/main.rego");
    const original = readFileSync(rule);
    writeFileSync(rule, Buffer.concat([original, Buffer.from("\n# edited after the WASM was compiled\n")]));
    try {
      const t = transitGuard(["bundle", "stale"]);
      expect(t.status).toBe(2);
      expect(t.stdout).toBe("");
      expect(t.stderr).toMatch(/^transit-guard: .*transit-guard\.wasm\.tar\.gz was built from other policies .*: run npm run build .*\n$/);
      expect(existsSync(path.join(project, "stale"))).toBe(false);
    } finally {
      writeFileSync(rule, original);
    }
  });

  it("TRANSIT_GUARD_FROM_SOURCE=1 without tsx is one line and exit 2", () => {
    const t = transitGuard(["rules"], { TRANSIT_GUARD_FROM_SOURCE: "1" });
    expect(t.status).toBe(2);
    expect(t.stdout).toBe("");
    expect(t.stderr).toMatch(/^transit-guard: TRANSIT_GUARD_FROM_SOURCE=1 needs tsx .*\n$/);
  });

  it("the library imports by name (ESM) and checks", () => {
    writeFileSync(
      path.join(project, "consumer.mjs"),
      [
        'import { check, exitCode, rules } from "sagemaker-transit-guard";',
        `const report = await check(${JSON.stringify(example)});`,
        "console.log(JSON.stringify({ code: exitCode(report), ids: report.results[0].failures.map((f) => f.id), rules: rules().length }));",
      ].join("\n"),
    );
    const t = exec(process.execPath, ["consumer.mjs"], { cwd: project });
    expect(t.stderr).toBe("");
    expect(JSON.parse(t.stdout)).toMatchObject({ code: 1, ids: expect.arrayContaining(["TG101"]) });
  });
});
