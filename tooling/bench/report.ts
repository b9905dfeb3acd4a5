/**
 * Turns benchmark results into the console tables, the target verdicts and BENCHMARKS.md. Pure
 * functions of the results: everything written, the assessment included, comes from the numbers
 * of the run, so the document never disagrees with the figures it shows.
 */
import type { PlanMeta } from "./generate.ts";
import type { RssMethod } from "./measure.ts";
import type { Phase, ProfileFailure, ProfileResult } from "./profile.ts";

/** The processes compared. */
export type EngineId = "transit-guard" | "opa-eval" | "conftest" | "floor";

/** TG101 findings (and all findings) an engine reported on a plan. */
export interface Counts {
  failures: number;
  warnings: number;
  allFailures: number;
  allWarnings: number;
}

/** The measured runs of one engine on one plan. */
export interface EngineResult {
  engine: EngineId;
  label: string;
  /** The command as documented, with the plan's path. */
  command: string;
  wallMs: number[];
  peakRssBytes: number[];
  medianMs: number;
  /** The largest peak RSS over all runs (memory targets are about the worst case). */
  maxRssBytes: number;
  /** TG101 counts from the warm-up run's output (undefined for the floor, or unparsable output). */
  counts?: Counts;
  /** A run failed or timed out; wallMs and peakRssBytes then include the failed runs. */
  failed: boolean;
  /** The warm-up was killed at the timeout. */
  timedOut: boolean;
  /** Not run at all: the engine failed on a smaller plan. */
  skipped: boolean;
  /** Too slow for a timed run within the budget: the warm-up is the only sample. */
  warmupOnly: boolean;
  /** What went wrong (unexpected exit code, unreadable output), if anything. */
  errors: string[];
}

/** Everything measured on one plan. */
export interface SizeResult {
  meta: PlanMeta;
  file: string;
  runs: number;
  engines: Record<EngineId, EngineResult>;
  profile?: ProfileResult;
  profileError?: string;
  /** What the profile measured before a step failed. */
  profileFailure?: ProfileFailure;
  loadBefore: number;
  loadAfter: number;
}

/** Size-independent reference processes. */
export interface StartupResult {
  /** node -e 0 */
  nodeMs: number;
  /** node tooling/cli/bin.mjs --version: node, the prebuilt CLI (bundle/cli.mjs) and its packages, no input read. */
  cliMs: number;
  cliRssBytes: number;
}

/** The machine and tool versions, for the record. */
export interface Environment {
  date: string;
  nproc: number;
  cpu: string;
  memoryBytes: number;
  kernel: string;
  node: string;
  opa: string;
  conftest: string;
  rssMethod: RssMethod;
  git: string;
  bundleSha256: string;
  loadAtStart: number;
  totalSeconds: number;
  argv: string;
  /** A run longer than this was killed and counted as failed. */
  timeoutSeconds: number;
  /** Wall time the timed runs of one engine on one plan may take. */
  engineBudgetSeconds: number;
}

/** A target of the issue and whether this run met it. */
export interface Verdict {
  name: string;
  status: "PASS" | "MISS" | "SKIP";
  detail: string;
}

/** The order of the engines in every table. */
export const engineOrder: EngineId[] = ["transit-guard", "opa-eval", "conftest", "floor"];

const mib = (bytes: number) => bytes / 1024 ** 2;
const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const fmtMs = (ms: number) => `${Math.round(ms)} ms`;
const fmtMiB = (bytes: number) => (Number.isFinite(bytes) ? `${Math.round(mib(bytes))} MiB` : "n/a");
const fmtRatio = (r: number) => `${r.toFixed(2)}×`;
const fmtInt = (n: number) => n.toLocaleString("en-US").replace(/,/g, " ");
const pct = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;

/** Wall time the 10 000-resource target allows: half the faster of opa eval and conftest. */
const timeBudgetShare = 0.5;
/** Peak RSS allowed on the 50 000-resource plan. */
const rssLimitBytes = 2 * 1024 ** 3;
/**
 * How much the marginal cost per 1 000 resources may rise between the smallest and the largest
 * size and still count as roughly linear. Medians of a few runs on a shared 2-core machine move
 * by 5-10 %, and the first segment is a difference of two small times, so its slope is noisy;
 * a quadratic term over a 50× size range would push the ratio far beyond 1.5.
 */
const linearTolerance = 1.5;

