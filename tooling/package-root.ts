/**
 * The installed package's root (the folder of its package.json), found from this module's own
 * location: the same answer whether the code runs from tooling/ (tsx), dist/ (the library build)
 * or bundle/cli.mjs (the prebuilt CLI), which sit at different depths.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "sagemaker-transit-guard") {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of sagemaker-transit-guard above ${from}`);
  }
}

/** The package root. */
export const packageRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package. */
export const packagePath = (...parts: string[]): string => path.join(packageRoot, ...parts);
