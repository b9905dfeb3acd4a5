/**
 * npm run bench: times `transit-guard check`, `opa eval` and `conftest test` side by side on
 * synthetic Terraform plans of 1 000, 10 000 and 50 000 resource changes, checks the targets of
 * the performance issue, prints a table per plan and rewrites BENCHMARKS.md.
 *
 * Not part of npm test: it takes minutes and its figures depend on the machine.
 *
 * Usage: tsx tooling/bench/run.ts [--sizes 1000,10000,50000] [--runs N] [--timeout S] [--regenerate] [--no-write]
 *   --sizes       plan sizes to run (default 1000,10000,50000)
 *   --runs        timed runs per engine and plan (default 5, and 3 above 10 000 resources)
 *   --timeout     seconds after which one run is killed and counted as failed (default 120)
 *   --regenerate  regenerate the plans even when .bench/ holds current ones
 *   --no-write    print the results without rewriting BENCHMARKS.md
 *
 * To keep a run within about ten minutes whatever the engines do: an engine gets as many timed
 * runs as fit in engineBudgetMs judging by its warm-up (none at all when the warm-up alone took
 * longer: the warm-up is then its only sample); an engine whose warm-up failed is not run again
 * on that plan, nor on the larger ones, which would fail the same way, only later.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { pinnedVersion, repoRoot, toolPath } from "../build/paths.ts";
import { generatePlan, generatorVersion, metaPath, planPath, type PlanMeta } from "./generate.ts";
import { measure, median, rssMethod, type RssMethod, type Sample } from "./measure.ts";
import type { ProfileFailure, ProfileResult } from "./profile.ts";
import {
  agreement,
  consoleTable,
  consoleVerdicts,
  engineOrder,
  markdown,
  verdicts,
  type Counts,
  type EngineId,
  type EngineResult,
  type Environment,
  type SizeResult,
  type StartupResult,
} from "./report.ts";

/** How each engine is run, and how its TG101 findings are read from its output. */
interface Engine {
  id: EngineId;
  label: string;
  /** argv with absolute tool paths, run from the repository root. */
  argv: (plan: string) => string[];
  /** The same command as documented (relative paths). */
  shown: (plan: string) => string;
  /** Exit codes of a successful run: conftest's semantics give 1 when anything fails. */
  okExit: number[];
  counts?: (stdout: string) => Counts;
}

type Finding = { id?: string; metadata?: { id?: string } };

function tally(failures: Finding[], warnings: Finding[]): Counts {
  const id = (f: Finding) => f.metadata?.id ?? f.id;
  return {
    failures: failures.filter((f) => id(f) === "TG101").length,
    warnings: warnings.filter((f) => id(f) === "TG101").length,
    allFailures: failures.length,
    allWarnings: warnings.length,
  };
}

/** conftest's JSON (transit-guard writes the same shape): one entry per document. */
function conftestCounts(stdout: string): Counts {
  const entries = JSON.parse(stdout) as Array<{ failures?: Finding[] | null; warnings?: Finding[] | null }>;
  return tally(entries.flatMap((e) => e.failures ?? []), entries.flatMap((e) => e.warnings ?? []));
}

function opaCounts(stdout: string): Counts {
  const output = JSON.parse(stdout) as { result?: Array<{ expressions: Array<{ value: { deny?: Finding[]; warn?: Finding[] } }> }> };
  const value = output.result?.[0]?.expressions[0]?.value;
  if (!value) throw new Error("opa eval returned no decision");
  return tally(value.deny ?? [], value.warn ?? []);
}

function engines(): Engine[] {
  const opa = toolPath("opa");
  const conftest = toolPath("conftest");
  const node = process.execPath;
  const rel = (file: string) => path.relative(repoRoot, file);
  const floorScript = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))";
  return [
    {
      id: "transit-guard",
      label: "transit-guard",
      argv: (plan) => [node, "tooling/cli/bin.mjs", "check", plan, "--output", "json"],
      shown: (plan) => `node tooling/cli/bin.mjs check ${rel(plan)} --output json`,
      okExit: [0, 1],
      counts: conftestCounts,
    },
    {
      id: "opa-eval",
      label: "opa eval",
      argv: (plan) => [opa, "eval", "-d", "policies", "--ignore", "fixtures", "-i", plan, "--format", "json", "data.transit_guard.main.decision"],
      shown: (plan) => `.tools/bin/opa eval -d policies --ignore fixtures -i ${rel(plan)} --format json data.transit_guard.main.decision`,
      okExit: [0],
      counts: opaCounts,
    },
    {
      id: "conftest",
      label: "conftest test",
      argv: (plan) => [conftest, "test", "--policy", "policies", "--namespace", "transit_guard.main", "--output", "json", "--no-color", plan],
      shown: (plan) => `.tools/bin/conftest test --policy policies --namespace transit_guard.main --output json --no-color ${rel(plan)}`,
      okExit: [0, 1],
      counts: conftestCounts,
    },
    {
      id: "floor",
      label: "floor (node: read + JSON.parse)",
      argv: (plan) => [node, "-e", floorScript, plan],
      shown: (plan) => `node -e "${floorScript}" ${rel(plan)}`,
      okExit: [0],
    },
  ];
}