const counted = (r: SizeResult, id: EngineId) => r.engines[id];
/** The faster of opa eval and conftest among those that completed, if any did. */
const faster = (r: SizeResult): EngineResult | undefined =>
  [counted(r, "opa-eval"), counted(r, "conftest")].filter((e) => !e.failed).sort((a, b) => a.medianMs - b.medianMs)[0];
const firstError = (e: EngineResult) => e.errors[0]?.replace(/^(warm-up|run \d+): /, "") ?? "failed";
const failText = (e: EngineResult) => (e.skipped ? firstError(e) : `failed after ${fmtS(e.medianMs)}: ${firstError(e)}`);

/** Checks the issue's targets on the sizes that were run. */
export function verdicts(results: SizeResult[]): Verdict[] {
  const bySize = new Map(results.map((r) => [r.meta.resources, r]));
  const out: Verdict[] = [];

  const ten = bySize.get(10_000);
  if (!ten) {
    out.push({ name: "10k time: transit-guard ≤ 0.5 × faster of opa eval, conftest", status: "SKIP", detail: "the 10 000-resource plan was not run" });
    out.push({ name: "10k memory: transit-guard peak RSS ≤ both", status: "SKIP", detail: "the 10 000-resource plan was not run" });
  } else {
    const tg = counted(ten, "transit-guard");
    const best = faster(ten);
    const name = "10k time: transit-guard ≤ 0.5 × faster of opa eval, conftest";
    if (tg.failed) {
      out.push({ name, status: "MISS", detail: `transit-guard ${failText(tg)}` });
    } else if (!best) {
      out.push({ name, status: "SKIP", detail: "neither opa eval nor conftest completed" });
    } else {
      const budget = timeBudgetShare * best.medianMs;
      out.push({
        name,
        status: tg.medianMs <= budget ? "PASS" : "MISS",
        detail:
          `transit-guard ${fmtS(tg.medianMs)}, ${best.label} ${fmtS(best.medianMs)} (budget ${fmtS(budget)}): ` +
          `ratio ${fmtRatio(tg.medianMs / best.medianMs)}, target ≤ ${fmtRatio(timeBudgetShare)}`,
      });
    }
    const opa = counted(ten, "opa-eval");
    const conftest = counted(ten, "conftest");
    const least = Math.min(opa.maxRssBytes, conftest.maxRssBytes);
    out.push({
      name: "10k memory: transit-guard peak RSS ≤ both",
      status: !tg.failed && tg.maxRssBytes <= least ? "PASS" : "MISS",
      detail:
        `transit-guard ${fmtMiB(tg.maxRssBytes)}${tg.failed ? " (failed)" : ""}, opa eval ${fmtMiB(opa.maxRssBytes)}, ` +
        `conftest ${fmtMiB(conftest.maxRssBytes)}`,
    });
  }

  const fifty = bySize.get(50_000);
  if (!fifty) {
    out.push({ name: "50k: completes under 2 GiB peak RSS", status: "SKIP", detail: "the 50 000-resource plan was not run" });
  } else {
    const tg = counted(fifty, "transit-guard");
    const completed = !tg.failed;
    out.push({
      name: "50k: completes under 2 GiB peak RSS",
      status: completed && tg.maxRssBytes < rssLimitBytes ? "PASS" : "MISS",
      detail: `peak RSS ${fmtMiB(tg.maxRssBytes)} of ${fmtMiB(rssLimitBytes)}${completed ? "" : `; transit-guard ${failText(tg)}`}`,
    });
  }

  const sorted = [...results].sort((a, b) => a.meta.resources - b.meta.resources);
  if (sorted.length < 3) {
    out.push({ name: "time grows roughly linearly", status: "SKIP", detail: "needs at least three plan sizes" });
  } else if (sorted.some((r) => counted(r, "transit-guard").failed)) {
    const failedAt = sorted.filter((r) => counted(r, "transit-guard").failed).map((r) => fmtInt(r.meta.resources));
    out.push({ name: "time grows roughly linearly", status: "MISS", detail: `transit-guard failed on ${failedAt.join(", ")} resources` });
  } else {
    const slopes = marginalSlopes(sorted, "transit-guard");
    const first = slopes[0]!;
    const last = slopes[slopes.length - 1]!;
    out.push({
      name: "time grows roughly linearly",
      status: last.msPer1k <= linearTolerance * first.msPer1k ? "PASS" : "MISS",
      detail:
        `marginal cost per 1 000 resources ${slopes.map((s) => `${fmtInt(s.from)}→${fmtInt(s.to)}: ${fmtMs(s.msPer1k)}`).join(", ")}; ` +
        `last/first ${fmtRatio(last.msPer1k / first.msPer1k)}, tolerance ${fmtRatio(linearTolerance)}`,
    });
  }
  return out;
}

