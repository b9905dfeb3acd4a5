/**
 * The embedded engine: loads the compiled policy once and evaluates its entrypoints in a worker
 * thread (worker.mjs, the only code that runs @open-policy-agent/opa-wasm). Every evaluation has
 * a time bound: the WASM that OPA compiles can hang on inputs OPA answers
 * (docs/opa-wasm-defects.md), and a worker that does not answer in time is terminated and
 * replaced, so a hang costs one document an EngineError, never the run. Memory is bounded the
 * same way: WASM memory grows to tens of times the input and is never returned, so an instance
 * whose memory passed recycleAboveBytes is replaced by a fresh one from the same compiled module,
 * and no instance may grow past maxMemoryBytes (the evaluation then fails closed).
 */
import { Worker } from "node:worker_threads";

import { EngineError } from "../errors.ts";
import { isSigned, type VerificationOptions,verifyBundle } from "../opa-bundle/verify.ts";
import { packagePath } from "../package-root.ts";
import { readBundle } from "./tarball.ts";

/** The compiled bundle shipped in the package (built by npm run build). */
export const defaultBundle = packagePath("bundle", "transit-guard.wasm.tar.gz");

const workerScript = packagePath("tooling", "engine", "worker.mjs");

const pageSize = 64 * 1024;

/**
 * WASM memory an evaluation needs per byte of (projected) input JSON, measured on generated plans:
 * about 40x for 1 000 and for 10 000 resource changes. Pages the evaluation never touches are not
 * resident, so headroom costs address space, not memory.
 */
const growthFactor = 64;

/** The default time bound of one evaluation: a minute, and two seconds more per MB of input. */
function defaultTimeoutMs(inputBytes: number): number {
  return 60_000 + Math.ceil(inputBytes / 1e6) * 2_000;
}

