// The embedded engine's worker thread: the only code that runs the compiled policy
// (@open-policy-agent/opa-wasm). tooling/engine/wasm.ts starts it, sends evaluations and
// terminates it when one does not finish in time, so a WASM evaluation that hangs costs one
// document, never the process. Plain JavaScript, so that it runs the same from tooling/ (tsx),
// dist/ and bundle/cli.mjs without a build step.
//
// workerData: { module: WebAssembly.Module, data: object, initialPages, maximumPages,
//               recycleAboveBytes, growthFactor }
// request:  { id, entrypoint, input: ArrayBuffer | undefined, config, part, more }
//           (config becomes data.transit_guard_config, part data.transit_guard_part)
// reply:    { id, result, memoryBytes, peakBytes (heap used), recycled } or { id, error, tooLarge, memoryBytes }
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const { loadPolicy } = createRequire(import.meta.url)("@open-policy-agent/opa-wasm");

const pageSize = 64 * 1024;
const { module, data, initialPages, maximumPages, recycleAboveBytes, growthFactor } = workerData;

let instance = await loadPolicy(module, { initial: initialPages, maximum: maximumPages });
/** The data of the instance (set again only when it changes). */
let dataText = "";
let recycled = 0;

const memoryBytes = () => instance.mem.buffer.byteLength;

// An instance that grows page by page makes V8 collect garbage at every step (growing it in place
// once is as slow): give the evaluation room for the input from the start, in a new instance
// (pages it never touches are not resident). The room is a power of two of pages, so that inputs
// of about one size (the slices of a large plan) share one instance: each instance replaced keeps
// the memory it touched until this thread's garbage collector gets to it, which is seldom.
async function fit(inputBytes) {
  const needed = Math.ceil((inputBytes * growthFactor) / pageSize);
  const pages = Math.min(maximumPages, Math.max(initialPages, 2 ** Math.ceil(Math.log2(Math.max(needed, 1)))));
  if (memoryBytes() / pageSize < pages) await replace(pages);
}

async function replace(pages) {
  instance = await loadPolicy(module, { initial: pages, maximum: maximumPages });
  dataText = "";
}

function applyData(config, part) {
  const text = JSON.stringify({ ...data, transit_guard_config: config, ...(part === undefined ? {} : { transit_guard_part: part }) });
  if (text === dataText) return;
  instance.setData(new TextEncoder().encode(text).buffer);
  dataText = text;
}

// A fresh instance, to return the memory a large evaluation grew (released when this thread's
// garbage collector gets to the old one).
async function recycle() {
  await replace(initialPages);
  recycled += 1;
}

parentPort.on("message", async ({ id, entrypoint, input, config, part, more }) => {
  let results;
  try {
    await fit(input?.byteLength ?? 0);
    applyData(config, part);
    results = instance.evaluate(input, entrypoint);
  } catch (error) {
    const used = memoryBytes();
    await recycle();
    // A memory.grow past the maximum surfaces as a RangeError (the SDK's grow) or as OPA's own
    // allocator giving up inside the module.
    const tooLarge = error instanceof RangeError || /opa_malloc/.test(String(error));
    parentPort.postMessage({ id, error: String(error), tooLarge, memoryBytes: used, recycled });
    return;
  }
  // What the evaluation used: the top of OPA's heap (it only grows within an evaluation). The
  // memory's size is larger: fit() reserves room for the input's growth up front.
  const peakBytes = instance.wasmInstance.exports.opa_heap_ptr_get();
  if (!more && memoryBytes() > recycleAboveBytes) await recycle();
  parentPort.postMessage({ id, result: results, memoryBytes: memoryBytes(), peakBytes, recycled });
});
