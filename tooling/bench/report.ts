/**
 * The benchmark's tables (Markdown, for BENCHMARKS.md and the console): plans with their findings
 * and whether the engines agree, runs, targets (one cell each: figure and met / not met), and
 * transit-guard's in-process steps. Pure functions of the results; no prose.
 */
import type { PlanMeta, Shape } from "./generate.ts";
import type { ProfileResult } from "./profile.ts";

export type EngineId = "transit-guard" | "opa-eval" | "conftest" | "floor";
const engineOrder: EngineId[] = ["transit-guard", "opa-eval", "conftest", "floor"];
/** Findings per rule ID: [failures, warnings]. */
export type RuleCounts = Record<string, [number, number]>;

/** One engine on one plan; error: why it failed (exit code and last words, timeout, unreadable output); skipped: why it was not run. */
export interface EngineResult { id: EngineId; label: string; wallMs: number[]; rssBytes: number[]; medianMs: number; maxRssBytes: number; counts?: RuleCounts; error?: string; skipped?: string }
/** Everything measured on one plan (big: the ~200 MB plan). */
export interface PlanResult { label: string; shape: Shape; big: boolean; meta: PlanMeta; engines: Record<EngineId, EngineResult>; profile?: ProfileResult; profileError?: string }

const MiB = 1024 ** 2;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (bytes: number) => (Number.isFinite(bytes) ? `${Math.round(bytes / MiB)} MiB` : "n/a");
const x = (ratio: number) => `${ratio.toFixed(2)}×`;
const int = (n: number) => n.toLocaleString("en-US").replace(/,/g, " ");
const verdict = (figure: string, met: boolean) => `${figure}: ${met ? "met" : "**not met**"}`;
const ok = (e: EngineResult) => e.error === undefined && e.skipped === undefined;
const cut = (text: string) => text.replace(/\|/g, "\\|").slice(0, 110);

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

const countsText = (c: RuleCounts) => Object.keys(c).sort().map((rule) => `${rule} ${c[rule]![0]}/${c[rule]![1]}`).join(", ") || "none";

/** Engines that reported findings, and whether they all reported the same count for every rule. */
function agreement(r: PlanResult): { reference?: RuleCounts; cell: string } {
  const reporting = engineOrder.map((id) => r.engines[id]).filter((e) => e.counts);
  const checkers = engineOrder.filter((id) => id !== "floor").length;
  const reference = reporting[0]?.counts;
  if (!reference) return { cell: "no engine completed" };
  const rules = new Set(reporting.flatMap((e) => Object.keys(e.counts!)));
  const differing = [...rules].filter((rule) => new Set(reporting.map((e) => String(e.counts![rule] ?? [0, 0]))).size > 1);
  if (differing.length === 0) return { reference, cell: `yes (${reporting.length} of ${checkers})` };
  const shown = differing.map((rule) => `${rule}: ${reporting.map((e) => `${e.label} ${(e.counts![rule] ?? [0, 0]).join("/")}`).join(" vs ")}`);
  return { reference, cell: `**NO**: ${shown.join("; ")}` };
}

function asGenerated(r: PlanResult, reference?: RuleCounts): string {
  if (!reference) return "n/a";
  const wrong = Object.entries(r.meta.expected).filter(([rule, e]) => String(reference[rule] ?? [0, 0]) !== String([e.failures, e.warnings]));
  return wrong.length === 0
    ? `yes (${Object.keys(r.meta.expected).join(", ")})`
    : `**NO**: ${wrong.map(([rule, e]) => `${rule} ${(reference[rule] ?? [0, 0]).join("/")}, generated ${e.failures}/${e.warnings}`).join("; ")}`;
}

export function plansTable(results: PlanResult[]): string {
  return table(
    ["plan", "resource changes", "file", "module instances", "findings per rule (fail/warn)", "engines agree", "as generated"],
    results.map((r) => {
      const a = agreement(r);
      return [r.label, int(r.meta.resources), mib(r.meta.bytes), int(r.meta.moduleInstances), a.reference ? countsText(a.reference) : "—", a.cell, asGenerated(r, a.reference)];
    }),
  );
}

const wasmPeak = (r: PlanResult): string => {
  const tg = r.engines["transit-guard"];
  if (r.profile) return mib(r.profile.wasmPeakBytes);
  return tg.error?.includes("too large") ? "> limit (2048 MiB)" : "n/a";
};

export function runsTable(results: PlanResult[]): string {
  const rows: string[][] = [];
  for (const r of results) {
    const tg = r.engines["transit-guard"];
    for (const id of engineOrder) {
      const e = r.engines[id];
      if (e.skipped) {
        rows.push([r.label, e.label, "0", "—", "—", "—", "—", "—", "—", `not run: ${e.skipped}`]);
        continue;
      }
      const runs = e.wallMs.length;
      rows.push([
        r.label, e.label, String(runs), s(e.medianMs), runs > 1 ? `${s(Math.min(...e.wallMs))} – ${s(Math.max(...e.wallMs))}` : "—",
        id === "transit-guard" || !ok(tg) || !ok(e) ? "—" : x(tg.medianMs / e.medianMs),
        ok(e) ? `${Math.round(e.medianMs / (r.meta.resources / 1000))} ms` : "—", mib(e.maxRssBytes),
        id === "transit-guard" ? wasmPeak(r) : "—", e.error ? `FAILED: ${cut(e.error)}` : "",
      ]);
    }
  }
  return table(["plan", "engine", "runs", "median", "min – max", "TG ÷ this", "per 1k res.", "peak RSS", "WASM peak", "notes"], rows);
}

