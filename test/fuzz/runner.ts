/**
 * The differential fuzz runner: draws documents from a suite with fast-check, checks each with
 * both engines (compare.ts), and on a failure lets fast-check shrink the document (within a time
 * budget), then reduces it further (reduce.ts). A failure is reported with the seed and path that
 * replay it and the smallest counterexample found. With keepGoing, a run continues after a
 * failure with the next seed, until the runs or the time are used up.
 */
import fc from "fast-check";

import { InputError } from "../../tooling/errors.ts";
import { parseSource } from "../../tooling/inputs/read.ts";
import { validateDocument } from "../../tooling/inputs/validate.ts";
import type { Sample } from "./arbitraries.ts";
import { check, type CheckFailure, defaultLimits, type Limits } from "./compare.ts";
import type { Size } from "./definitions.ts";
import type { Engines } from "./engines.ts";
import type { JsonObject } from "./model.ts";
import { reduce } from "./reduce.ts";
import type { Suite } from "./suites.ts";

/** How a run goes. */
export interface FuzzOptions {
  suite: Suite;
  seed: number;
  /** Documents to generate (shrinking not counted). */
  runs: number;
  /** Stop generating after this long (the failure being shrunk then is still reported). */
  timeLimitMs?: number;
  /** Replay one case: the path fast-check reported with the seed. */
  path?: string;
  /** Resources per document, overriding the suite's sizes. */
  size?: Size;
  limits?: Limits;
  /** Time fast-check may spend shrinking a failure (candidates after it count as passing). */
  shrinkBudgetMs?: number;
  /** Time the reduction of a shrunk counterexample may take (0: none). */
  reduceBudgetMs?: number;
  /** Continue with the next seed after a failure (default: stop at the first). */
  keepGoing?: boolean;
  /** Called after every check. */
  onCheck?: (stats: Stats, phase: "run" | "shrink" | "reduce") => void;
  /**
   * Failures already known (their summary or details match): counted, not shrunk or reported, so
   * that a long run looks past an open bug.
   */
  known?: RegExp[];
  /** Called with each failure once it is shrunk and reduced (before the run goes on). */
  onFailure?: (failure: Failure, index: number) => void;
}

/** What a run did. */
export interface Stats {
  /** Documents generated and checked. */
  documents: number;
  /** Resources in them. */
  resources: number;
  /** Findings compared (OPA's deny, warn and exceptions, each equal in the embedded engine's decision). */
  findings: number;
  /** Documents the loader refused (schema, or no supported kind): compared through the engine directly. */
  refused: number;
  unrecognised: number;
  /** Documents the loader could not parse (evaluated by OPA only; nothing compared). */
  unparsed: number;
  /** Checks that failed in a known way (FuzzOptions.known). */
  known: number;
  /** Documents with values replaced by values of the wrong type. */
  mutated: number;
  /** Documents per generated kind. */
  kinds: Record<string, number>;
  /** Findings compared per rule. */
  rules: Record<string, number>;
  /** Checks made while shrinking or reducing failures. */
  shrinkChecks: number;
  wasmMs: number;
  opaMs: number;
  /** The document the embedded engine took longest on relative to OPA (of those it took a second or more on). */
  slowest?: { wasmMs: number; opaMs: number; bytes: number; kind: string; resources: number; sample: Sample };
  failures: number;
  startedAt: number;
}

/** One failure, shrunk (and reduced). */
export interface Failure {
  suite: string;
  seed: number;
  /** fast-check's path of the shrunk counterexample (replays it with the seed). */
  path: string;
  failure: CheckFailure;
  /** The shrunk counterexample, with its document reduced when a reduction ran. */
  sample: Sample;
  numShrinks: number;
  reduced?: { attempts: number; fromBytes: number; loaderAccepts: boolean };
  /** Other failures met while reducing (a candidate that failed differently), the first few. */
  side: Array<{ failure: CheckFailure; document: JsonObject }>;
}

/** The result of a run. */
export interface FuzzResult {
  stats: Stats;
  failures: Failure[];
  /** The time limit stopped the run before the runs were used up. */
  interrupted: boolean;
}

class CheckError extends Error {
  constructor(readonly failure: CheckFailure) {
    super(`${failure.category}: ${failure.summary}\n${failure.details}`);
    this.name = "CheckError";
  }
}

export const newStats = (): Stats => ({
  documents: 0,
  resources: 0,
  findings: 0,
  refused: 0,
  unrecognised: 0,
  unparsed: 0,
  known: 0,
  mutated: 0,
  kinds: {},
  rules: {},
  shrinkChecks: 0,
  wasmMs: 0,
  opaMs: 0,
  failures: 0,
  startedAt: Date.now(),
});

/**
 * The loader accepts the document as the library would (parse, a supported kind, its schema); the
 * kind is asked of OPA, so that this holds whatever the embedded engine does with the document.
 */