const log = (text: string) => process.stderr.write(`${text}\n`);

/** Wall time the timed runs of one engine on one plan may take, judged by the warm-up. */
const engineBudgetMs = 60_000;

/** Engines that failed on a plan, with the size: they are not run on larger plans. */
const failedAt = new Map<EngineId, number>();

/** The plan of a given size, generated unless .bench/ holds one from this generator version. */
function ensurePlan(resources: number, regenerate: boolean): { file: string; meta: PlanMeta } {
  const file = planPath(resources);
  const metaFile = metaPath(file);
  if (!regenerate && existsSync(file) && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, "utf8")) as PlanMeta;
    if (meta.generatorVersion === generatorVersion && meta.resources === resources) return { file, meta };
  }
  log(`generating ${path.relative(repoRoot, file)} (${resources} resource changes)`);
  const meta = generatePlan(resources, file);
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
  return { file, meta };
}

/** The last lines a process wrote, without stack frames: what it said when it failed. */
function lastWords(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("at ") && !/^Node\.js v/.test(l));
  return lines.slice(-3).join(" / ").slice(0, 400);
}

function describeFailure(engine: Engine, sample: Sample, timeoutMs: number): string | undefined {
  if (sample.timedOut) return `killed after the ${Math.round(timeoutMs / 1000)} s timeout`;
  if (engine.okExit.includes(sample.exitCode)) return undefined;
  // opa eval --format json reports errors on standard output.
  const reason = lastWords(sample.stderr) || lastWords(sample.stdout) || "no output";
  return `exit code ${sample.exitCode}: ${reason}`;
}

