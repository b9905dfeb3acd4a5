import { Checker } from "../check.ts";
import { project } from "../inputs/project.ts";
import { readSource, parseSource } from "../inputs/read.ts";
import type { Projection } from "../types.ts";
const [doc] = parseSource(readSource(`/work/main/.bench/plan-50000.tfplan.json`));
for (const opts of [{}, { recycleAboveBytes: Number.MAX_SAFE_INTEGER }, {}, { recycleAboveBytes: Number.MAX_SAFE_INTEGER }]) {
  const checker = await Checker.create(opts);
  const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
  const p = project(doc!.value, projection);
  const input = new TextEncoder().encode(JSON.stringify(p)).buffer as ArrayBuffer;
  for (let i = 0; i < 2; i++) {
    let s = performance.now();
    await checker.engine.evaluate("transit_guard/main/document_kind", input, { profiles: [] });
    const kind = performance.now() - s;
    s = performance.now();
    await checker.engine.evaluate("transit_guard/main/decision", input, { profiles: [] });
    const dec = performance.now() - s;
    console.log(JSON.stringify(opts), "kind", kind.toFixed(1), "decision", dec.toFixed(1), "mem", checker.engine.memoryBytes);
  }
}
