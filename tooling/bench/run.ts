/**
 * npm run bench: times transit-guard check, opa eval, conftest test and the floor (node: read +
 * JSON.parse) on generated plans of two shapes, checks that the engines report the same findings
 * per rule, profiles transit-guard in-process (peak WASM memory), and rewrites the tables of
 * BENCHMARKS.md between its markers. Not part of npm test.
 *
 * Usage: tsx tooling/bench/run.ts [--plans ordinary-1000,mix-10000,...] [--runs N] [--timeout S] [--no-write]
 *
 * Bounded: an engine gets as many timed runs (at most --runs) as fit in 30 s judging by its warm-up
 * (none when the warm-up took longer: it is then the only sample), a run is killed after --timeout,
 * and an engine that failed on a plan is not run on the larger plans of that shape.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { repoRoot, toolPath } from "../build/paths.ts";
import { readBundle } from "../engine/tarball.ts";
import { copySources, packageInfo, revisionOf } from "../opa-bundle/sources.ts";
import { generatePlan, generatorVersion, metaPath, type PlanMeta, planPath, type Shape } from "./generate.ts";
import { haveGnuTime, measure, median, type Sample } from "./measure.ts";
import type { ProfileResult } from "./profile.ts";
import { type EngineId, type EngineResult, type PlanResult, plansTable, type RuleCounts,runsTable, stepsTable, targetsTable } from "./report.ts";

interface PlanSpec { shape: Shape; resources: number; big?: boolean }
const allPlans: PlanSpec[] = [
  { shape: "ordinary", resources: 1_000 }, { shape: "ordinary", resources: 10_000 }, { shape: "ordinary", resources: 50_000 },
  { shape: "mix", resources: 1_000 }, { shape: "mix", resources: 10_000 }, { shape: "mix", resources: 50_000 },
  // about 200 MiB (4 KB per resource change in this shape; the 50k mix plan is nearly as large)
  { shape: "mix", resources: 52_000, big: true },
];
const label = (p: PlanSpec) => `${p.shape} ${p.resources / 1000}k${p.big ? " (~200 MB)" : ""}`;
const budgetMs = 30_000;
const log = (text: string) => process.stderr.write(`${text}\n`);

interface Engine { id: EngineId; label: string; argv: (plan: string) => string[]; okExit: number[]; counts?: (stdout: string) => RuleCounts }
type Finding = { id?: string; metadata?: { id?: string } };

function tally(failures: Finding[], warnings: Finding[]): RuleCounts {
  const counts: RuleCounts = {};
  for (const [list, i] of [[failures, 0], [warnings, 1]] as const) {
    for (const f of list) (counts[f.metadata?.id ?? f.id ?? "?"] ??= [0, 0])[i] += 1;
  }
  return counts;
}

/** The engines, given a snapshot of the bundle and of the policy sources it was built from. */
function engines(snapshot: string): Engine[] {
  const policies = path.join(snapshot, "policies");
  const conftestCounts = (stdout: string) => {
    const entries = JSON.parse(stdout) as Array<{ failures?: Finding[] | null; warnings?: Finding[] | null }>;
    return tally(entries.flatMap((e) => e.failures ?? []), entries.flatMap((e) => e.warnings ?? []));
  };
  return [
    { id: "transit-guard", label: "transit-guard", okExit: [0, 1], counts: conftestCounts, argv: (plan) => [process.execPath, "tooling/cli/bin.mjs", "check", "--bundle", path.join(snapshot, "transit-guard.wasm.tar.gz"), plan, "--output", "json"] },
    {
      id: "opa-eval", label: "opa eval", okExit: [0],
      argv: (plan) => [toolPath("opa"), "eval", "-d", policies, "-i", plan, "--format", "json", "data.transit_guard.main.decision"],
      counts: (stdout) => {
        const value = (JSON.parse(stdout) as { result?: Array<{ expressions: Array<{ value: { deny: Finding[]; warn: Finding[] } }> }> }).result?.[0]?.expressions[0]?.value;
        if (!value) throw new Error("no decision");
        return tally(value.deny, value.warn);
      },
    },
    { id: "conftest", label: "conftest test", okExit: [0, 1], counts: conftestCounts, argv: (plan) => [toolPath("conftest"), "test", "--policy", policies, "--data", policies, "--namespace", "transit_guard.main", "--output", "json", "--no-color", plan] },
    { id: "floor", label: "floor (node: read + JSON.parse)", okExit: [0], argv: (plan) => [process.execPath, "-e", "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))", plan] },
  ];
}

function ensurePlan(p: PlanSpec): { file: string; meta: PlanMeta } {
  const file = planPath(p.shape, p.resources);
  if (existsSync(file) && existsSync(metaPath(file))) {
    const meta = JSON.parse(readFileSync(metaPath(file), "utf8")) as PlanMeta;
    if (meta.generatorVersion === generatorVersion) return { file, meta };
  }
  log(`generating ${path.relative(repoRoot, file)}`);
  const meta = generatePlan(p.shape, p.resources, file);
  writeFileSync(metaPath(file), `${JSON.stringify(meta, null, 2)}\n`);
  return { file, meta };
}

