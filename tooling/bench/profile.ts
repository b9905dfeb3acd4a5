/**
 * Where transit-guard's time and memory go on one plan, measured inside one process: module
 * loading, reading, JSON.parse, engine load, projection, schema validation and the two WASM
 * evaluations, with the garbage collection that happens in each, plus the embedded engine's
 * memory.
 *
 * The steps are those of Checker.checkDocument, in its order and on a default engine (the class
 * does not expose them one by one). The order matters: V8 decides when to collect from what was
 * allocated before, and the WASM evaluations grow their memory while the parsed plan is alive, so
 * reordering or repeating steps changes what a step costs. Measurements that repeat steps
 * (validation alone, evaluations on an already grown instance) come after the CLI's path.
 *
 * The runner starts it as its own process (node --import tsx), once per plan, so that each
 * plan's figures start from a fresh heap. Prints one JSON object (ProfileResult).
 *
 * Usage: node --import tsx tooling/bench/profile.ts <plan.json>
 */
import { PerformanceObserver, constants, type PerformanceEntry } from "node:perf_hooks";
import type { Decision, DocumentKind, PolicyConfig, Projection } from "../types.ts";

// Taken before any module below is loaded: node's bootstrap plus tsx's registration.
const bootMs = performance.now();

/** Time of one step, and the garbage collection V8 did during it. */
export interface Phase {
  ms: number;
  /** Time spent in GC pauses of any kind during the step. */
  gcMs: number;
  /** Full (mark-compact) collections during the step. */
  majorGcs: number;
}

