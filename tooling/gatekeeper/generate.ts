/**
 * Writes bundle/gatekeeper/ (the ConstraintTemplate and the example Constraints for Gatekeeper,
 * generated from the policies), or with --check fails when the committed files are stale.
 *
 * Usage: tsx tooling/gatekeeper/generate.ts [--check]
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { gatekeeperDir, gatekeeperFiles, writeGatekeeper } from "./templates.ts";

/** The files below dir, relative to it. */
function listFiles(dir: string, below = ""): string[] {
  if (!existsSync(path.join(dir, below))) return [];
  return readdirSync(path.join(dir, below), { withFileTypes: true }).flatMap((entry) => {
    const rel = below ? `${below}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** The problems of the committed files: stale, missing or left over. */
export function staleGatekeeperFiles(dir = gatekeeperDir): string[] {
  const files = gatekeeperFiles();
  const problems: string[] = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if (!existsSync(file)) problems.push(`${name} is missing`);
    else if (readFileSync(file, "utf8") !== content) problems.push(`${name} is stale`);
  }
  for (const name of listFiles(dir)) if (!files.has(name)) problems.push(`${name} is not generated`);
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--check")) {
    const problems = staleGatekeeperFiles();
    for (const problem of problems) console.error(`bundle/gatekeeper/${problem}: run tsx tooling/gatekeeper/generate.ts and commit it`);
    if (problems.length > 0) process.exitCode = 1;
  } else {
    for (const file of writeGatekeeper(gatekeeperDir)) console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