/** What a failed run said last, without stack frames. */
const lastWords = (text: string) =>
  text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("at ") && !/^Node\.js v/.test(l)).slice(-2).join(" / ").slice(0, 300);

function failure(engine: Engine, sample: Sample, timeoutMs: number): string | undefined {
  if (sample.timedOut) return `killed after the ${timeoutMs / 1000} s timeout`;
  if (!engine.okExit.includes(sample.exitCode)) return `exit code ${sample.exitCode}: ${lastWords(sample.stderr) || lastWords(sample.stdout) || "no output"}`;
  return undefined;
}

/** Shapes and sizes each engine failed on: it is not run on larger plans of that shape. */
const failedOn = new Map<string, string>();

async function benchPlan(p: PlanSpec, snapshot: string, runs: number, timeoutMs: number): Promise<PlanResult> {
  const { file, meta } = ensurePlan(p);
  const list = engines(snapshot);
  const results = Object.fromEntries(list.map((e) => [e.id, { id: e.id, label: e.label, wallMs: [], rssBytes: [], medianMs: Number.NaN, maxRssBytes: Number.NaN } as EngineResult])) as Record<EngineId, EngineResult>;
  const planned = new Map<EngineId, number>();
  const record = (e: EngineResult, sample: Sample) => {
    e.wallMs.push(sample.wallMs);
    e.rssBytes.push(sample.peakRssBytes);
  };
  for (const engine of list) {
    const result = results[engine.id];
    const earlier = failedOn.get(`${engine.id} ${p.shape}`);
    if (earlier) {
      result.skipped = `failed on ${earlier}`;
      continue;
    }
    log(`  ${label(p)}: warm-up ${engine.label}`);
    const sample = await measure(engine.argv(file), repoRoot, timeoutMs);
    let error = failure(engine, sample, timeoutMs);
    try {
      if (!error && engine.counts) result.counts = engine.counts(sample.stdout);
    } catch (e) {
      error = `unreadable output (${(e as Error).message}): ${lastWords(sample.stderr) || "no error"}`;
    }
    const fit = error ? 0 : Math.min(runs, Math.floor(budgetMs / sample.wallMs));
    if (fit === 0) record(result, sample); // the warm-up is the only sample
    if (error) {
      result.error = error.replaceAll(`${file}: `, "");
      failedOn.set(`${engine.id} ${p.shape}`, label(p));
      log(`  ${label(p)}: ${engine.label} FAILED after ${(sample.wallMs / 1000).toFixed(1)} s: ${error}`);
    }
    planned.set(engine.id, fit);
  }
  for (let run = 0; run < runs; run++) {
    // A rotating order, so that no engine always runs right after the heaviest one.
    for (const engine of list.map((_, i) => list[(i + run) % list.length]!).filter((e) => run < (planned.get(e.id) ?? 0))) {
      const sample = await measure(engine.argv(file), repoRoot, timeoutMs);
      record(results[engine.id], sample);
      const error = failure(engine, sample, timeoutMs);
      if (error) results[engine.id].error ??= `run ${run + 1}: ${error.replaceAll(`${file}: `, "")}`;
      log(`  ${label(p)}: ${engine.label} ${(sample.wallMs / 1000).toFixed(2)} s, ${Math.round(sample.peakRssBytes / 1024 ** 2)} MiB${error ? ` FAILED: ${error}` : ""}`);
    }
  }
  for (const e of Object.values(results)) {
    e.medianMs = median(e.wallMs);
    e.maxRssBytes = Math.max(...e.rssBytes.filter(Number.isFinite), Number.NEGATIVE_INFINITY);
    if (!Number.isFinite(e.maxRssBytes)) e.maxRssBytes = Number.NaN;
  }

  const result: PlanResult = { label: label(p), shape: p.shape, big: p.big === true, meta, engines: results };
  const tg = results["transit-guard"];
  if (tg.error || tg.skipped) {
    result.profileError = "transit-guard failed";
    return result;
  }
  log(`  ${label(p)}: in-process profile`);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ["--import", "tsx", "tooling/bench/profile.ts", file, path.join(snapshot, "transit-guard.wasm.tar.gz")], {
    cwd: repoRoot, encoding: "utf8", env, maxBuffer: 16 * 1024 ** 2, timeout: timeoutMs, killSignal: "SIGKILL",
  });
  try {
    const printed = JSON.parse(run.stdout) as ProfileResult | { error: string; step: string };
    if ("error" in printed) throw new Error(`${printed.step}: ${printed.error}`);
    result.profile = printed;
  } catch (error) {
    result.profileError = run.error ? `killed after ${timeoutMs / 1000} s` : run.status !== 0 && !run.stdout ? lastWords(run.stderr) : (error as Error).message;
  }
  return result;
}