async function loaderAccepts(engines: Engines, document: JsonObject): Promise<boolean> {
  try {
    const parsed = parseSource({ file: "fuzz.json", text: `${JSON.stringify(document, null, 2)}\n` })[0]!;
    const kind = await engines.topdown.documentKind(document);
    if (!kind || kind.kind === "unknown") return false;
    validateDocument(parsed, kind);
    return true;
  } catch (error) {
    if (error instanceof InputError) return false;
    throw error;
  }
}

/** Runs a suite against both engines. */
export async function fuzz(engines: Engines, options: FuzzOptions, stats: Stats = newStats()): Promise<FuzzResult> {
  const limits = options.limits ?? defaultLimits;
  const failures: Failure[] = [];
  const deadline = options.timeLimitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeLimitMs;
  let remaining = options.runs;
  let interrupted = false;
  for (let round = 0; remaining > 0; round++) {
    if (Date.now() >= deadline) {
      interrupted = true;
      break;
    }
    const seed = (options.seed + round) | 0;
    let firstFailureAt: number | undefined;
    const property = fc.asyncProperty(options.suite.arbitrary(options.size), async (sample) => {
      const shrinking = firstFailureAt !== undefined;
      // Past the shrink budget, the remaining candidates count as passing: fast-check then reports
      // the smallest failing document found so far.
      if (shrinking && Date.now() - firstFailureAt! > (options.shrinkBudgetMs ?? 60_000)) return true;
      const result = await check(engines, sample, limits);
      if (result.failure && options.known?.some((re) => re.test(result.failure!.summary) || re.test(result.failure!.details))) {
        if (!shrinking) stats.known += 1;
        delete result.failure;
      }
      stats.wasmMs += result.wasmMs;
      stats.opaMs += result.opaMs;
      if (result.wasmMs >= 1_000 && (!stats.slowest || result.wasmMs / result.opaMs > stats.slowest.wasmMs / stats.slowest.opaMs)) {
        stats.slowest = { wasmMs: result.wasmMs, opaMs: result.opaMs, bytes: JSON.stringify(sample.document).length, kind: sample.kind, resources: sample.resources, sample };
      }
      if (shrinking) {
        stats.shrinkChecks += 1;
      } else {
        stats.documents += 1;
        stats.resources += sample.resources;
        if (!result.failure) {
          stats.findings += result.findings;
          for (const id of result.ids) stats.rules[id] = (stats.rules[id] ?? 0) + 1;
        }
        stats.kinds[sample.kind] = (stats.kinds[sample.kind] ?? 0) + 1;
        if (sample.mutations > 0) stats.mutated += 1;
        if (result.refused) stats.refused += 1;
        if (result.refused?.unrecognised) stats.unrecognised += 1;
        if (result.unparsed !== undefined) stats.unparsed += 1;
      }
      options.onCheck?.(stats, shrinking ? "shrink" : "run");
      if (result.failure) {
        firstFailureAt ??= Date.now();
        throw new CheckError(result.failure);
      }
      return true;
    });
    const timeLeft = deadline - Date.now();
    const details = await fc.check(property, {
      seed,
      numRuns: remaining,
      ...(options.path !== undefined && round === 0 ? { path: options.path } : {}),
      ...(Number.isFinite(timeLeft) ? { interruptAfterTimeLimit: Math.max(1, timeLeft), markInterruptAsFailure: false } : {}),
    });
    remaining -= Math.max(1, details.numRuns);
    if (details.interrupted && !details.failed) interrupted = true;
    if (!details.failed || !details.counterexample) {
      if (details.interrupted) break;
      continue;
    }
    const sample = details.counterexample[0] as Sample;
    const error = details.errorInstance;
    const failure: CheckFailure =
      error instanceof CheckError ? error.failure : { category: "harness-error", summary: `the harness failed: ${String(error)}`, details: error instanceof Error ? (error.stack ?? "") : "" };
    const found: Failure = { suite: options.suite.name, seed: details.seed, path: details.counterexamplePath ?? "", failure, sample, numShrinks: details.numShrinks, side: [] };
    const budget = options.reduceBudgetMs ?? 0;
    const bytes = JSON.stringify(sample.document).length;
    if (budget > 0 && error instanceof CheckError && bytes > 300) {
      let last = failure;
      // A document the loader accepts stays one, so that the reduced document fails the CLI too.
      const accepted = await loaderAccepts(engines, sample.document);
      const reduced = await reduce(
        sample.document,
        async (candidate: JsonObject) => {
          if (accepted && !(await loaderAccepts(engines, candidate))) return false;
          const result = await check(engines, { ...sample, document: candidate }, limits);
          stats.shrinkChecks += 1;
          stats.wasmMs += result.wasmMs;
          stats.opaMs += result.opaMs;
          options.onCheck?.(stats, "reduce");
          if (result.failure && result.failure.category !== failure.category && found.side.length < 3) found.side.push({ failure: result.failure, document: candidate });
          if (result.failure?.category !== failure.category) return false;
          last = result.failure;
          return true;
        },
        { budgetMs: budget },
      );
      if (reduced.document !== sample.document) {
        found.sample = { ...sample, document: reduced.document };
        found.failure = last;
        found.reduced = { attempts: reduced.attempts, fromBytes: bytes, loaderAccepts: accepted };
      }
    }
    failures.push(found);
    stats.failures += 1;
    options.onFailure?.(found, failures.length);
    if (!options.keepGoing || options.path !== undefined) break;
  }
  return { stats, failures, interrupted };
}

