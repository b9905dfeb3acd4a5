/**
 * The package as installed, for tests that use it as a consumer would: its manifest and shipped
 * folders, with dist/ built as `npm pack` builds it (prepack: tsc, JavaScript and declarations)
 * into the copy, not into the checkout; and a consumer project (type module) whose
 * node_modules/sagemaker-transit-guard is that copy.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

import { repoRoot } from "./repo.ts";

/** Builds the installed copy and a consumer project in dir; returns the project's folder, or throws with tsc's output. */
export function consumerProject(dir: string): string {
  const installed = path.join(dir, "sagemaker-transit-guard");
  mkdirSync(installed);
  copyFileSync(path.join(repoRoot, "package.json"), path.join(installed, "package.json"));
  for (const folder of ["bundle", "schemas", "policies", "tooling", "node_modules"]) {
    symlinkSync(path.join(repoRoot, folder), path.join(installed, folder), "dir");
  }
  const build = spawnSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", path.join(installed, "dist")],
    { cwd: repoRoot, encoding: "utf8" },
  );
  if (build.stdout + build.stderr !== "") throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
  const project = path.join(dir, "consumer");
  mkdirSync(path.join(project, "node_modules"), { recursive: true });
  symlinkSync(installed, path.join(project, "node_modules", "sagemaker-transit-guard"), "dir");
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ type: "module", private: true }));
  return project;
}
