/**
 * Where transit-guard's time and memory go on one plan, measured inside one process: module
 * loading, reading, JSON.parse, engine load, projection, schema validation and the two WASM
 * evaluations, plus the embedded engine's memory. It repeats the steps of Checker.checkDocument
 * one by one (the class does not expose them), then runs checkDocument itself on a default engine
 * to record what the CLI really does (recycling included).
 *
 * The runner starts it as its own process (node --import tsx), once per plan, so that each
 * plan's memory figures start from a fresh heap. Prints one JSON object (ProfileResult).
 *
 * Usage: node --import tsx tooling/bench/profile.ts <plan.json>
 */
import type { Decision, DocumentKind, PolicyConfig, Projection } from "../types.ts";

// Taken before any module below is loaded: node's bootstrap plus tsx's registration.
const bootMs = performance.now();

/** Timings (ms) and sizes of one profiled check. */
export interface ProfileResult {
  /** Node bootstrap and tsx registration, up to the first statement of this module. */
  bootMs: number;
  /** Loading the CLI's module graph (tsx transforms, ajv, yaml, commander, opa-wasm). */
  importMs: number;
  /** readFileSync and UTF-8 decoding of the plan. */
  readMs: number;
  /** JSON.parse of the plan. */
  parseMs: number;
  /** Reading the bundle, compiling the WASM module, instantiating it, evaluating projection. */
  engineLoadMs: number;
  /** project(): dropping what the policies never read. */
  projectMs: number;
  /** JSON.stringify and UTF-8 encoding of the projected document (the copy into WASM). */
  encodeMs: number;
  /** Entrypoint document_kind. */
  kindMs: number;
  /** validateDocument() on the whole parsed plan, first call (includes compiling the schema). */
  validateFirstMs: number;
  /** validateDocument() again, schema already compiled: the validation alone. */
  validateMs: number;
  /** Entrypoint decision. */
  decisionMs: number;
  /**
   * document_kind and decision again on the same instance, whose memory has already grown: the
   * difference to kindMs + decisionMs is what growing WASM memory during the first evaluation costs.
   */
  repeatEvaluationMs: number;
  /** Rendering the JSON output. */
  formatMs: number;
  /** Checker.checkDocument() on a fresh default engine, everything loaded (the warm path). */
  checkDocumentMs: number;
  inputBytes: number;
  projectedBytes: number;
  resourceChanges: number;
  projectedChanges: number;
  /** WASM memory after the decision with recycling disabled: what one evaluation grows to. */
  wasmPeakBytes: number;
  /** WASM memory the default engine holds after checkDocument, and how often it recycled. */
  wasmAfterBytes: number;
  recycled: number;
  /** V8 heap in use right after JSON.parse (the parsed plan dominates it). */
  heapAfterParseBytes: number;
  /** Peak resident set size of this process, from process.resourceUsage(). */
  maxRssBytes: number;
  failures: number;
  warnings: number;
}

const file = process.argv[2];
if (!file) throw new Error("usage: profile.ts <plan.json>");

const since = (start: number) => performance.now() - start;

let start = performance.now();
const { Checker } = await import("../check.ts");
const { project } = await import("../inputs/project.ts");
const { readSource, parseSource } = await import("../inputs/read.ts");
const { validateDocument } = await import("../inputs/validate.ts");
const { formatJson } = await import("../output/json.ts");
// The CLI also loads commander and the other formatters; load them so importMs is the CLI's.
await import("../cli/main.ts");
const importMs = since(start);

start = performance.now();
const source = readSource(file);
const readMs = since(start);

start = performance.now();
const [document] = parseSource(source);
const parseMs = since(start);
if (!document) throw new Error(`${file} holds no document`);
const heapAfterParseBytes = process.memoryUsage().heapUsed;

start = performance.now();
// Recycling disabled, so that memoryBytes after the decision is what the evaluation grew to.
const checker = await Checker.create({ recycleAboveBytes: Number.MAX_SAFE_INTEGER });
const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
const engineLoadMs = since(start);

const config: PolicyConfig = { profiles: [] };

start = performance.now();
const projected = project(document.value, projection);
const projectMs = since(start);

start = performance.now();
const input = new TextEncoder().encode(JSON.stringify(projected)).buffer as ArrayBuffer;
const encodeMs = since(start);

start = performance.now();
const kind = await checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config);
const kindMs = since(start);

start = performance.now();
validateDocument(document, kind);
const validateFirstMs = since(start);

start = performance.now();
validateDocument(document, kind);
const validateMs = since(start);

start = performance.now();
const decision = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, config);
const decisionMs = since(start);
const wasmPeakBytes = checker.engine.memoryBytes;

start = performance.now();
await checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config);
await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, config);
const repeatEvaluationMs = since(start);

const fresh = await Checker.create();
start = performance.now();
const result = await fresh.checkDocument(document, config);
const checkDocumentMs = since(start);

start = performance.now();
formatJson([result]);
const formatMs = since(start);

const changes = (value: unknown) =>
  Array.isArray((value as { resource_changes?: unknown }).resource_changes)
    ? (value as { resource_changes: unknown[] }).resource_changes.length
    : 0;

const profile: ProfileResult = {
  bootMs,
  importMs,
  readMs,
  parseMs,
  engineLoadMs,
  projectMs,
  encodeMs,
  kindMs,
  validateFirstMs,
  validateMs,
  decisionMs,
  repeatEvaluationMs,
  formatMs,
  checkDocumentMs,
  inputBytes: Buffer.byteLength(source.text),
  projectedBytes: input.byteLength,
  resourceChanges: changes(document.value),
  projectedChanges: changes(projected),
  wasmPeakBytes,
  wasmAfterBytes: fresh.engine.memoryBytes,
  recycled: fresh.engine.recycled,
  heapAfterParseBytes,
  // resourceUsage().maxRSS is in KiB.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  failures: decision.deny.length,
  warnings: decision.warn.length,
};
process.stdout.write(`${JSON.stringify(profile)}\n`);