async function benchSize(resources: number, runs: number, regenerate: boolean, method: RssMethod, timeoutMs: number): Promise<SizeResult> {
  const { file, meta } = ensurePlan(resources, regenerate);
  const list = engines();
  const loadBefore = os.loadavg()[0]!;
  const results = new Map<EngineId, EngineResult>(
    list.map((e) => [
      e.id,
      {
        engine: e.id, label: e.label, command: e.shown(file), wallMs: [], peakRssBytes: [], medianMs: 0, maxRssBytes: 0,
        failed: false, timedOut: false, skipped: false, warmupOnly: false, errors: [],
      } satisfies EngineResult,
    ]),
  );
  const planned = new Map<EngineId, number>();

  // Warm-up: page cache, tsx's transform cache; the output gives the TG101 counts.
  for (const engine of list) {
    const result = results.get(engine.id)!;
    const smaller = failedAt.get(engine.id);
    if (smaller !== undefined) {
      result.failed = true;
      result.skipped = true;
      result.errors.push(`not run: failed on the ${smaller}-resource plan`);
      planned.set(engine.id, 0);
      continue;
    }
    log(`  ${resources}: warm-up ${engine.label}`);
    const sample = await measure(engine.argv(file), repoRoot, method, timeoutMs);
    let failure = describeFailure(engine, sample, timeoutMs);
    if (!failure && engine.counts) {
      // An exit code conftest also uses for findings can hide an error: the output must parse.
      try {
        result.counts = engine.counts(sample.stdout);
      } catch (error) {
        failure = `unreadable output (${(error as Error).message}): ${lastWords(sample.stderr) || lastWords(sample.stdout) || "empty"}`;
      }
    }
    if (failure) {
      // Not timed again: the failure is the result, and repeating it could take many minutes.
      result.errors.push(`warm-up: ${failure}`);
      result.failed = true;
      result.timedOut = sample.timedOut;
      result.wallMs.push(sample.wallMs);
      result.peakRssBytes.push(sample.peakRssBytes);
      planned.set(engine.id, 0);
      failedAt.set(engine.id, resources);
      log(`  ${resources}: ${engine.label} FAILED after ${(sample.wallMs / 1000).toFixed(1)} s: ${failure}`);
      continue;
    }
    const fit = Math.min(runs, Math.floor(engineBudgetMs / sample.wallMs));
    planned.set(engine.id, fit);
    if (fit === 0) {
      // Slower than the whole budget: the warm-up is the one sample (a cold cache hardly matters then).
      result.wallMs.push(sample.wallMs);
      result.peakRssBytes.push(sample.peakRssBytes);
      result.warmupOnly = true;
    }
  }

  for (let run = 0; run < runs; run++) {
    // A rotating order, so that no engine always runs right after the heaviest one.
    const order = list.map((_, i) => list[(i + run) % list.length]!).filter((e) => run < (planned.get(e.id) ?? 0));
    for (const engine of order) {
      const sample = await measure(engine.argv(file), repoRoot, method, timeoutMs);
      const result = results.get(engine.id)!;
      result.wallMs.push(sample.wallMs);
      result.peakRssBytes.push(sample.peakRssBytes);
      const failure = describeFailure(engine, sample, timeoutMs);
      if (failure) result.errors.push(`run ${run + 1}: ${failure}`);
      log(`  ${resources}: run ${run + 1}/${planned.get(engine.id)} ${engine.label}: ${(sample.wallMs / 1000).toFixed(2)} s, ${Number.isFinite(sample.peakRssBytes) ? Math.round(sample.peakRssBytes / 1024 ** 2) : "?"} MiB${failure ? ` FAILED: ${failure}` : ""}`);
    }
  }
  for (const result of results.values()) {
    result.medianMs = median(result.wallMs);
    const known = result.peakRssBytes.filter(Number.isFinite);
    result.maxRssBytes = known.length > 0 ? Math.max(...known) : Number.NaN;
    if (result.errors.some((e) => e.startsWith("run "))) {
      result.failed = true;
      failedAt.set(result.engine, resources);
    }
  }

  let profile: ProfileResult | undefined;
  let profileError: string | undefined;
  let profileFailure: ProfileFailure | undefined;
  const tg = results.get("transit-guard")!;
  if (tg.skipped || tg.timedOut) {
    // It would only run into the same timeout.
    profileError = tg.skipped ? "not run: transit-guard failed on a smaller plan" : "not run: transit-guard timed out";
    const engineResults = Object.fromEntries(engineOrder.map((id) => [id, results.get(id)!])) as Record<EngineId, EngineResult>;
    return { meta, file, runs, engines: engineResults, profile, profileError, loadBefore, loadAfter: os.loadavg()[0]! };
  }
  log(`  ${resources}: in-process profile`);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ["--import", "tsx", "tooling/bench/profile.ts", file], {
    cwd: repoRoot,
    encoding: "utf8",
    env,
    maxBuffer: 16 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  try {
    const printed = run.stdout.trim() ? (JSON.parse(run.stdout) as ProfileResult | ProfileFailure) : undefined;
    if (printed && "error" in printed) {
      profileFailure = printed;
      throw new Error(`step ${printed.step} failed after ${(printed.stepMs / 1000).toFixed(1)} s: ${printed.error}`);
    }
    if (run.error || run.status !== 0 || !printed) {
      throw new Error(run.error ? `killed after the ${Math.round(timeoutMs / 1000)} s timeout` : `exit code ${run.status}: ${lastWords(run.stderr)}`);
    }
    profile = printed;
  } catch (error) {
    profileError = (error as Error).message;
  }

  const engineResults = Object.fromEntries(engineOrder.map((id) => [id, results.get(id)!])) as Record<EngineId, EngineResult>;
  return { meta, file, runs, engines: engineResults, profile, profileError, profileFailure, loadBefore, loadAfter: os.loadavg()[0]! };
}

async function benchStartup(method: RssMethod, timeoutMs: number): Promise<StartupResult> {
  const node: number[] = [];
  const cli: number[] = [];
  const cliRss: number[] = [];
  // One warm-up each, then five: these are short and size-independent.
  for (let i = 0; i < 6; i++) {
    const bare = await measure([process.execPath, "-e", "0"], repoRoot, method, timeoutMs);
    const version = await measure([process.execPath, "tooling/cli/bin.mjs", "--version"], repoRoot, method, timeoutMs);
    if (i === 0) continue;
    node.push(bare.wallMs);
    cli.push(version.wallMs);
    cliRss.push(version.peakRssBytes);
  }
  return { nodeMs: median(node), cliMs: median(cli), cliRssBytes: Math.max(...cliRss.filter(Number.isFinite)) };
}

function firstLine(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function environment(method: RssMethod, loadAtStart: number, started: number, timeoutMs: number): Environment {
  const opaVersion = /Version:\s*(\S+)/.exec(firstLine(toolPath("opa"), ["version"]))?.[1] ?? "unknown";
  // Built from source with go build, conftest reports "dev"; the pinned version is in its go.mod.
  const conftestOutput = firstLine(toolPath("conftest"), ["--version"]);
  const embeddedOpa = /OPA:\s*(\S+)/.exec(conftestOutput)?.[1];
  const head = firstLine("git", ["rev-parse", "--short", "HEAD"]) || "unknown";
  const dirty = firstLine("git", ["status", "--porcelain", "--untracked-files=no"]).split("\n").filter(Boolean).length;
  const bundle = path.join(repoRoot, "bundle/transit-guard.wasm.tar.gz");
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: Number(firstLine("nproc", [])) || os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    node: process.version,
    opa: opaVersion,
    conftest: `${pinnedVersion("conftest")} (pinned; the binary embeds OPA ${embeddedOpa ?? "unknown"})`,
    rssMethod: method,
    git: `commit ${head}${dirty > 0 ? `, ${dirty} tracked file(s) modified in the working tree` : ", clean working tree"}`,
    bundleSha256: existsSync(bundle) ? createHash("sha256").update(readFileSync(bundle)).digest("hex") : "missing",
    loadAtStart,
    totalSeconds: (performance.now() - started) / 1000,
    argv: process.argv.length > 2 ? `npm run bench -- ${process.argv.slice(2).join(" ")}` : "npm run bench",
    timeoutSeconds: timeoutMs / 1000,
    engineBudgetSeconds: engineBudgetMs / 1000,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,10000,50000" },
      runs: { type: "string" },
      timeout: { type: "string", default: "120" },
      regenerate: { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write("usage: npm run bench -- [--sizes 1000,10000,50000] [--runs N] [--timeout S] [--regenerate] [--no-write]\n");
    return;
  }
  const sizes = values.sizes.split(",").map((s) => Number(s.trim().replace(/[_ ]/g, "")));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers, got "${values.sizes}"`);
  const runsFlag = values.runs === undefined ? undefined : Number(values.runs);
  if (runsFlag !== undefined && (!Number.isInteger(runsFlag) || runsFlag < 1)) throw new Error(`--runs: expected a positive integer, got "${values.runs}"`);

  const timeoutMs = Number(values.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new Error(`--timeout: expected seconds, got "${values.timeout}"`);

  const started = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const method = rssMethod();
  if (method !== "gnu-time") log("GNU time not found: peak RSS is polled from /proc (approximate)");
  if (loadAtStart > os.availableParallelism() * 0.5) {
    log(`warning: load average ${loadAtStart.toFixed(2)} on ${os.availableParallelism()} cores; other work will make the figures noisy`);
  }
  // Fail early, with the install hint, rather than after generating plans.
  toolPath("opa");
  toolPath("conftest");

  log("startup reference (node -e 0, transit-guard --version)");
  const startup = await benchStartup(method, timeoutMs);
  const results: SizeResult[] = [];
  for (const size of [...new Set(sizes)].sort((a, b) => a - b)) {
    const runs = runsFlag ?? (size > 10_000 ? 3 : 5);
    const result = await benchSize(size, runs, values.regenerate, method, timeoutMs);
    results.push(result);
    process.stdout.write(`\n${consoleTable(result)}\n`);
  }

  const list = verdicts(results);
  process.stdout.write(`\nstartup: node -e 0 ${(startup.nodeMs / 1000).toFixed(2)} s, transit-guard --version ${(startup.cliMs / 1000).toFixed(2)} s\n`);
  process.stdout.write(`\ntargets:\n${consoleVerdicts(list)}\n`);
  for (const r of results) {
    const a = agreement(r);
    if (!a.ok) process.stdout.write(`\n${"!".repeat(100)}\n${a.line}\n${"!".repeat(100)}\n`);
  }

  const env = environment(method, loadAtStart, started, timeoutMs);
  if (!values["no-write"]) {
    const shown = engines().map((e) => e.shown(planPath(results[0]?.meta.resources ?? 10_000)).replace(/plan-\d+/, "plan-<N>"));
    const commands = [...shown, "node tooling/cli/bin.mjs --version", "node -e 0", "node --import tsx tooling/bench/profile.ts .bench/plan-<N>.tfplan.json"];
    writeFileSync(path.join(repoRoot, "BENCHMARKS.md"), markdown(env, startup, results, list, commands));
    process.stdout.write(`\nwrote BENCHMARKS.md (${Math.round(env.totalSeconds)} s)\n`);
  } else {
    process.stdout.write(`\n(--no-write: BENCHMARKS.md left as it was; ${Math.round(env.totalSeconds)} s)\n`);
  }
}

await main();