interface Slope {
  from: number;
  to: number;
  msPer1k: number;
}

/** The cost of each additional 1 000 resources between consecutive sizes (startup cancels out). */
function marginalSlopes(sorted: SizeResult[], id: EngineId): Slope[] {
  const slopes: Slope[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    slopes.push({
      from: a.meta.resources,
      to: b.meta.resources,
      msPer1k: (counted(b, id).medianMs - counted(a, id).medianMs) / ((b.meta.resources - a.meta.resources) / 1000),
    });
  }
  return slopes;
}

/** Rows of the per-size table, shared by the console and Markdown renderings. */
function rows(r: SizeResult): string[][] {
  const tg = counted(r, "transit-guard");
  return engineOrder.map((id) => {
    const e = counted(r, id);
    const c = e.counts;
    const agree = c && c.failures === r.meta.expected.failures && c.warnings === r.meta.expected.warnings;
    if (e.skipped) return [e.label, "not run", "—", "—", "—", "—", "—", firstError(e)];
    const note = e.failed
      ? `FAILED: ${firstError(e).slice(0, 90)}`
      : e.errors.length > 0
        ? e.errors[0]!.slice(0, 90)
        : e.warmupOnly
          ? "slow: warm-up is the only sample"
          : e.wallMs.length < r.runs
            ? `slow: ${e.wallMs.length} timed run(s)`
            : "";
    return [
      e.label,
      fmtS(e.medianMs),
      `${fmtS(Math.min(...e.wallMs))} – ${fmtS(Math.max(...e.wallMs))}`,
      id === "transit-guard" ? "—" : tg.failed || e.failed ? "n/a" : fmtRatio(tg.medianMs / e.medianMs),
      e.failed ? "—" : fmtMs(e.medianMs / (r.meta.resources / 1000)),
      fmtMiB(e.maxRssBytes),
      id === "floor" ? "—" : c ? `${c.failures} / ${c.warnings}${agree ? "" : " ≠"}` : "n/a",
      note,
    ];
  });
}

const headers = ["engine", "median", "min – max", "TG ÷ this", "per 1k res.", "peak RSS", "TG101 fail / warn", "notes"];

function planLine(r: SizeResult): string {
  const m = r.meta;
  return (
    `${fmtInt(m.resources)} resource changes, ${mib(m.bytes).toFixed(1)} MiB ` +
    `(${(m.bytes / m.resources / 1024).toFixed(1)} KiB per change), ${fmtInt(m.trainingJobs)} training jobs, ` +
    `${fmtInt(m.moduleInstances)} module instances; TG101 expected from the generator: ` +
    `${m.expected.failures} failures, ${m.expected.warnings} warnings`
  );
}

/** Whether all engines agree with each other and with the generator on TG101. */
export function agreement(r: SizeResult): { ok: boolean; line: string } {
  const parts = engineOrder
    .filter((id) => id !== "floor")
    .map((id) => {
      const e = counted(r, id);
      return { label: e.label, c: e.counts };
    });
  const expected = r.meta.expected;
  const ok = parts.every((p) => p.c && p.c.failures === expected.failures && p.c.warnings === expected.warnings);
  const line = ok
    ? `TG101 agreement on ${fmtInt(r.meta.resources)}: all engines ${expected.failures} failures / ${expected.warnings} warnings, as generated`
    : `!!! TG101 MISMATCH on ${fmtInt(r.meta.resources)} (generated: ${expected.failures} / ${expected.warnings}): ` +
      parts.map((p) => `${p.label} ${p.c ? `${p.c.failures} / ${p.c.warnings}` : "no result"}`).join(", ");
  return { ok, line };
}

function pad(table: string[][]): string {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => (row[i] ?? "").length)));
  return table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

/** The console rendering of one plan's results. */
export function consoleTable(r: SizeResult): string {
  const lines = [
    `── ${fmtInt(r.meta.resources)} resources: ${planLine(r)}`,
    `   runs: up to ${r.runs} (+1 warm-up) per engine; load average ${r.loadBefore.toFixed(2)} before, ${r.loadAfter.toFixed(2)} after`,
    pad([headers, ...rows(r)]).replace(/^/gm, "   "),
    `   ${agreement(r).line}`,
  ];
  if (r.profile) lines.push(`   ${profileLine(r.profile)}`);
  if (r.profileError) lines.push(`   profile failed: ${r.profileError}`);
  for (const id of engineOrder) for (const e of counted(r, id).errors) lines.push(`   !!! ${counted(r, id).label}: ${e}`);
  return lines.join("\n");
}

