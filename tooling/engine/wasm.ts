/**
 * The embedded engine: the only module that imports @open-policy-agent/opa-wasm. It loads the
 * compiled policy once, evaluates entrypoints, and bounds memory: WASM memory grows to tens of
 * times the input and is never returned, so an instance whose memory passed recycleAboveBytes is
 * replaced by a fresh one from the same compiled module, and no instance may grow past
 * maxMemoryBytes (the evaluation then fails closed with an EngineError).
 */
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { EngineError } from "../errors.ts";
import { isSigned, verifyBundle, type VerificationOptions } from "../bundle/verify.ts";
import { readBundle } from "./bundle.ts";
import { packagePath } from "../package-root.ts";

/** The compiled bundle shipped in the package (built by npm run build). */
export const defaultBundle = packagePath("bundle", "transit-guard.wasm.tar.gz");

const pageSize = 64 * 1024;

/**
 * WASM memory an evaluation needs per byte of (projected) input JSON, measured on generated plans:
 * about 40x for 1 000 and for 10 000 resource changes. Pages the evaluation never touches are not
 * resident, so headroom costs address space, not memory.
 */
const growthFactor = 64;

interface LoadedPolicy {
  mem: WebAssembly.Memory;
  evaluate(input: ArrayBuffer | undefined, entrypoint: string): Array<{ result: unknown }> | null;
  setData(data: ArrayBuffer): void;
}

type Load = (wasm: WebAssembly.Module, memory: WebAssembly.MemoryDescriptor) => Promise<LoadedPolicy>;

/** Options of the embedded engine. */
export interface EngineOptions {
  /** Path of the WASM bundle (.tar.gz with /policy.wasm and /data.json). */
  bundle?: string;
  /**
   * Verify the bundle's signature before anything of it is used (tooling/bundle/verify.ts). A
   * signed bundle is refused without this, as OPA refuses one without a verification key.
   */
  verification?: VerificationOptions;
  /** Hard limit of one instance's memory; larger inputs fail closed. Default 2 GiB. */
  maxMemoryBytes?: number;
  /** An instance whose memory grew past this is replaced after the evaluation. Default 256 MiB. */
  recycleAboveBytes?: number;
}

/** The compiled policy, ready to evaluate its entrypoints. */
export class WasmEngine {
  private instance: LoadedPolicy;
  private dataKey = "";
  /** How many times an instance was replaced to return memory (for tests and benchmarks). */
  recycled = 0;
  /** The most memory an instance held at the end of an evaluation, recycled or not (bytes). */
  peakMemoryBytes = 0;

  private constructor(
    private readonly module: WebAssembly.Module,
    private readonly bundleData: Record<string, unknown>,
    private readonly memory: WebAssembly.MemoryDescriptor,
    private readonly recycleAboveBytes: number,
    first: LoadedPolicy,
  ) {
    this.instance = first;
  }

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
    const memory = {
      initial: 16,
      maximum: Math.floor((options.maxMemoryBytes ?? 2 * 1024 ** 3) / pageSize),
    };
    const first = await (loadPolicy as unknown as Load)(module, { ...memory });
    return new WasmEngine(module, data, memory, options.recycleAboveBytes ?? 256 * 1024 ** 2, first);
  }

  /** Bytes of WASM memory the current instance holds. */
  get memoryBytes(): number {
    return this.instance.mem.buffer.byteLength;
  }

  /**
   * Evaluates an entrypoint (e.g. "transit_guard/main/decision") with the given input (JSON bytes,
   * or undefined for none) and caller data, and returns its single result. With more, the caller
   * evaluates the same input again next, and the instance is kept for it however large it grew.
   */
  async evaluate<T>(
    entrypoint: string,
    input: ArrayBuffer | undefined,
    config: object,
    options: { more?: boolean } = {},
  ): Promise<T> {
    await this.fit(input?.byteLength ?? 0);
    this.applyData(config);
    let results: Array<{ result: unknown }> | null;
    try {
      results = this.instance.evaluate(input, entrypoint);
    } catch (error) {
      await this.recycle();
      // A memory.grow past the maximum surfaces as a RangeError (the SDK's grow) or as OPA's own
      // allocator giving up inside the module.
      if (error instanceof RangeError || /opa_malloc/.test(String(error))) {
        const limit = Math.round(((this.memory.maximum ?? 0) * pageSize) / 1024 ** 2);
        throw new EngineError(`input too large for the embedded engine (memory limit ${limit} MiB); opa eval or an OPA server with the same policies has no such limit`);
      }
      throw new EngineError(`the embedded engine failed: ${String(error)}`);
    }
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, this.memoryBytes);
    if (!options.more && this.memoryBytes > this.recycleAboveBytes) await this.recycle();
    if (!results || results.length !== 1) {
      throw new EngineError(`entrypoint ${entrypoint} returned no result`);
    }
    return results[0]!.result as T;
  }

  /**
   * Gives the evaluation of an input of inputBytes an instance with room for it from the start:
   * an instance that grows page by page makes V8 collect garbage at every step (57 full
   * collections, 0.6 s, on a 1 000-resource plan).
   */
  private async fit(inputBytes: number): Promise<void> {
    const maximum = this.memory.maximum ?? this.memory.initial;
    const pages = Math.min(maximum, Math.max(this.memory.initial, Math.ceil((inputBytes * growthFactor) / pageSize)));
    if (this.memoryBytes / pageSize < pages) await this.replace(pages);
  }

  private applyData(config: object): void {
    const key = JSON.stringify(config);
    if (key === this.dataKey) return;
    const data = JSON.stringify({ ...this.bundleData, transit_guard_config: config });
    this.instance.setData(new TextEncoder().encode(data).buffer as ArrayBuffer);
    this.dataKey = key;
  }

  /** Returns the memory of an instance that grew past recycleAboveBytes (or failed). */
  private async recycle(): Promise<void> {
    await this.replace(this.memory.initial);
    this.recycled += 1;
  }

  private async replace(pages: number): Promise<void> {
    this.instance = await (loadPolicy as unknown as Load)(this.module, { ...this.memory, initial: pages });
    this.dataKey = "";
  }
}