const firstLine = (command: string, args: string[]) => {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { plans: { type: "string" }, runs: { type: "string", default: "3" }, timeout: { type: "string", default: "100" }, "no-write": { type: "boolean", default: false } },
  });
  const plans = values.plans ? allPlans.filter((p) => values.plans!.split(",").includes(`${p.shape}-${p.resources}`)) : allPlans;
  const runs = Number(values.runs);
  const timeoutMs = Number(values.timeout) * 1000;
  if (plans.length === 0 || !(runs >= 1) || !(timeoutMs > 0)) throw new Error("usage: npm run bench -- [--plans ordinary-1000,mix-10000,...] [--runs N] [--timeout S] [--no-write]");
  if (!haveGnuTime) log("no /usr/bin/time: peak RSS will be n/a");
  const started = performance.now();
  const loadBefore = os.loadavg()[0]!;

  // A snapshot of the bundle and of the policy sources, so that all engines evaluate the same
  // policies even if the working tree changes during the run; the bundle's .manifest revision is
  // a digest of the sources it was built from.
  const snapshot = mkdtempSync(path.join(os.tmpdir(), "tg-bench-"));
  process.on("exit", () => rmSync(snapshot, { recursive: true, force: true }));
  const bundle = path.join(snapshot, "transit-guard.wasm.tar.gz");
  copyFileSync(path.join(repoRoot, "bundle/transit-guard.wasm.tar.gz"), bundle);
  const files = copySources(path.join(snapshot, "policies"));
  const staged = revisionOf(packageInfo().version, path.join(snapshot, "policies"), files);
  const built = (JSON.parse(readBundle(bundle).get(".manifest")?.toString("utf8") ?? "{}") as { revision?: string }).revision ?? "none";
  if (staged !== built) log(`warning: the bundle (revision ${built}) was not built from policies/ as it is (${staged}): engines may disagree`);

  const node = (args: string[]) => measure([process.execPath, ...args], repoRoot, timeoutMs);
  const startup = { bare: [] as number[], cli: [] as Sample[] };
  for (let i = 0; i < 4; i++) {
    const bare = await node(["-e", "0"]);
    const cli = await node(["tooling/cli/bin.mjs", "--version"]);
    if (i === 0) continue; // warm-up
    startup.bare.push(bare.wallMs);
    startup.cli.push(cli);
  }

  const results: PlanResult[] = [];
  for (const p of plans) {
    results.push(await benchPlan(p, snapshot, runs, timeoutMs));
    process.stdout.write(`\n${runsTable(results.slice(-1))}\n`);
  }

  const dirty = firstLine("git", ["status", "--porcelain", "--untracked-files=no"]).split("\n").filter(Boolean).length;
  const conftestOpa = /OPA:\s*(\S+)/.exec(firstLine(toolPath("conftest"), ["--version"]))?.[1] ?? "?";
  const section = [
    `Run ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}, ${Math.round((performance.now() - started) / 1000)} s; load average (1 min) ${loadBefore.toFixed(2)} at the start, ` +
      `${os.loadavg()[0]!.toFixed(2)} at the end; ${os.availableParallelism()} cores, ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB; ` +
      `node ${process.version}, opa ${/Version:\s*(\S+)/.exec(firstLine(toolPath("opa"), ["version"]))?.[1] ?? "?"}, conftest (OPA ${conftestOpa}); ` +
      `commit ${firstLine("git", ["rev-parse", "--short", "HEAD"]) || "?"}${dirty > 0 ? ` with ${dirty} tracked files modified` : ""}; ` +
      `bundle revision ${built}, policy sources ${staged === built ? "the same" : `**${staged}** (not what the bundle was built from)`}; ` +
      `startup: \`node -e 0\` ${(median(startup.bare) / 1000).toFixed(2)} s, \`transit-guard --version\` ${(median(startup.cli.map((c) => c.wallMs)) / 1000).toFixed(2)} s.`,
    "", "### Plans and findings", "", plansTable(results),
    "", "### Runs", "", runsTable(results),
    "", "### Targets", "", targetsTable(results),
    "", "### transit-guard in one process (profile.ts)", "", stepsTable(results),
  ].join("\n");
  process.stdout.write(`\n${section}\n`);

  const doc = path.join(repoRoot, "BENCHMARKS.md");
  if (!values["no-write"]) {
    const [start, end] = ["<!-- bench:start -->", "<!-- bench:end -->"];
    const text = existsSync(doc) ? readFileSync(doc, "utf8") : "# Benchmarks\n";
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    const before = from === -1 ? `${text.trimEnd()}\n\n` : text.slice(0, from);
    const after = to === -1 ? "\n" : text.slice(to + end.length);
    writeFileSync(doc, `${before}${start}\n${section}\n${end}${after}`);
    log("wrote BENCHMARKS.md");
  }
}

await main();
