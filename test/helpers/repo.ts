/** Paths and process helpers shared by the suites. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot, toolPath } from "../../tooling/build/paths.ts";
import type { Decision } from "../../tooling/types.ts";

export { repoRoot, toolPath };

/** The rule folders: policies/transit_guard/rules/<area>/<rule>. */
export function ruleDirs(): string[] {
  const rules = path.join(repoRoot, "policies/transit_guard/rules");
  return readdirSync(rules).flatMap((area) =>
    readdirSync(path.join(rules, area))
      .map((rule) => path.join(rules, area, rule))
      .filter((dir) => statSync(dir).isDirectory()),
  );
}

/** Every file below a folder. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Every fixture of every rule, and the bundled examples. */
export function allFixtures(): string[] {
  return [
    ...ruleDirs().flatMap((dir) => filesBelow(path.join(dir, "fixtures"))),
    ...filesBelow(path.join(repoRoot, "examples")),
  ];
}

/** A data file that passes caller settings to OPA as data.transit_guard_config. */
export function configFile(profiles: string[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "tg-config-")), "config.json");
  writeFileSync(file, JSON.stringify({ transit_guard_config: { profiles } }));
  return file;
}

/** data.transit_guard.main.decision under opa eval, on the file as given (not projected). */
export function opaEvalDecision(file: string, profiles: string[] = []): Decision {
  const run = spawnSync(
    toolPath("opa"),
    ["eval", "--format", "json", "--input", file, "--data", configFile(profiles), "--ignore", "fixtures", "--ignore", "*_test.rego", "--data", "policies",
      "data.transit_guard.main.decision"],
    { cwd: repoRoot, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 },
  );
  if (run.status !== 0) throw new Error(`opa eval failed on ${file}: ${run.stderr}`);
  const output = JSON.parse(run.stdout) as { result?: { expressions: { value: Decision }[] }[] };
  const value = output.result?.[0]?.expressions[0]?.value;
  if (!value) throw new Error(`opa eval gave no decision for ${file}`);
  return value;
}

/** The result of running the transit-guard binary as a user would. */
export interface Transcript {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/transit-guard with the given arguments (and standard input), without colour. */
export function runCli(args: string[], stdin?: string): Transcript {
  const run = spawnSync(process.execPath, ["tooling/cli/bin.mjs", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    input: stdin ?? "",
    env: { ...process.env, NO_COLOR: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    command: `transit-guard ${args.join(" ")}${stdin === undefined ? "" : " < stdin"}`,
    exitCode: run.status ?? -1,
    stdout: run.stdout,
    stderr: run.stderr,
  };
}
