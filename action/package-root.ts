/**
 * tooling/package-root.ts as the self-contained builds of action/dist see it (tooling/build/action.ts
 * resolves every import of that module here): the same package root and paths, except that the
 * embedded engine starts action/dist/worker.mjs, which has opa-wasm bundled in, instead of
 * tooling/engine/worker.mjs, which imports it from node_modules.
 */
import { packagePath as inPackage, packageRoot } from "../tooling/package-root.ts";

export { packageRoot };

const worker = ["tooling", "engine", "worker.mjs"].join("/");

/** A path inside the package; the engine's worker is the bundled one. */
export const packagePath = (...parts: string[]): string =>
  parts.join("/") === worker ? inPackage("action", "dist", "worker.mjs") : inPackage(...parts);
