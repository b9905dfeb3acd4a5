/**
 * The two engines the fuzz runner compares, on policies from one staging of policies/ (so that an
 * edit made during a run cannot split them):
 *
 * - the embedded engine (the library's Checker on the WASM bundle) in a child process
 *   (engine-worker.ts), so that an evaluation that hangs is stopped after a time limit and the
 *   process replaced;
 * - OPA's topdown evaluator: one long-running `opa run --server` on loopback with the Rego bundle,
 *   the caller settings PUT as data under transit_guard_config (as test/opa-server.test.ts passes
 *   them), each document POSTed whole to /v1/data/transit_guard/main/decision.
 */
import { type ChildProcess,fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { buildBundles, buildRegoBundle, buildWasmFromStaged } from "../../tooling/opa-bundle/build.ts";
import { type Manifest, stageSources } from "../../tooling/opa-bundle/sources.ts";
import type { Decision, DocumentKind, PolicyConfig } from "../../tooling/types.ts";
import { type OpaServer,startOpa } from "../helpers/processes.ts";
import { repoRoot } from "../helpers/repo.ts";
import type { WorkerReply, WorkerRequest } from "./engine-worker.ts";

const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "engine-worker.ts");

/** What an engine answered for one document. */
export type EngineOutcome =
  | { kind: "decision"; decision: Decision; ms: number; via?: "checkDocument" | "engine"; refused?: { unrecognised: boolean; reason: string } }
  /** The loader could not parse the document: the library evaluates nothing (not compared). */
  | { kind: "unparsed"; reason: string; ms: number }
  | { kind: "error"; message: string; ms: number }
  | { kind: "timeout"; ms: number }
  | { kind: "crash"; message: string; ms: number };

/** A pending evaluation of the embedded engine whose time limit can be changed while it runs. */
interface Pending {
  outcome: Promise<EngineOutcome>;
  /** Stops the evaluation if it has not answered limitMs after it started. */
  limit(limitMs: number): void;
}

/** The embedded engine in a child process that is replaced when it hangs or dies. */
class EmbeddedEngine {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private stderr = "";
  /** How many times the process was replaced (after a timeout or a crash). */
  restarts = 0;

  constructor(
    private readonly bundle: string,
    /** The process's temp folder (tsx keeps its cache there); removed by whoever made it. */
    private readonly tmp: string,
    /** Passed to the library as EngineOptions.timeoutMs (0: the library's default bound). */
    private readonly engineTimeoutMs = 0,
  ) {}

  private start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const child = fork(workerFile, [this.bundle, String(this.engineTimeoutMs)], {
        cwd: repoRoot,
        execArgv: ["--import", "tsx"],
        env: { ...process.env, TMPDIR: this.tmp },
        serialization: "advanced",
        stdio: ["ignore", "ignore", "pipe", "ipc"],
      });
      this.child = child;
      this.stderr = "";
      child.stderr!.on("data", (chunk: Buffer) => {
        this.stderr = (this.stderr + chunk.toString("utf8")).slice(-4000);
      });
      const timer = setTimeout(() => reject(new Error(`the engine worker did not start within 60 s: ${this.stderr}`)), 60_000);
      child.once("message", () => {
        clearTimeout(timer);
        resolve();
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
        reject(new Error(`the engine worker exited (${code ?? signal}) before it was ready: ${this.stderr}`));
      });
    });
    return this.ready;
  }

  /** Starts the worker now (otherwise the first check does). */
  async warmUp(): Promise<void> {
    await this.start();
  }

  /** Checks a document; the evaluation is stopped after limitMs (changeable with Pending.limit). */
  check(document: Record<string, unknown>, config: PolicyConfig, limitMs: number): Pending {
    let currentLimit = limitMs;
    let setLimit: ((ms: number) => void) | undefined;
    const outcome = (async (): Promise<EngineOutcome> => {
      try {
        await this.start();
      } catch (error) {
        return { kind: "crash", message: (error as Error).message, ms: 0 };
      }
      const child = this.child!;
      const id = this.nextId++;
      const started = performance.now();
      return new Promise<EngineOutcome>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let done = false;
        const finish = (result: EngineOutcome) => {
          done = true;
          clearTimeout(timer);
          child.off("message", onMessage);
          child.off("exit", onExit);
          resolve(result);
        };
        const onMessage = (reply: WorkerReply) => {
          if (reply.id !== id) return;
          finish(
            !reply.ok
              ? { kind: "error", message: `${reply.error.name}: ${reply.error.message}`, ms: reply.ms }
              : reply.via === "unparsed"
                ? { kind: "unparsed", reason: reply.refused.reason, ms: reply.ms }
                : { kind: "decision", decision: reply.decision, ms: reply.ms, via: reply.via, ...(reply.refused ? { refused: reply.refused } : {}) },
          );
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          this.replaced(child);
          finish({ kind: "crash", message: `the engine process exited (${code ?? signal}): ${this.stderr.trim().slice(-1500)}`, ms: performance.now() - started });
        };
        const arm = (ms: number) => {
          // A limit set after the answer came must not stop the next evaluation.
          if (done) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            child.off("exit", onExit);
            this.kill(child);
            finish({ kind: "timeout", ms: performance.now() - started });
          }, Math.max(0, started + ms - performance.now()));
        };
        setLimit = arm;
        child.on("message", onMessage);
        child.once("exit", onExit);
        arm(currentLimit);
        child.send({ id, document, config } satisfies WorkerRequest);
      });
    })();
    return {
      outcome,
      limit: (ms) => {
        currentLimit = ms;
        setLimit?.(ms);
      },
    };
  }

  private replaced(child: ChildProcess): void {
    if (this.child === child) {
      this.child = undefined;
      this.ready = undefined;
      this.restarts += 1;
    }
  }

  private kill(child: ChildProcess): void {
    this.replaced(child);
    child.kill("SIGKILL");
  }

  /** Stops the worker. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    this.ready = undefined;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** OPA's topdown evaluator behind `opa run --server`, restarted when a request times out. */
