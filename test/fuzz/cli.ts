/**
 * Long differential fuzz runs: npm run fuzz -- [options]
 *
 *   --runs N            documents to generate (default 1000)
 *   --seed S            the seed (default: random, printed); a failure prints the seed and path that replay it
 *   --minutes M         stop generating after M minutes (whichever of --runs and --minutes comes first)
 *   --suite NAME        mixed (default), terraform, cloudformation, definitions, wildcards, large
 *   --min-resources N, --max-resources N
 *                       resources per document (overrides the suite's sizes)
 *   --path P            replay one failure (with its --seed and --suite)
 *   --save DIR          write each failure's counterexample there (<suite>-<seed>-<n>.json with what
 *                       failed, .input.json the document, .data.json the settings as OPA data)
 *   --replay FILE       check a saved counterexample (<suite>-<seed>-<n>.json) again, once, and exit
 *   --known REGEX       a failure whose summary or details match is known: counted, not shrunk or
 *                       reported (repeatable), to look past an open bug in a long run
 *   --stop-on-failure   stop at the first failure (default: continue with the next seed)
 *   --shrink-seconds S  time fast-check may shrink a failure (default 120)
 *   --reduce-seconds S  time the reduction of a shrunk failure may take (default 120; 0: none)
 *   --min-timeout-ms T  the embedded engine's least time limit per document (default 5000; the limit is
 *                       20 times OPA's time on the same document, at most --max-timeout-ms, default 120000)
 *   --wasm-bundle FILE  evaluate with this WASM bundle (e.g. bundle/transit-guard.wasm.tar.gz) instead of
 *                       one built from the policies; OPA evaluates the policies as they are
 *   --policies DIR      build both bundles from this policies folder instead of policies/ (an older
 *                       revision: git archive <rev> policies | tar -x -C /tmp/old, then --policies /tmp/old/policies)
 *
 * Exit code 0 when the engines agreed on every document, 1 on any failure, 2 on a usage error.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import type { Sample } from "./arbitraries.ts";
import { check, defaultLimits } from "./compare.ts";
import { startEngines } from "./engines.ts";
import { formatFailure, formatProgress, formatSummary, fuzz } from "./runner.ts";
import { suiteNamed, suites } from "./suites.ts";

function usage(message: string): never {
  process.stderr.write(`fuzz: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    runs: { type: "string" },
    seed: { type: "string" },
    minutes: { type: "string" },
    suite: { type: "string" },
    "min-resources": { type: "string" },
    "max-resources": { type: "string" },
    path: { type: "string" },
    save: { type: "string" },
    "stop-on-failure": { type: "boolean" },
    "shrink-seconds": { type: "string" },
    "reduce-seconds": { type: "string" },
    "min-timeout-ms": { type: "string" },
    "max-timeout-ms": { type: "string" },
    "wasm-bundle": { type: "string" },
    policies: { type: "string" },
    replay: { type: "string" },
    known: { type: "string", multiple: true },
    help: { type: "boolean", short: "h" },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(`npm run fuzz -- [--runs N] [--seed S] [--minutes M] [--suite ${suites.map((s) => s.name).join("|")}] [--min-resources N] [--max-resources N] [--path P] [--save DIR] [--stop-on-failure] [--shrink-seconds S] [--reduce-seconds S] [--min-timeout-ms T] [--max-timeout-ms T] [--wasm-bundle FILE] [--policies DIR] [--replay FILE] [--known REGEX]\n`);
  process.exit(0);
}

const number = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) usage(`--${name} must be a number ≥ 0, not "${value}"`);
  return n;
};

let suite;
try {
  suite = suiteNamed(values.suite ?? "mixed");
} catch (error) {
  usage((error as Error).message);
}
const runs = Math.floor(number("runs", values.runs, 1000));
const seed = values.seed === undefined ? (Math.random() * 0x7fffffff) | 0 : Math.floor(number("seed", values.seed, 0));
const minutes = values.minutes === undefined ? undefined : number("minutes", values.minutes, 0);
const minResources = values["min-resources"] === undefined ? undefined : Math.floor(number("min-resources", values["min-resources"], 1));
const maxResources = values["max-resources"] === undefined ? undefined : Math.floor(number("max-resources", values["max-resources"], 1));
const size =
  minResources === undefined && maxResources === undefined
    ? undefined
    : { min: minResources ?? 1, max: Math.max(maxResources ?? Math.max(minResources ?? 1, 60), minResources ?? 1) };

const engines = await startEngines({
  ...(values["wasm-bundle"] ? { wasmBundle: values["wasm-bundle"] } : {}),
  ...(values.policies ? { policiesDir: values.policies } : {}),
});
let stopping = false;
const close = async () => {
  if (stopping) return;
  stopping = true;
  await engines.close();
};
process.once("SIGINT", () => {
  process.stderr.write("\nfuzz: interrupted\n");
  void close().then(() => process.exit(130));
});

if (values.replay) {
  let exit: number;
  try {
    const saved = JSON.parse(readFileSync(values.replay, "utf8")) as { kind: Sample["kind"]; config: Sample["config"]; document: Sample["document"] };
    const result = await check(engines, { kind: saved.kind, config: saved.config, document: saved.document, resources: 0, mutations: 0, bigNumbers: 0 });
    console.log(
      result.failure
        ? `✗ ${values.replay}: ${result.failure.category}: ${result.failure.summary}\n${result.failure.details}`
        : `✓ ${values.replay}: the engines agree (${result.findings} findings${result.unparsed ? `; the loader does not parse it: ${result.unparsed}` : ""})`,
    );
    exit = result.failure ? 1 : 0;
  } finally {
    await close();
  }
  process.exit(exit);
}

console.log(
  `fuzz: suite ${suite.name} (${suite.description}), seed ${seed}, ${runs} runs${minutes === undefined ? "" : ` or ${minutes} minutes`}` +
    `${size ? `, ${size.min}-${size.max} resources` : ""}; policies ${engines.revision}${values["wasm-bundle"] ? `, WASM from ${values["wasm-bundle"]}` : ""}`,
);

let lastProgress = Date.now();
let exitCode: number;
try {
  const result = await fuzz(engines, {
    suite,
    seed,
    runs,
    ...(minutes === undefined ? {} : { timeLimitMs: minutes * 60_000 }),
    ...(values.path === undefined ? {} : { path: values.path }),
    ...(size ? { size } : {}),
    limits: {
      ...defaultLimits,
      minMs: number("min-timeout-ms", values["min-timeout-ms"], defaultLimits.minMs),
      maxMs: number("max-timeout-ms", values["max-timeout-ms"], defaultLimits.maxMs),
    },
    shrinkBudgetMs: number("shrink-seconds", values["shrink-seconds"], 120) * 1000,
    reduceBudgetMs: number("reduce-seconds", values["reduce-seconds"], 120) * 1000,
    keepGoing: !values["stop-on-failure"],
    known: (values.known ?? []).map((text) => {
      try {
        return new RegExp(text);
      } catch {
        return usage(`--known "${text}" is not a regular expression`);
      }
    }),
    onFailure: (failure, n) => {
      console.log(`\n${formatFailure(failure)}`);
      if (!values.save) return;
      mkdirSync(values.save, { recursive: true });
      const base = path.join(values.save, `${failure.suite}-${failure.seed}-${n}`);
      writeFileSync(
        `${base}.json`,
        `${JSON.stringify({ suite: failure.suite, seed: failure.seed, path: failure.path, category: failure.failure.category, summary: failure.failure.summary, details: failure.failure.details, kind: failure.sample.kind, config: failure.sample.config, reduced: failure.reduced ?? null, document: failure.sample.document }, null, 2)}\n`,
      );
      writeFileSync(`${base}.input.json`, `${JSON.stringify(failure.sample.document, null, 2)}\n`);
      writeFileSync(`${base}.data.json`, `${JSON.stringify({ transit_guard_config: failure.sample.config }, null, 2)}\n`);
      failure.side.forEach((side, j) => {
        writeFileSync(`${base}.also-${j + 1}.json`, `${JSON.stringify({ category: side.failure.category, summary: side.failure.summary, details: side.failure.details, kind: failure.sample.kind, config: failure.sample.config, document: side.document }, null, 2)}\n`);
      });
      console.log(`  saved: ${base}.json (npm run fuzz -- --replay ${base}.json checks it again; .input.json and .data.json: opa eval -d policies --ignore fixtures --ignore '*_test.rego' -d ${base}.data.json -i ${base}.input.json data.transit_guard.main.decision)`);
    },
    onCheck: (stats, phase) => {
      if (Date.now() - lastProgress < 5_000) return;
      lastProgress = Date.now();
      console.log(`fuzz: ${formatProgress(stats)}${phase === "run" ? "" : ` (${phase === "shrink" ? "shrinking" : "reducing"} a failure)`}`);
    },
  });
  const slowest = result.stats.slowest;
  if (values.save && slowest) {
    mkdirSync(values.save, { recursive: true });
    const file = path.join(values.save, `slowest-${suite.name}-${seed}.json`);
    writeFileSync(file, `${JSON.stringify({ wasmMs: slowest.wasmMs, opaMs: slowest.opaMs, kind: slowest.sample.kind, config: slowest.sample.config, document: slowest.sample.document }, null, 2)}\n`);
    console.log(`\nthe document the embedded engine was slowest on (relative to OPA): ${file}`);
  }
  console.log(`\nfuzz summary (suite ${suite.name}, seed ${seed}${result.interrupted ? ", stopped by --minutes" : ""}):\n${formatSummary(result.stats, result.failures)}`);
  exitCode = result.failures.length > 0 ? 1 : 0;
} finally {
  await close();
}
process.exit(exitCode);