/** Timings and sizes of one profiled check. */
export interface ProfileResult {
  /** Node bootstrap and tsx registration, up to the first statement of this module (ms). */
  bootMs: number;
  /** Loading the CLI's module graph (tsx transforms, ajv, yaml, commander, opa-wasm). */
  import: Phase;
  /** readFileSync and UTF-8 decoding of the plan. */
  read: Phase;
  /** JSON.parse of the plan. */
  parse: Phase;
  /** Reading the bundle, compiling and instantiating the WASM module, evaluating projection. */
  engineLoad: Phase;
  /** project(): dropping what the policies never read. */
  project: Phase;
  /** JSON.stringify and UTF-8 encoding of the projected document (the copy handed to WASM). */
  encode: Phase;
  /** Entrypoint document_kind, first evaluation on the instance. */
  kind: Phase;
  /** validateDocument() on the whole parsed plan, first call (includes compiling the schema). */
  validate: Phase;
  /** Entrypoint decision, as the CLI evaluates it. */
  decision: Phase;
  /** Rendering the JSON output. */
  format: Phase;
  /** validateDocument() again, schema already compiled: the validation alone. */
  validateAgain: Phase;
  /**
   * document_kind and decision again on the same instance: its memory has already grown (unless
   * it was recycled), so the difference to kind + decision is what growing WASM memory costs.
   */
  evaluateAgain: Phase;
  inputBytes: number;
  projectedBytes: number;
  resourceChanges: number;
  projectedChanges: number;
  /** WASM memory after document_kind and after decision: the most the instance held, before any recycling (bytes). */
  wasmAfterKindBytes: number;
  wasmAfterDecisionBytes: number;
  /** How often the default engine replaced its instance to return memory during the CLI's path. */
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

// GC entries arrive asynchronously; they carry their start time, so they are attributed to the
// step whose interval contains them once everything has run.
const gcEntries: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
observer.observe({ entryTypes: ["gc"] });
const spans = new Map<string, [number, number]>();

/** What the runner gets when a step throws (the engine running out of memory, say). */
export interface ProfileFailure {
  error: string;
  step: string;
  /** How long the failing step ran before it threw. */
  stepMs: number;
  /** Size of the projected input, when the failure came after encoding it. */
  projectedBytes?: number;
}

/** What is known when a step fails. */
const known: { projectedBytes?: number } = {};

let current: { name: string; start: number } | undefined;

async function step<T>(name: string, run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  current = { name, start };
  const result = await run();
  spans.set(name, [start, performance.now()]);
  return result;
}

// A failure is a result too: print which step failed, after how long, and stop.
process.on("uncaughtException", (error) => {
  const failure: ProfileFailure = {
    error: error instanceof Error ? error.message : String(error),
    step: current?.name ?? "startup",
    stepMs: current ? performance.now() - current.start : 0,
    ...known,
  };
  process.stdout.write(`${JSON.stringify(failure)}\n`);
  process.exit(1);
});

function phase(name: string): Phase {
  const [start, end] = spans.get(name) ?? [0, 0];
  const inside = gcEntries.filter((e) => e.startTime >= start && e.startTime < end);
  return {
    ms: end - start,
    gcMs: inside.reduce((sum, e) => sum + e.duration, 0),
    // GC entries carry their kind in detail, which @types/node does not declare on PerformanceEntry.
    majorGcs: inside.filter((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR).length,
  };
}

const modules = await step("import", async () => {
  const loaded = {
    ...(await import("../check.ts")),
    ...(await import("../inputs/project.ts")),
    ...(await import("../inputs/read.ts")),
    ...(await import("../inputs/validate.ts")),
    ...(await import("../output/json.ts")),
  };
  // The CLI also loads commander and the other formatters; load them so the step is the CLI's.
  await import("../cli/main.ts");
  return loaded;
});
const { Checker, project, readSource, parseSource, validateDocument, formatJson } = modules;

const source = await step("read", () => readSource(file));
const [document] = await step("parse", () => parseSource(source));
if (!document) throw new Error(`${file} holds no document`);
const heapAfterParseBytes = process.memoryUsage().heapUsed;

// A default engine, as the CLI creates it. The projection is what Checker.create evaluated (it
// keeps it private); evaluating it again with the same caller data costs well under a millisecond.
const checker = await step("engineLoad", () => Checker.create());
const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
const config: PolicyConfig = { profiles: [] };

const projected = await step("project", () => project(document.value, projection));
const input = await step("encode", () => new TextEncoder().encode(JSON.stringify(projected)).buffer as ArrayBuffer);
known.projectedBytes = input.byteLength;
const kind = await step("kind", () =>
  checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config, { more: true }),
);
const wasmAfterKindBytes = checker.engine.peakMemoryBytes;
await step("validate", () => validateDocument(document, kind));
const decision = await step("decision", () => checker.engine.evaluate<Decision>("transit_guard/main/decision", input, config));
const wasmAfterDecisionBytes = checker.engine.peakMemoryBytes;
const recycled = checker.engine.recycled;
await step("format", () =>
  formatJson([
    {
      filename: file, document: 0, namespace: "transit_guard.main", input_kind: decision.input_kind,
      resources: decision.resources, successes: decision.rules_passed, failures: decision.deny,
      warnings: decision.warn, exceptions: [],
    },
  ]),
);

await step("validateAgain", () => validateDocument(document, kind));
await step("evaluateAgain", async () => {
  await checker.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config);
  await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, config);
});

// Let the observer deliver the last GC entries before attributing them.
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();

const changes = (value: unknown) =>
  Array.isArray((value as { resource_changes?: unknown }).resource_changes)
    ? (value as { resource_changes: unknown[] }).resource_changes.length
    : 0;

const profile: ProfileResult = {
  bootMs,
  import: phase("import"),
  read: phase("read"),
  parse: phase("parse"),
  engineLoad: phase("engineLoad"),
  project: phase("project"),
  encode: phase("encode"),
  kind: phase("kind"),
  validate: phase("validate"),
  decision: phase("decision"),
  format: phase("format"),
  validateAgain: phase("validateAgain"),
  evaluateAgain: phase("evaluateAgain"),
  inputBytes: Buffer.byteLength(source.text),
  projectedBytes: input.byteLength,
  resourceChanges: changes(document.value),
  projectedChanges: changes(projected),
  wasmAfterKindBytes,
  wasmAfterDecisionBytes,
  recycled,
  heapAfterParseBytes,
  // resourceUsage().maxRSS is in KiB.
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  failures: decision.deny.length,
  warnings: decision.warn.length,
};
process.stdout.write(`${JSON.stringify(profile)}\n`);