const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms)} ms`);

interface Reply {
  id: number;
  result?: Array<{ result: unknown }> | null;
  error?: string;
  tooLarge?: boolean;
  memoryBytes: number;
  peakBytes?: number;
  recycled: number;
}

/** Options of the embedded engine. */
export interface EngineOptions {
  /** Path of the WASM bundle (.tar.gz with /policy.wasm and /data.json). */
  bundle?: string;
  /**
   * Verify the bundle's signature before anything of it is used (tooling/opa-bundle/verify.ts). A
   * signed bundle is refused without this, as OPA refuses one without a verification key.
   */
  verification?: VerificationOptions;
  /** Hard limit of one instance's memory; larger inputs fail closed. Default 2 GiB. */
  maxMemoryBytes?: number;
  /**
   * A document whose input for the engine is larger than this (bytes) is evaluated one rule area
   * at a time (main/parts.rego), so that the engine's memory holds one area's work, not all of it;
   * the decision is the same. Default 16 MiB; 0 evaluates every document area by area.
   */
  splitAboveBytes?: number;
  /**
   * A document whose input for the engine is larger than this (bytes), and at most
   * parallelBelowBytes, is evaluated in parts side by side in two worker threads (each with its
   * own instance, so memory holds two parts' work at once). Default 1 MiB.
   */
  parallelAboveBytes?: number;
  /**
   * A Terraform plan larger than this (its projected JSON) is evaluated in slices of its resource
   * changes (policies/transit_guard/main/slices.rego), so that no evaluation holds the whole plan.
   * Default 1 MiB (the same as parallelAboveBytes: above, slices are faster than the area groups
   * side by side, and their memory follows the slice, not the plan).
   */
  sliceAboveBytes?: number;
  /**
   * How much resource-change JSON one slice holds (a group of changes that must stay together may
   * hold more; the index of the plan reads parts of twice this). Default 512 KiB: larger slices are
   * no faster, and the engines' memory grows with them.
   */
  sliceBytes?: number;
  /** Above this (bytes), parts run one after another in one instance. Default 32 MiB; 0: never side by side. */
  parallelBelowBytes?: number;
  /** An instance whose memory grew past this is replaced after the evaluation. Default 256 MiB. */
  recycleAboveBytes?: number;
  /**
   * The time bound of one evaluation, in milliseconds (or a function of the input's size in
   * bytes). Default: {@link defaultTimeoutMs}. An evaluation past it fails with an EngineError.
   */
  timeoutMs?: number | ((inputBytes: number) => number);
}

/** How one evaluation is asked for. */
export interface EvaluateOptions {
  /** The same input is evaluated again next: keep the instance however large it grew. */
  more?: boolean;
  /** data.transit_guard_part for this evaluation (main/parts.rego: a document area by area). */
  part?: object;
}

/** The compiled policy, ready to evaluate its entrypoints. */
export class WasmEngine {
  private worker: Worker | undefined;
  private pending: { id: number; settle: (reply: Reply | Error) => void } | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  /** How many instances the current worker has replaced (it reports its running total). */
  private workerRecycled = 0;
  /** Instances replaced to return memory, and workers replaced after a hang (for tests and benchmarks). */
  recycled = 0;
  /**
   * The most WASM memory one evaluation used (the top of OPA's heap after it, bytes). The
   * instance's memory is larger: room for the input's growth is reserved before an evaluation.
   */
  peakMemoryBytes = 0;
  /** Bytes of WASM memory the current instance holds (after the last evaluation). */
  memoryBytes = 0;

  /** Another engine of the same compiled module and options, with a worker thread of its own. */
  sibling(): WasmEngine {
    return new WasmEngine(this.module, this.bundleData, this.maximumPages, this.recycleAboveBytes, this.timeoutMs);
  }

  private constructor(
    private readonly module: WebAssembly.Module,
    private readonly bundleData: Record<string, unknown>,
    private readonly maximumPages: number,
    private readonly recycleAboveBytes: number,
    private readonly timeoutMs: ((inputBytes: number) => number) | undefined,
  ) {}

  /** Loads and compiles the bundle once. */
  static async load(options: EngineOptions = {}): Promise<WasmEngine> {
    const file = options.bundle ?? defaultBundle;
    const entries = readBundle(file);
    if (options.verification) {
      verifyBundle(entries, options.verification, file);
    } else if (isSigned(entries)) {
      throw new EngineError(`bundle ${file} is signed: give its public key (--verification-key) to verify it`);
    }
    const wasm = entries.get("policy.wasm");
    if (!wasm) throw new EngineError(`bundle ${file} has no /policy.wasm`);
    const data = JSON.parse(entries.get("data.json")?.toString("utf8") ?? "{}") as Record<string, unknown>;
    let module: WebAssembly.Module;
    try {
      module = await WebAssembly.compile(new Uint8Array(wasm));
    } catch (error) {
      throw new EngineError(`bundle ${file}: /policy.wasm does not compile: ${(error as Error).message}`);
    }
    const timeout = options.timeoutMs;
    return new WasmEngine(
      module,
      data,
      Math.floor((options.maxMemoryBytes ?? 2 * 1024 ** 3) / pageSize),
      options.recycleAboveBytes ?? 256 * 1024 ** 2,
      timeout === undefined ? undefined : typeof timeout === "number" ? () => timeout : timeout,
    );
  }

  /**
   * Evaluates an entrypoint (e.g. "transit_guard/main/decision") with the given input (JSON bytes,
   * or undefined for none) and caller data, and returns its single result. With more, the caller
   * evaluates the same input again next, and the instance is kept for it however large it grew.
   * Evaluations run one at a time, in the order asked.
   */
  evaluate<T>(entrypoint: string, input: ArrayBuffer | undefined, config: object, options: EvaluateOptions = {}): Promise<T> {
    const run = this.queue.then(() => this.run<T>(entrypoint, input, config, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Ends the worker (the engine starts a new one if asked to evaluate again). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    // An idle worker is unref'd; the process must still wait for it to stop, or a caller that
    // awaits close() last (bin.mjs's top-level await) can see the event loop empty first (exit 13).
    worker?.ref();
    await worker?.terminate();
  }

  private async run<T>(entrypoint: string, input: ArrayBuffer | undefined, config: object, options: EvaluateOptions): Promise<T> {
    const inputBytes = input?.byteLength ?? 0;
    const limitMs = (this.timeoutMs ?? defaultTimeoutMs)(inputBytes);
    const worker = this.started();
    const id = this.nextId++;
    worker.ref();
    const reply = await new Promise<Reply | Error>((settle) => {
      const timer = setTimeout(() => settle(new EngineError(`the embedded engine did not finish within ${duration(limitMs)} (stopped); opa eval or an OPA server with the same policies has no such limit`)), limitMs);
      this.pending = {
        id,
        settle: (value) => {
          clearTimeout(timer);
          settle(value);
        },
      };
      worker.postMessage({ id, entrypoint, input, config, part: options.part, more: options.more === true });
    });
    this.pending = undefined;
    if (reply instanceof Error) {
      // A hang, or a worker that died: the next evaluation gets a fresh worker.
      this.worker = undefined;
      this.recycled += 1;
      this.memoryBytes = 0;
      await worker.terminate();
      throw reply;
    }
    worker.unref();
    this.memoryBytes = reply.memoryBytes;
    this.recycled += reply.recycled - this.workerRecycled;
    this.workerRecycled = reply.recycled;
    if (reply.error !== undefined) {
      if (reply.tooLarge) {
        const limit = Math.round((this.maximumPages * pageSize) / 1024 ** 2);
        throw new EngineError(`input too large for the embedded engine (memory limit ${limit} MiB); opa eval or an OPA server with the same policies has no such limit`);
      }
      throw new EngineError(`the embedded engine failed: ${reply.error}`);
    }
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, reply.peakBytes ?? 0);
    const results = reply.result;
    if (!results || results.length !== 1) {
      throw new EngineError(`entrypoint ${entrypoint} returned no result`);
    }
    return results[0]!.result as T;
  }

  /** Starts the worker thread now (it boots while the caller goes on), instead of at the first evaluation. */
  start(): this {
    this.started();
    return this;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerScript, {
      workerData: {
        module: this.module,
        data: this.bundleData,
        initialPages: 16,
        maximumPages: this.maximumPages,
        recycleAboveBytes: this.recycleAboveBytes,
        growthFactor,
      },
    });
    worker.on("message", (reply: Reply) => {
      if (this.pending?.id === reply.id) this.pending.settle(reply);
    });
    worker.on("error", (error) => this.pending?.settle(new EngineError(`the embedded engine failed: ${String(error)}`)));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.pending?.settle(new EngineError(`the embedded engine stopped (exit ${code})`));
    });
    worker.unref();
    this.worker = worker;
    this.workerRecycled = 0;
    return worker;
  }
}