export function targetsTable(results: PlanResult[]): string {
  const shapes: Shape[] = ["ordinary", "mix"];
  const find = (shape: Shape, n: number) => results.find((r) => r.shape === shape && !r.big && r.meta.resources === n);
  const tenK = (shape: Shape, judge: (r: PlanResult, tg: EngineResult) => string) => {
    const r = find(shape, 10_000);
    if (!r) return "not run";
    const tg = r.engines["transit-guard"];
    return ok(tg) ? judge(r, tg) : `transit-guard failed: **not met**`;
  };
  const peer = (shape: Shape) =>
    tenK(shape, (r, tg) => {
      const done = [r.engines["opa-eval"], r.engines.conftest].filter(ok).sort((a, b) => a.medianMs - b.medianMs)[0];
      return done ? verdict(`${x(tg.medianMs / done.medianMs)} ${done.label}`, tg.medianMs <= 0.5 * done.medianMs) : "no peer completed";
    });
  const floor = (shape: Shape) =>
    tenK(shape, (r, tg) => (ok(r.engines.floor) ? verdict(x(tg.medianMs / r.engines.floor.medianMs), tg.medianMs <= 2 * r.engines.floor.medianMs) : "floor failed"));
  const wasm = (shape: Shape) => {
    const own = results.filter((r) => r.shape === shape);
    if (own.length === 0) return "not run";
    const met = own.every((r) => r.profile && r.profile.wasmPeakBytes <= 512 * MiB);
    return verdict(own.map((r) => `${r.label.replace(/^\S+ /, "")} ${wasmPeak(r)}`).join(", "), met);
  };
  const big = (shape: Shape) => {
    const r = results.find((p) => p.shape === shape && p.big);
    if (!r) return "—";
    const tg = r.engines["transit-guard"];
    const floorRss = r.engines.floor.maxRssBytes;
    if (!ok(tg)) return `transit-guard ${tg.skipped ? "not run" : "failed"}: **not met**`;
    return verdict(`${mib(tg.maxRssBytes)} vs floor ${mib(floorRss)} + 512 MiB`, tg.maxRssBytes <= floorRss + 512 * MiB);
  };
  const linear = (shape: Shape) => {
    const failed = results.find((r) => r.shape === shape && !ok(r.engines["transit-guard"]));
    if (failed) return `transit-guard failed on ${failed.label}: **not met**`;
    const own = results.filter((r) => r.shape === shape).sort((a, b) => a.meta.resources - b.meta.resources);
    const ten = own.findIndex((r) => r.meta.resources === 10_000);
    if (ten < 1 || ten === own.length - 1) return "needs 1k, 10k and a larger plan to complete";
    const slope = (a: PlanResult, b: PlanResult) =>
      (b.engines["transit-guard"].medianMs - a.engines["transit-guard"].medianMs) / ((b.meta.resources - a.meta.resources) / 1000);
    const small = slope(own[0]!, own[ten]!);
    const large = slope(own[ten]!, own[own.length - 1]!);
    return verdict(`${Math.round(small)} → ${Math.round(large)} ms: ${x(large / small)}`, large <= 1.5 * small);
  };
  const rows: Array<[string, (shape: Shape) => string]> = [
    ["10k: transit-guard ÷ faster of opa eval, conftest ≤ 0.5×", peer],
    ["10k: transit-guard ÷ floor ≤ 2×", floor],
    ["WASM peak ≤ 512 MiB at every size", wasm],
    ["~200 MB plan: transit-guard peak RSS ≤ floor's + 512 MiB", big],
    ["linearity: ms per further 1k resources, 10k→largest ÷ 1k→10k ≤ 1.5×", linear],
  ];
  return table(["target", ...shapes], rows.map(([name, cell]) => [name, ...shapes.map(cell)]));
}

export function stepsTable(results: PlanResult[]): string {
  const rows = results.map((r) => {
    const p = r.profile;
    if (!p) return [r.label, r.profileError ? cut(`not profiled: ${r.profileError}`) : "—", "", "", "", "", "", "", ""];
    const ms = (name: string) => `${Math.round(p.ms[name] ?? Number.NaN)} ms`;
    return [
      r.label, `${Math.round(p.bootMs + (p.ms.import ?? 0))} ms`, ms("parse"), ms("engineLoad"), ms("decision"), ms("project"), ms("validate"),
      `${(p.projectedBytes / MiB).toFixed(1)} MiB`, `${mib(p.wasmPeakBytes)}${p.recycled > 0 ? ` (recycled ${p.recycled})` : ""}`,
    ];
  });
  return table(["plan", "node + imports", "read + parse", "engine load", "decision (checkDocument)", "of it: project + encode", "of it: validate", "projected input", "WASM peak"], rows);
}