class TopdownEngine {
  private server: OpaServer | undefined;
  private config = "";
  /** How many times the server was restarted. */
  restarts = 0;

  constructor(
    private readonly bundle: string,
    private readonly cwd: string,
  ) {}

  private async url(): Promise<string> {
    this.server ??= await startOpa(["--log-level", "error", "--bundle", this.bundle], { cwd: this.cwd });
    return this.server.url;
  }

  /** Starts the server now (otherwise the first decision does). */
  async warmUp(): Promise<void> {
    await this.url();
  }

  /** The decision for a document under the given settings. */
  async decision(document: Record<string, unknown>, config: PolicyConfig, timeoutMs: number): Promise<EngineOutcome> {
    const started = performance.now();
    try {
      const url = await this.url();
      const key = JSON.stringify(config);
      if (key !== this.config) {
        const put = await fetch(`${url}/v1/data/transit_guard_config`, { method: "PUT", body: key, headers: { "Content-Type": "application/json" }, signal: AbortSignal.timeout(30_000) });
        if (put.status !== 204) return { kind: "error", message: `PUT transit_guard_config: HTTP ${put.status} ${await put.text()}`, ms: performance.now() - started };
        this.config = key;
      }
      const response = await fetch(`${url}/v1/data/transit_guard/main/decision`, {
        method: "POST",
        body: JSON.stringify({ input: document }),
        headers: { "Content-Type": "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) return { kind: "error", message: `HTTP ${response.status}: ${text.slice(0, 2000)}`, ms };
      const body = JSON.parse(text) as { result?: Decision };
      if (body.result === undefined) return { kind: "error", message: "OPA returned no result (the decision is undefined)", ms };
      return { kind: "decision", decision: body.result, ms };
    } catch (error) {
      const ms = performance.now() - started;
      if ((error as Error).name === "TimeoutError") {
        await this.restart();
        return { kind: "timeout", ms };
      }
      return { kind: "error", message: `request failed: ${(error as Error).message}`, ms };
    }
  }

  /** The document's kind as the policies recognise it (entrypoint document_kind), under OPA. */
  async documentKind(document: Record<string, unknown>): Promise<DocumentKind | undefined> {
    try {
      const response = await fetch(`${await this.url()}/v1/data/transit_guard/main/document_kind`, {
        method: "POST",
        body: JSON.stringify({ input: document }),
        headers: { "Content-Type": "application/json" },
        signal: AbortSignal.timeout(60_000),
      });
      return ((await response.json()) as { result?: DocumentKind }).result;
    } catch {
      return undefined;
    }
  }

  /** A document of data (GET /v1/data/<path>), e.g. transit_guard/main/projection. */
  async query<T>(dataPath: string): Promise<T> {
    const response = await fetch(`${await this.url()}/v1/data/${dataPath}`, { signal: AbortSignal.timeout(30_000) });
    const body = (await response.json()) as { result?: T };
    if (response.status !== 200 || body.result === undefined) throw new Error(`GET /v1/data/${dataPath}: HTTP ${response.status}`);
    return body.result;
  }

  private async restart(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.config = "";
    this.restarts += 1;
    await server?.stop();
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}

/** Both engines on bundles built from one staging of policies/, in a temporary folder. */
export interface Engines {
  embedded: EmbeddedEngine;
  topdown: TopdownEngine;
  /** The folder holding the bundles (removed by close). */
  dir: string;
  /** The bundles' revision (pack version + digest of the staged policies). */
  revision: string;
  close(): Promise<void>;
}

/** Options of the engines. */
export interface EngineSetup {
  /** Evaluate with this WASM bundle instead of the one built now (e.g. the committed bundle/). */
  wasmBundle?: string;
  /** EngineOptions.timeoutMs for the library (default: the library's own bound). */
  engineTimeoutMs?: number;
  /**
   * Build both bundles from this policies folder instead of policies/ (e.g. an older revision,
   * exported with git archive <rev> policies | tar -x -C DIR).
   */
  policiesDir?: string;
}

/** Builds both bundles into outDir, from policies/ or from setup.policiesDir. */
function build(outDir: string, setup: EngineSetup): { manifest: Manifest; rego: string; wasm: string } {
  if (!setup.policiesDir) {
    const { manifest, bundles } = buildBundles(outDir);
    return { manifest, rego: bundles.find((b) => b.target === "rego")!.file, wasm: bundles.find((b) => b.target === "wasm")!.file };
  }
  mkdirSync(outDir, { recursive: true });
  const staged = stageSources(path.resolve(setup.policiesDir));
  try {
    const rego = path.join(outDir, "transit-guard.tar.gz");
    const wasm = path.join(outDir, "transit-guard.wasm.tar.gz");
    buildRegoBundle(staged, rego);
    buildWasmFromStaged(staged, wasm);
    return { manifest: staged.manifest, rego, wasm };
  } finally {
    staged.remove();
  }
}

/**
 * Builds both bundles from the current policies and starts both engines. policies/ may be mid-edit
 * (someone saving a file: a build that fails, or policies that compile but answer nothing), so a
 * failed start is tried again a few times, 5 s apart, before the error is reported.
 */
export async function startEngines(setup: EngineSetup = {}, attempts = 6): Promise<Engines> {
  for (let i = 1; ; i++) {
    try {
      return await startOnce(setup);
    } catch (error) {
      if (i >= attempts) throw new Error(`cannot start the engines on policies/ (${attempts} attempts, 5 s apart): ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

async function startOnce(setup: EngineSetup): Promise<Engines> {
  const dir = mkdtempSync(path.join(tmpdir(), "tg-fuzz-"));
  let embedded: EmbeddedEngine | undefined;
  let topdown: TopdownEngine | undefined;
  try {
    const built = build(path.join(dir, "dist"), setup);
    const manifest = built.manifest;
    const rego = built.rego;
    const wasm = setup.wasmBundle ? path.resolve(setup.wasmBundle) : built.wasm;
    embedded = new EmbeddedEngine(wasm, dir, setup.engineTimeoutMs ?? 0);
    topdown = new TopdownEngine(rego, dir);
    await Promise.all([embedded.warmUp(), topdown.warmUp()]);
    // Both must answer a document before the run starts (a policy mid-edit may answer nothing).
    const probe = { format_version: "1.2", terraform_version: "1.9.8", resource_changes: [] };
    const [a, b] = await Promise.all([embedded.check(probe, { profiles: [] }, 60_000).outcome, topdown.decision(probe, { profiles: [] }, 60_000)]);
    if (a.kind !== "decision") throw new Error(`the embedded engine does not answer: ${"message" in a ? a.message : a.kind}`);
    if (b.kind !== "decision") throw new Error(`OPA does not answer: ${"message" in b ? b.message : b.kind}`);
    const [e, t] = [embedded, topdown];
    return {
      embedded: e,
      topdown: t,
      dir,
      revision: manifest.revision,
      close: async () => {
        await Promise.allSettled([e.stop(), t.stop()]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.allSettled([embedded?.stop(), topdown?.stop()]);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