const sumPhases = (...phases: Phase[]) => phases.reduce((sum, p) => sum + p.ms, 0);

function profileLine(p: ProfileResult): string {
  return (
    `in-process: boot+tsx ${fmtMs(p.bootMs)}, imports ${fmtMs(p.import.ms)}, read ${fmtMs(p.read.ms)}, ` +
    `JSON.parse ${fmtMs(p.parse.ms)}, engine load ${fmtMs(p.engineLoad.ms)}, project+encode ${fmtMs(p.project.ms + p.encode.ms)}, ` +
    `document_kind ${fmtMs(p.kind.ms)}, validate ${fmtMs(p.validate.ms)}, decision ${fmtMs(p.decision.ms)} ` +
    `(again on the grown instance: both evaluations ${fmtMs(p.evaluateAgain.ms)}), ` +
    `WASM memory ${fmtMiB(p.wasmAfterDecisionBytes)}, recycled ${p.recycled}`
  );
}

/** The console rendering of the verdicts. */
export function consoleVerdicts(list: Verdict[]): string {
  return list.map((v) => `   [${v.status}] ${v.name}: ${v.detail}`).join("\n");
}

function mdTable(table: string[][]): string {
  const [head, ...body] = table;
  return [
    `| ${head!.join(" | ")} |`,
    `|${head!.map(() => "---").join("|")}|`,
    ...body.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function breakdownTable(results: SizeResult[]): string {
  const withProfile = results.filter((r) => r.profile);
  const head = ["step (in one process, CLI order)", ...withProfile.map((r) => `${fmtInt(r.meta.resources)}`)];
  const line = (label: string, pick: (p: ProfileResult) => string) => [label, ...withProfile.map((r) => pick(r.profile!))];
  const ph = (x: Phase) => `${fmtMs(x.ms)}${x.majorGcs > 0 ? ` (GC ${fmtMs(x.gcMs)}, ${x.majorGcs} full)` : ""}`;
  return mdTable([
    head,
    line("node bootstrap + tsx registration (the profile runs the TypeScript sources)", (p) => fmtMs(p.bootMs)),
    line("loading the CLI's modules (tsx transform, ajv, yaml, commander, opa-wasm)", (p) => ph(p.import)),
    line("readFileSync + UTF-8 decode", (p) => ph(p.read)),
    line("JSON.parse", (p) => ph(p.parse)),
    line("engine load (bundle, WASM compile + instantiate, projection)", (p) => ph(p.engineLoad)),
    line("project + JSON.stringify of the projected plan", (p) => fmtMs(p.project.ms + p.encode.ms)),
    line("WASM: document_kind", (p) => ph(p.kind)),
    line("ajv: validateDocument (first call, schema compile included)", (p) => ph(p.validate)),
    line("WASM: decision", (p) => ph(p.decision)),
    line("JSON output", (p) => ph(p.format)),
    line("*sum of the steps*", (p) =>
      fmtMs(p.bootMs + sumPhases(p.import, p.read, p.parse, p.engineLoad, p.project, p.encode, p.kind, p.validate, p.decision, p.format)),
    ),
    line("*ajv validation alone (second call)*", (p) => ph(p.validateAgain)),
    line("*both WASM evaluations again, memory already grown*", (p) => ph(p.evaluateAgain)),
    line("projected input handed to WASM", (p) => `${(p.projectedBytes / 1024 ** 2).toFixed(1)} MiB, ${fmtInt(p.projectedChanges)} of ${fmtInt(p.resourceChanges)} changes`),
    line("WASM memory after document_kind / decision", (p) => `${fmtMiB(p.wasmAfterKindBytes)} / ${fmtMiB(p.wasmAfterDecisionBytes)}`),
    line("engine instances recycled", (p) => String(p.recycled)),
    line("V8 heap used after JSON.parse", (p) => fmtMiB(p.heapAfterParseBytes)),
    line("peak RSS of the profiling process", (p) => fmtMiB(p.maxRssBytes)),
  ]);
}

/**
 * The assessment: for each target missed, by how much and where the time or memory goes; then
 * what scales worse than linearly. Every sentence is computed from the run.
 */
export function assessment(results: SizeResult[], list: Verdict[], startup: StartupResult): string[] {
  const paragraphs: string[] = [];
  const bySize = new Map(results.map((r) => [r.meta.resources, r]));
  const status = (prefix: string) => list.find((v) => v.name.startsWith(prefix))?.status;

  const failure = (r: SizeResult) => {
    const tg = counted(r, "transit-guard");
    if (tg.skipped) return `**transit-guard was not run on the ${fmtInt(r.meta.resources)}-resource plan**: ${firstError(tg)}.`;
    const where = r.profileError ? ` In the in-process profile: ${r.profileError}.` : "";
    // The WASM memory per byte of input on the largest plan that completed, applied to this one.
    const input = r.profileFailure?.projectedBytes;
    const done = results
      .filter((o) => o.profile && o.meta.resources < r.meta.resources)
      .sort((a, b) => b.meta.resources - a.meta.resources)[0]?.profile;
    const scale =
      input && done
        ? ` It had handed ${mib(input).toFixed(1)} MiB of projected input to WASM; on the ` +
          `${fmtInt(done.resourceChanges)}-resource plan the instance grew to ${fmtMiB(done.wasmAfterDecisionBytes)} for ` +
          `${mib(done.projectedBytes).toFixed(1)} MiB (${(done.wasmAfterDecisionBytes / done.projectedBytes).toFixed(0)}× the input), ` +
          `so at that ratio this plan needs about ${fmtMiB((input * done.wasmAfterDecisionBytes) / done.projectedBytes)}.`
        : "";
    return (
      `**transit-guard failed on the ${fmtInt(r.meta.resources)}-resource plan** after ${fmtS(tg.medianMs)} ` +
      `at ${fmtMiB(tg.maxRssBytes)} peak RSS: ${firstError(tg)}.${where}${scale} opa eval ` +
      `${counted(r, "opa-eval").failed ? "failed too" : `took ${fmtS(counted(r, "opa-eval").medianMs)}`}, conftest ` +
      `${counted(r, "conftest").failed ? "failed too" : `took ${fmtS(counted(r, "conftest").medianMs)}`}.`
    );
  };
  for (const r of results) if (counted(r, "transit-guard").failed) paragraphs.push(failure(r));

  // Where the time went on every plan that was profiled, whether or not a target is about it.
  for (const r of results) {
    const p = r.profile;
    const tg = counted(r, "transit-guard");
    if (!p || tg.failed) continue;
    const wasm = [p.kind, p.decision];
    const others = [counted(r, "opa-eval"), counted(r, "conftest")].filter((e) => !e.failed);
    paragraphs.push(
      `**${fmtInt(r.meta.resources)} resources:** transit-guard took ${fmtS(tg.medianMs)}` +
        (others.length > 0 ? ` (${others.map((e) => `${fmtRatio(tg.medianMs / e.medianMs)} ${e.label}`).join(", ")})` : "") +
        `. In the profile: startup ${fmtS(p.bootMs + p.import.ms)} (node + tsx ${fmtS(p.bootMs)}, modules ${fmtS(p.import.ms)}), ` +
        `read + JSON.parse ${fmtS(p.read.ms + p.parse.ms)}, schema validation ${fmtS(p.validate.ms)}, ` +
        `WASM evaluations ${fmtS(sumPhases(...wasm))} of which GC ${fmtS(wasm.reduce((a, x) => a + x.gcMs, 0))} in ` +
        `${wasm.reduce((a, x) => a + x.majorGcs, 0)} full collections; the same evaluations on the already grown ` +
        `instance took ${fmtS(p.evaluateAgain.ms)}. WASM memory reached ${fmtMiB(p.wasmAfterDecisionBytes)} for ` +
        `${mib(p.projectedBytes).toFixed(1)} MiB of projected input (${fmtInt(p.projectedChanges)} of ` +
        `${fmtInt(p.resourceChanges)} resource changes kept).`,
    );
  }

  const ten = bySize.get(10_000);
  const tenBest = ten && faster(ten);
  if (ten && tenBest && !counted(ten, "transit-guard").failed) {
    const tg = counted(ten, "transit-guard");
    const best = tenBest;
    const budget = timeBudgetShare * best.medianMs;
    const floor = counted(ten, "floor");
    const p = ten.profile;
    const check = p ? sumPhases(p.engineLoad, p.project, p.encode, p.kind, p.validate, p.decision, p.format) : undefined;
    const fixed = startup.cliMs;
    const parse = floor.medianMs - startup.nodeMs;
    if (status("10k time") === "MISS") {
      paragraphs.push(
        `**10k time: missed.** On the 10 000-resource plan transit-guard took ${fmtS(tg.medianMs)} against ` +
          `${best.label}'s ${fmtS(best.medianMs)}, ${fmtRatio(tg.medianMs / best.medianMs)} instead of at most ` +
          `${fmtRatio(timeBudgetShare)}; it would need to be ${fmtS(tg.medianMs - budget)} ` +
          `(${pct(tg.medianMs - budget, tg.medianMs)}) faster to meet the ${fmtS(budget)} budget. ` +
          `Startup alone — \`transit-guard --version\`, which loads node, the prebuilt CLI and its packages but reads no file — ` +
          `takes ${fmtS(startup.cliMs)} (bare \`node -e 0\`: ${fmtS(startup.nodeMs)}), ${pct(startup.cliMs, budget)} of the budget. ` +
          `Reading and parsing the ${mib(ten.meta.bytes).toFixed(0)} MiB plan is what the floor process does: ` +
          `${fmtS(floor.medianMs)} in total, ${fmtS(floor.medianMs - startup.nodeMs)} above bare node. ` +
          (p && check !== undefined
            ? `In the profile the check itself (engine load, projection, validation, both WASM evaluations, output) takes ` +
              `${fmtS(check)}, of which the WASM evaluations ${fmtS(p.kind.ms + p.decision.ms)}. `
            : "") +
          (fixed + parse > budget
            ? `Startup and parsing alone (about ${fmtS(fixed + parse)}, measured separately) already exceed the ` +
              `budget before anything is checked: the target is out of reach while the CLI parses the whole plan ` +
              `with JSON.parse, and reaching it needs a faster start (modules loaded lazily) and a cheaper parse ` +
              `more than a faster engine.`
            : `Startup and parsing together take about ${fmtS(fixed + parse)}, so the check itself would have to ` +
              `fit in the remaining ${fmtS(budget - fixed - parse)}.`),
      );
    } else if (status("10k time") === "PASS") {
      paragraphs.push(
        `**10k time: met.** transit-guard took ${fmtS(tg.medianMs)}, ${fmtRatio(tg.medianMs / best.medianMs)} of ` +
          `${best.label}'s ${fmtS(best.medianMs)} (budget ${fmtS(budget)}, margin ${fmtS(budget - tg.medianMs)}).`,
      );
    }
    const opa = counted(ten, "opa-eval");
    const conftest = counted(ten, "conftest");
    const least = Math.min(opa.maxRssBytes, conftest.maxRssBytes);
    if (status("10k memory") === "MISS") {
      paragraphs.push(
        `**10k memory: missed** by ${fmtMiB(tg.maxRssBytes - least)}: transit-guard peaked at ${fmtMiB(tg.maxRssBytes)}, ` +
          `opa eval at ${fmtMiB(opa.maxRssBytes)}, conftest at ${fmtMiB(conftest.maxRssBytes)}. The floor process ` +
          `(read + JSON.parse only) already peaks at ${fmtMiB(counted(ten, "floor").maxRssBytes)}` +
          (p ? `, the parsed plan occupies ${fmtMiB(p.heapAfterParseBytes)} of V8 heap and WASM memory reaches ${fmtMiB(p.wasmAfterDecisionBytes)}.` : "."),
      );
    } else if (status("10k memory") === "PASS") {
      paragraphs.push(
        `**10k memory: met.** transit-guard peaked at ${fmtMiB(tg.maxRssBytes)} against ${fmtMiB(least)} for the ` +
          `leaner of opa eval and conftest; most of it is the parsed plan (the floor process peaks at ` +
          `${fmtMiB(counted(ten, "floor").maxRssBytes)}).`,
      );
    }
  }

  const fifty = bySize.get(50_000);
  if (fifty && !counted(fifty, "transit-guard").failed) {
    const tg = counted(fifty, "transit-guard");
    const p = fifty.profile;
    paragraphs.push(
      `**50k memory: ${status("50k") === "PASS" ? "met" : "missed"}.** transit-guard peaked at ${fmtMiB(tg.maxRssBytes)} ` +
        `(limit ${fmtMiB(rssLimitBytes)}); opa eval at ${fmtMiB(counted(fifty, "opa-eval").maxRssBytes)}, conftest at ` +
        `${fmtMiB(counted(fifty, "conftest").maxRssBytes)}, the floor at ${fmtMiB(counted(fifty, "floor").maxRssBytes)}` +
        (p
          ? `. Of transit-guard's memory, the parsed plan holds ${fmtMiB(p.heapAfterParseBytes)} of V8 heap and the ` +
            `WASM instance grows to ${fmtMiB(p.wasmAfterDecisionBytes)} for ${mib(p.projectedBytes).toFixed(1)} MiB of projected input ` +
            `(${(p.wasmAfterDecisionBytes / p.projectedBytes).toFixed(0)}× its size).`
          : "."),
    );
  }

  const sorted = [...results].sort((a, b) => a.meta.resources - b.meta.resources);
  if (sorted.length >= 2 && !sorted.some((r) => counted(r, "transit-guard").failed)) {
    const slopes = marginalSlopes(sorted, "transit-guard");
    const lin = status("time grows");
    const intro =
      lin === "MISS" ? "**Linearity: missed.**" : lin === "PASS" ? "**Linearity: met.**" : "**Linearity: not judged (too few sizes).**";
    let text =
      `${intro} Each further 1 000 resources cost transit-guard ` +
      slopes.map((s) => `${fmtMs(s.msPer1k)} between ${fmtInt(s.from)} and ${fmtInt(s.to)}`).join(", ") +
      ` (opa eval: ${marginalSlopes(sorted, "opa-eval").map((s) => fmtMs(s.msPer1k)).join(", ")}; ` +
      `conftest: ${marginalSlopes(sorted, "conftest").map((s) => fmtMs(s.msPer1k)).join(", ")}).`;
    const small = sorted[0]!;
    const large = sorted[sorted.length - 1]!;
    if (small.profile && large.profile) {
      const factor = large.meta.resources / small.meta.resources;
      const steps: Array<[string, (p: ProfileResult) => number]> = [
        ["JSON.parse", (p) => p.parse.ms],
        ["ajv validation", (p) => p.validateAgain.ms],
        ["WASM document_kind + decision", (p) => p.kind.ms + p.decision.ms],
        ["the same evaluations on an already grown instance", (p) => p.evaluateAgain.ms],
      ];
      const growth = steps.map(([label, pick]) => ({ label, ratio: pick(large.profile!) / Math.max(pick(small.profile!), 0.001) }));
      text +=
        ` From ${fmtInt(small.meta.resources)} to ${fmtInt(large.meta.resources)} resources (${factor}×) the in-process steps grew: ` +
        growth.map((g) => `${g.label} ${g.ratio.toFixed(0)}×`).join(", ") + ".";
      const lp = large.profile;
      const first = lp.kind.ms + lp.decision.ms;
      if (first > 2 * lp.evaluateAgain.ms && first - lp.evaluateAgain.ms > 500) {
        text +=
          ` On the ${fmtInt(large.meta.resources)}-resource plan the first evaluations took ${fmtS(first)}, the same ` +
          `evaluations on the already grown instance ${fmtS(lp.evaluateAgain.ms)}: ${fmtS(first - lp.evaluateAgain.ms)} ` +
          `(${pct(first - lp.evaluateAgain.ms, counted(large, "transit-guard").medianMs)} of the CLI's wall time) go into growing WASM ` +
          `memory from ${fmtMiB(16 * 65536)} to ${fmtMiB(lp.wasmAfterDecisionBytes)} while the parsed plan is alive ` +
          `(${lp.decision.majorGcs + lp.kind.majorGcs} full GCs of the ${fmtMiB(lp.heapAfterParseBytes)} heap during the evaluations).`;
      }
    }
    paragraphs.push(text);
  }
  return paragraphs;
}

/** BENCHMARKS.md, rewritten by every run. */
export function markdown(env: Environment, startup: StartupResult, results: SizeResult[], list: Verdict[], commands: string[]): string {
  const sections: string[] = [];
  sections.push(
    [
      "# Benchmarks",
      "",
      "Generated by `npm run bench` (`tooling/bench/run.ts`); rerun it instead of editing this file. The harness is",
      "not part of `npm test`.",
      "",
      `- date: ${env.date}, run took ${Math.round(env.totalSeconds)} s (\`${env.argv}\`)`,
      `- machine: ${env.nproc} cores (\`nproc\`), ${env.cpu}, ${(env.memoryBytes / 1024 ** 3).toFixed(0)} GiB, Linux ${env.kernel}`,
      `- load average (1 min) when the run started: ${env.loadAtStart.toFixed(2)}` +
        (env.loadAtStart > env.nproc * 0.5 ? " — **other work was running; treat absolute times as noisy**" : ""),
      `- node ${env.node}, opa ${env.opa}, conftest ${env.conftest}`,
      `- repository: ${env.git}; bundle sha256 ${env.bundleSha256.slice(0, 16)}…`,
      `- peak RSS: ${env.rssMethod === "gnu-time" ? "GNU time `%M` (ru_maxrss from wait4 on the measured process)" : "VmHWM polled from /proc every 2 ms (approximate: growth in the last interval can be missed)"}`,
    ].join("\n"),
  );
  sections.push(
    [
      "## Method",
      "",
      "Plans are generated by `tooling/bench/generate.ts` (seeded, deterministic) into `.bench/`: `terraform show -json`",
      "format 1.2 with planned_values, resource_changes, prior_state (resources that exist) and configuration; 3 % of the",
      "changes are `aws_sagemaker_training_job` (encryption flag true / false / null / unknown until apply; one instance,",
      "several, instance groups, unknown count; a few deletions), the rest 17 other AWS types with the attribute sets the",
      "AWS provider writes, most of them in modules (`module.tenant[\"t00042\"].module.storage.aws_…`).",
      "",
      "Every engine runs as a whole process on the same file, as a user or CI job would run it; wall time is measured",
      "from spawn to exit. Each plan gets one warm-up run per engine (its output is used for the TG101 agreement check),",
      "then the timed runs, the engines taking turns in a rotating order so that drift on a shared machine is spread",
      "evenly. Times are medians; peak RSS is the largest over the timed runs. To bound the run, an engine gets only as",
      `many timed runs as fit in ${env.engineBudgetSeconds} s judged by its warm-up (none when the warm-up alone took longer: it is then`,
      `the only sample), a run is killed after ${env.timeoutSeconds} s, and an engine that failed on a plan is not run on larger ones.`,
      "Commands (run from the repository root):",
      "",
      ...commands.map((c) => `    ${c}`),
      "",
      "conftest loads only `.rego` files from `--policy` (and data only from `--data`), so the JSON and YAML fixtures under",
      "`policies/` are not loaded and no `--ignore` is needed; its `--ignore` filters input paths. The floor is a Node",
      "process that only reads the file and JSON.parse-s it: what any Node tool must pay before checking anything.",
      "`tooling/bench/profile.ts` then repeats transit-guard's steps inside one process, in the CLI's order, to show where",
      "its time goes.",
    ].join("\n"),
  );
  sections.push(
    [
      "## Startup",
      "",
      mdTable([
        ["process", "median", "peak RSS"],
        ["`node -e 0`", fmtS(startup.nodeMs), "—"],
        ["`node tooling/cli/bin.mjs --version` (node + the prebuilt CLI bundle/cli.mjs and its packages, no input)", fmtS(startup.cliMs), fmtMiB(startup.cliRssBytes)],
      ]),
    ].join("\n"),
  );
  const resultLines = ["## Results", ""];
  for (const r of results) {
    resultLines.push(
      `### ${fmtInt(r.meta.resources)} resource changes`,
      "",
      `${planLine(r)}. Up to ${r.runs} timed runs per engine; load average ${r.loadBefore.toFixed(2)} before, ${r.loadAfter.toFixed(2)} after.`,
      "",
      mdTable([headers, ...rows(r)]),
      "",
      agreement(r).ok ? agreement(r).line : `**${agreement(r).line}**`,
      "",
    );
    const errors = engineOrder.flatMap((id) => counted(r, id).errors.map((e) => `- **${counted(r, id).label}:** ${e}`));
    if (errors.length > 0) resultLines.push(...errors, "");
  }
  sections.push(resultLines.join("\n").trimEnd());
  sections.push(
    [
      "## Targets",
      "",
      mdTable([["target", "status", "figures"], ...list.map((v) => [v.name, `**${v.status}**`, v.detail])]),
    ].join("\n"),
  );
  if (results.some((r) => r.profile)) {
    sections.push(
      [
        "## Where transit-guard's time goes",
        "",
        "Measured inside one process by `tooling/bench/profile.ts` (one run per plan, so noisier than the medians",
        "above; GC is the pause time V8 reported during the step, \"full\" the mark-compact collections).",
        "",
        breakdownTable(results),
      ].join("\n"),
    );
  }
  sections.push(["## Assessment", "", assessment(results, list, startup).join("\n\n")].join("\n"));
  return `${sections.join("\n\n")}\n`;
}
