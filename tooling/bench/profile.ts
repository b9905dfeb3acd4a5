/**
 * transit-guard's steps on one plan inside one process, in the order of Checker.checkDocument (which
 * does them in one call), and the embedded engine's peak WASM memory (Checker.peakMemoryBytes:
 * the most one evaluation used, the top of OPA's heap; a larger document is evaluated in parts,
 * as the CLI does). The evaluations run in the
 * engine's worker thread. The runner starts it once per plan, so each plan starts from a fresh heap.
 * Prints one JSON object: ProfileResult, or {error, step} when a step throws.
 *
 * Usage: node --import tsx tooling/bench/profile.ts <plan.json> [<bundle.tar.gz>]
 */
import type { DocumentKind, PolicyConfig, Projection } from "../types.ts";

// Node's bootstrap and tsx's registration, before any module below is loaded.
const bootMs = performance.now();

/** ms per step: import, parse (read + JSON.parse), engineLoad, project (and encode), kind, validate, decision. */
export interface ProfileResult { bootMs: number; ms: Record<string, number>; projectedBytes: number; wasmPeakBytes: number; recycled: number; maxRssBytes: number }

const [file, bundle] = process.argv.slice(2);
if (!file) throw new Error("usage: profile.ts <plan.json> [<bundle.tar.gz>]");
const ms: Record<string, number> = {};
let current = "startup";

async function step<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  current = name;
  const start = performance.now();
  const result = await run();
  ms[name] = performance.now() - start;
  return result;
}

process.on("uncaughtException", (error) => {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error), step: current })}\n`);
  process.exit(1);
});

const { Checker, engineInput, readSource, parseSource, validateDocument } = await step("import", async () => ({
  ...(await import("../check.ts")),
  ...(await import("../inputs/project.ts")),
  ...(await import("../inputs/read.ts")),
  ...(await import("../inputs/validate.ts")),
}));
const [document] = await step("parse", () => parseSource(readSource(file)));
if (!document) throw new Error(`${file} holds no document`);
const checker = await step("engineLoad", () => Checker.create(bundle ? { bundle } : {}));
const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
const config: PolicyConfig = { profiles: [] };
const input = await step("project", () => engineInput(document.value, projection));
const kind = await step("kind", () => checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config, { more: true }));
await step("validate", () => validateDocument(document, kind));
// The decision as checkDocument makes it: a plan above EngineOptions.sliceAboveBytes in slices
// (which asks the document's kind of its first part and validates again: included here).
await step("decision", () => checker.checkDocument(document, config));
const result: ProfileResult = {
  bootMs, ms, projectedBytes: input.byteLength, wasmPeakBytes: checker.peakMemoryBytes, recycled: checker.recycled,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
await checker.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
