/** Unit tests of the TypeScript side: parsing, projection, exit codes, and the engine's memory bounds. */
import { readFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import type { DocumentResult } from "../tooling/check.ts";
import { conftestExitCode as exitCode } from "../tooling/check.ts";
import { WasmEngine } from "../tooling/engine/wasm.ts";
import { EngineError, InputError } from "../tooling/errors.ts";
import { project } from "../tooling/inputs/project.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import type { Decision, Finding, Projection } from "../tooling/types.ts";
import { repoRoot } from "./helpers/repo.ts";

const examplePlan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");

describe("parseSource", () => {
  it("reads JSON, and YAML with several documents", () => {
    expect(parseSource({ file: "a.json", text: '{"a": 1}' })[0]!.value).toEqual({ a: 1 });
    const docs = parseSource({ file: "b.yaml", text: "a: 1\n---\nb: 2\n---\n" });
    expect(docs.map((d) => [d.index, d.value])).toEqual([[0, { a: 1 }], [1, { b: 2 }]]);
  });

  it("sniffs JSON from content when the name says nothing", () => {
    expect(parseSource({ file: "-", text: ' {"a": true}' })[0]!.value).toEqual({ a: true });
  });

  it.each([
    ["empty.json", "  \n", "empty.json: is empty"],
    ["bad.json", '{"a": }', "bad.json:1:7: invalid JSON"],
    ["cut.json", '{"a": [1,', "cut.json:1:10: invalid JSON"],
    ["scalar.yaml", "just text\n", "scalar.yaml: the document is a string; expected an object"],
    ["comments.yaml", "# nothing here\n", "comments.yaml: holds no document"],
  ])("refuses %s with file and location", (file, text, message) => {
    expect(() => parseSource({ file, text })).toThrow(InputError);
    expect(() => parseSource({ file, text })).toThrow(message);
  });
});

describe("project", () => {
  const projection: Projection = {
    envelopes: [[], ["plan"]],
    drop: [["planned_values"], ["configuration", "root_module"]],
    filter: { path: ["resource_changes"], field: "type", keep: ["aws_sagemaker_training_job"] },
  };
  const plan = {
    format_version: "1.2",
    planned_values: { root_module: {} },
    configuration: { provider_config: { aws: {} }, root_module: { resources: [] } },
    resource_changes: [{ type: "aws_s3_bucket" }, { type: "aws_sagemaker_training_job" }],
  };

  it("drops what the policies never read, bare or in an envelope", () => {
    const expected = {
      format_version: "1.2",
      configuration: { provider_config: { aws: {} } },
      resource_changes: [{ type: "aws_sagemaker_training_job" }],
    };
    expect(project(plan, projection)).toEqual(expected);
    expect(project({ plan, run: { id: "r" } }, projection)).toEqual({ plan: expected, run: { id: "r" } });
  });

  it("never changes its argument, and leaves other documents alone", () => {
    const copy = structuredClone(plan);
    project(plan, projection);
    expect(plan).toEqual(copy);
    const body = { TrainingJobName: "x", ResourceConfig: { InstanceCount: 2 } };
    expect(project(body, projection)).toEqual(body);
  });
});

describe("exitCode (conftest semantics)", () => {
  const result = (failures: number, warnings: number) =>
    ({ failures: Array(failures).fill({}), warnings: Array(warnings).fill({}) }) as unknown as DocumentResult;
  it.each([
    [0, 0, false, 0], [1, 0, false, 1], [0, 1, false, 0], [1, 1, false, 1],
    [0, 0, true, 0], [1, 0, true, 2], [0, 1, true, 1], [1, 1, true, 2],
  ])("failures %i, warnings %i, --fail-on-warn %s -> %i", (f, w, failOnWarn, code) => {
    expect(exitCode([result(f, w)], failOnWarn)).toBe(code);
  });
});

describe("WasmEngine memory", () => {
  let input: ArrayBuffer;
  beforeAll(() => {
    input = new TextEncoder().encode(readFileSync(examplePlan, "utf8")).buffer as ArrayBuffer;
  });
  const ids = (d: Decision) => [...d.deny, ...d.warn].map((f: Finding) => `${f.id} ${f.resource}`).sort();

  it("recycles an instance whose memory grew past the threshold, with the same results", async () => {
    const engine = await WasmEngine.load({ recycleAboveBytes: 1 });
    const first = await engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles: [] });
    const second = await engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles: [] });
    expect(engine.recycled).toBe(2);
    expect(ids(second)).toEqual(ids(first));
    expect(ids(first)).toHaveLength(2);
  });

  it("fails closed when an input needs more memory than the limit", async () => {
    const engine = await WasmEngine.load({ maxMemoryBytes: 2 * 1024 * 1024 });
    const big = new TextEncoder().encode(JSON.stringify({ padding: "x".repeat(4 * 1024 * 1024) })).buffer as ArrayBuffer;
    await expect(engine.evaluate("transit_guard/main/decision", big, {})).rejects.toThrow(EngineError);
    await expect(engine.evaluate("transit_guard/main/decision", big, {})).rejects.toThrow(/memory limit 2 MiB/);
    // and the engine still works afterwards
    const ok = await engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles: [] });
    expect(ids(ok)).toHaveLength(2);
  });

  it("keeps memory bounded across many evaluations", async () => {
    const engine = await WasmEngine.load({ recycleAboveBytes: 64 * 1024 * 1024 });
    for (let i = 0; i < 50; i++) await engine.evaluate("transit_guard/main/decision", input, { profiles: [] });
    expect(engine.memoryBytes).toBeLessThanOrEqual(64 * 1024 * 1024 + 16 * 1024 * 1024);
  });
});
