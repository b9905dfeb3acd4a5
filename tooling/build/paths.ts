/** Where the build finds the repository and the pinned OPA toolchain. */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { packageRoot } from "../package-root.ts";

/** The repository root (the package root; also right when bundled into bundle/cli.mjs). */
export const repoRoot = packageRoot;

/** The pinned version of a Go tool, read from its go.mod under tooling/go/. */
export function pinnedVersion(tool: string): string {
  const gomod = readFileSync(path.join(repoRoot, "tooling/go", tool, "go.mod"), "utf8");
  const module = /^tool (\S+)$/m.exec(gomod)?.[1];
  const version = module && new RegExp(`^\\s+${module.replace(/[.]/g, "\\.")} (v\\S+)`, "m").exec(gomod)?.[1];
  if (!version) throw new Error(`tooling/go/${tool}/go.mod does not pin a version`);
  return version;
}

/** The pinned OPA version (tooling/go/opa/go.mod). */
export const opaVersion = pinnedVersion("opa");

/**
 * The path of a pinned tool installed by tooling/install-tools.sh. Throws a message that says how
 * to install it when it is missing, so that no test is skipped silently.
 */
export function toolPath(tool: "opa" | "conftest" | "regal" | "gator"): string {
  const file = path.join(repoRoot, ".tools/bin", tool);
  if (!existsSync(file)) {
    throw new Error(`${tool} is not installed in .tools/bin: run "npm run tools" (needs Go; builds the pinned version)`);
  }
  return file;
}
