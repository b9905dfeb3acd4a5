/**
 * transit-guard's steps on one plan inside one process, as the CLI takes them (import, read and
 * parse, engine load, Checker.checkDocument), and the embedded engine's peak WASM memory in them
 * (Checker.peakMemoryBytes: the most one evaluation used, the top of OPA's heap; a larger document
 * is evaluated in parts or slices, as the CLI does). Projection and validation, which
 * checkDocument does inside, are timed again after it, for their share. The evaluations run in
 * the engine's worker threads. The runner starts a process per plan, so each plan starts from a
 * fresh heap. Prints one JSON object: ProfileResult, or {error, step} when a step throws.
 *
 * Usage: node --import tsx tooling/bench/profile.ts <plan.json> [<bundle.tar.gz>]
 */
import type { DocumentKind, PolicyConfig, Projection } from "../types.ts";

// Node's bootstrap and tsx's registration, before any module below is loaded.
const bootMs = performance.now();

/** ms per step: import, parse (read + JSON.parse), engineLoad, decision; project (and encode) and validate, again after it. */
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
const config: PolicyConfig = { profiles: [] };
// The decision as the CLI makes it (a plan above EngineOptions.sliceAboveBytes in slices, which
// projects, asks each part's document_kind and validates inside). Its WASM peak is the CLI's.
await step("decision", () => checker.checkDocument(document, config));
const wasmPeakBytes = checker.peakMemoryBytes;
const recycled = checker.recycled;
// Two of its steps again, for their share of it (after the peak is taken).
const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
const input = await step("project", () => engineInput(document.value, projection));
const kind = await checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config);
await step("validate", () => validateDocument(document, kind));
const result: ProfileResult = {
  bootMs, ms, projectedBytes: input.byteLength, wasmPeakBytes, recycled,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
};
await checker.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