const thousands = (n: number) => Math.round(n).toLocaleString("en-US");

/** A failure as text: what failed, how to replay it, and the counterexample (cut at maxJson characters). */
export function formatFailure(f: Failure, maxJson = 20_000): string {
  const json = JSON.stringify(f.sample.document);
  const shown = json.length > maxJson ? `${json.slice(0, maxJson)}… (${thousands(json.length - maxJson)} more characters; npm run fuzz -- --save DIR writes it whole)` : json;
  const reduced = f.reduced
    ? `; then reduced from ${thousands(f.reduced.fromBytes)} to ${thousands(json.length)} bytes in ${f.reduced.attempts} checks${f.reduced.loaderAccepts ? ", still a document the loader accepts" : ""} (the seed and path replay the document before the reduction)`
    : "";
  return [
    `✗ [${f.suite}] ${f.failure.category}: ${f.failure.summary}`,
    `  seed ${f.seed}, path "${f.path}" (fast-check shrank it ${f.numShrinks} times${reduced})`,
    `  replay: npm run fuzz -- --suite ${f.suite} --seed ${f.seed} --path "${f.path}"`,
    `  kind: ${f.sample.kind} (generated with ${f.sample.resources} resources${f.sample.mutations > 0 ? `, ${f.sample.mutations} values replaced by values of the wrong type` : ""}${f.sample.bigNumbers > 0 ? `, ${f.sample.bigNumbers} numbers replaced by numbers of 31 bits or more` : ""}); settings: ${JSON.stringify(f.sample.config)}`,
    "  details:",
    ...f.failure.details.split("\n").map((line) => `    ${line}`),
    `  counterexample (${thousands(json.length)} bytes):`,
    `    ${shown}`,
    ...f.side.map((s) => `  also met while reducing (a smaller document that failed differently, ${thousands(JSON.stringify(s.document).length)} bytes): ${s.failure.category}: ${s.failure.summary}`),
  ].join("\n");
}

/** One line of progress. */
export function formatProgress(stats: Stats): string {
  const seconds = (Date.now() - stats.startedAt) / 1000;
  return (
    `${thousands(stats.documents)} documents, ${thousands(stats.resources)} resources, ${thousands(stats.findings)} findings compared, ` +
    `${stats.failures} failure${stats.failures === 1 ? "" : "s"}${stats.shrinkChecks > 0 ? `, ${thousands(stats.shrinkChecks)} shrink checks` : ""}, ${seconds.toFixed(0)} s`
  );
}

/** The summary of a run. */
export function formatSummary(stats: Stats, failures: Failure[]): string {
  const seconds = (Date.now() - stats.startedAt) / 1000;
  const kinds = Object.entries(stats.kinds).map(([k, n]) => `${k} ${n}`).join(", ");
  return [
    `documents:          ${thousands(stats.documents)} (${kinds})`,
    `resources:          ${thousands(stats.resources)}`,
    `findings compared:  ${thousands(stats.findings)} (${Object.entries(stats.rules).sort(([a], [b]) => a.localeCompare(b)).map(([id, n]) => `${id} ${thousands(n)}`).join(", ")})`,
    `refused by loader:  ${thousands(stats.refused)} (${thousands(stats.unrecognised)} of no supported kind; compared through the engine directly), ${thousands(stats.unparsed)} not parsed (not compared); ${thousands(stats.mutated)} documents had values of the wrong type`,
    `shrink checks:      ${thousands(stats.shrinkChecks)}`,
    ...(stats.known > 0 ? [`known failures:     ${thousands(stats.known)} (matched --known; not shrunk)`] : []),
    `time:               ${seconds.toFixed(1)} s (embedded engine ${(stats.wasmMs / 1000).toFixed(1)} s, OPA ${(stats.opaMs / 1000).toFixed(1)} s)`,
    ...(stats.slowest
      ? [`slowest (relative): the embedded engine took ${(stats.slowest.wasmMs / 1000).toFixed(1)} s where OPA took ${(stats.slowest.opaMs / 1000).toFixed(1)} s (${stats.slowest.kind}, ${thousands(stats.slowest.resources)} resources, ${thousands(stats.slowest.bytes)} bytes)`]
      : []),
    `failures:           ${failures.length}${failures.map((f) => `\n  - [${f.suite}] seed ${f.seed} path "${f.path}": ${f.failure.category}: ${f.failure.summary}`).join("")}`,
  ].join("\n");
}
