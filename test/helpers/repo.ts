/** Paths and process helpers shared by the suites. */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { repoRoot, toolPath } from "../../tooling/build/paths.ts";
import type { Decision } from "../../tooling/types.ts";
import { withTempDir } from "./temp.ts";

export { repoRoot, toolPath };

/** The rule folders: policies/transit_guard/rules/<area>/<rule> holding a rule (not only tests). */
export function ruleDirs(): string[] {
  const rules = path.join(repoRoot, "policies/transit_guard/rules");
  return readdirSync(rules).flatMap((area) =>
    readdirSync(path.join(rules, area))
      .map((rule) => path.join(rules, area, rule))
      .filter((dir) => statSync(dir).isDirectory())
      .filter((dir) => readdirSync(dir).some((file) => file.endsWith(".rego") && !file.endsWith("_test.rego"))),
  );
}

/** Every file below a folder. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Every fixture of every rule, and the bundled examples (not the CI configurations of examples/ci). */
export function allFixtures(): string[] {
  const ci = path.join(repoRoot, "examples", "ci") + path.sep;
  return [
    ...ruleDirs().flatMap((dir) => filesBelow(path.join(dir, "fixtures"))),
    ...filesBelow(path.join(repoRoot, "examples")).filter((file) => !file.startsWith(ci)),
  ];
}

/**
 * data.transit_guard.main.decision under opa eval for many documents in one process: the
 * documents are passed as data and each is evaluated `with input as` it. `config` adds caller
 * settings beside the profiles (waivers, today).
 */
export function opaEvalDecisions(
  documents: Record<string, unknown>,
  profiles: string[] = [],
  config: Record<string, unknown> = {},
): Record<string, Decision> {
  const query =
    "result := {name: decision | some name, document in data.parity.inputs; " +
    "decision := data.transit_guard.main.decision with input as document}";
  const run = withTempDir("parity", (dir) => {
    const file = path.join(dir, "parity.json");
    writeFileSync(file, JSON.stringify({ parity: { inputs: documents }, transit_guard_config: { ...config, profiles } }));
    return spawnSync(
      toolPath("opa"),
      ["eval", "--format", "json", "--data", file, "--ignore", "fixtures", "--ignore", "*_test.rego", "--data", "policies", query],
      { cwd: repoRoot, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 },
    );
  });
  if (run.status !== 0) throw new Error(`opa eval failed: ${run.stderr}`);
  const output = JSON.parse(run.stdout) as { result?: { bindings: { result: Record<string, Decision> } }[] };
  const result = output.result?.[0]?.bindings.result;
  if (!result) throw new Error("opa eval gave no decisions");
  return result;
}

/** The result of running the transit-guard binary as a user would. */
export interface Transcript {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs bin/transit-guard with the given arguments (and standard input), without colour; `env`
 * overrides variables of this process's environment (e.g. a PATH without terraform).
 */
export function runCli(args: string[], stdin?: string, env: Record<string, string> = {}): Transcript {
  const run = spawnSync(process.execPath, ["tooling/cli/bin.mjs", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    input: stdin ?? "",
    env: { ...process.env, NO_COLOR: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    command: `transit-guard ${args.join(" ")}${stdin === undefined ? "" : " < stdin"}`,
    exitCode: run.status ?? -1,
    stdout: run.stdout,
    stderr: run.stderr,
  };
}
