/**
 * The embedded engine's bounds: every evaluation has a time limit (a hang costs one document an
 * error, never the run), one document that fails never hides the others, and the defect of the
 * WASM that the pinned OPA compiles (docs/opa-wasm-defects.md) is reproduced against that OPA, so
 * that an upgrade that fixes it is noticed.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import { WasmEngine } from "../tooling/engine/wasm.ts";
import { EngineError, InputErrors } from "../tooling/errors.ts";
import { repoRoot, toolPath } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const patterns = (n: number) => Array.from({ length: n }, (_, i) => `^sagemaker:create${i}.*$`);
const subjects = ["sagemaker:create1job", "x", "y"];
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer;

const temp = suiteTempDir("engine");
let dir: string;
let bundle: string;

beforeAll(() => {
  dir = temp();
  bundle = path.join(dir, "repro.tar.gz");
  execFileSync(toolPath("opa"), ["build", "-t", "wasm", "-e", "repro/result", "-o", bundle, path.join(repoRoot, "test/engine/regex-cache.rego")]);
});


describe("the regex cache defect of the pinned OPA's WASM", () => {
  it("opa eval answers with 100 distinct patterns", () => {
    const input = path.join(dir, "input.json");
    writeFileSync(input, JSON.stringify({ patterns: patterns(100), subjects }));
    const out = execFileSync(toolPath("opa"), ["eval", "-f", "raw", "-d", path.join(repoRoot, "test/engine/regex-cache.rego"), "-i", input, "data.repro.result"], { encoding: "utf8" });
    expect(out.trim()).toBe("1");
  });

  it("the WASM answers with 99 distinct patterns and does not finish with 100; the time bound stops it", async () => {
    const engine = await WasmEngine.load({ bundle, timeoutMs: 3_000 });
    try {
      expect(await engine.evaluate("repro/result", bytes({ patterns: patterns(99), subjects }), {})).toBe(1);
      // If this starts to answer 1, the pinned OPA fixed the defect: lib/wildcard may go back to
      // regex.match, and docs/opa-wasm-defects.md should say from which version.
      const hang = engine.evaluate("repro/result", bytes({ patterns: patterns(100), subjects }), {});
      await expect(hang).rejects.toThrow(EngineError);
      await expect(hang).rejects.toThrow(/did not finish within 3 s|the embedded engine failed/);
      // A fresh worker serves the next evaluation.
      expect(await engine.evaluate("repro/result", bytes({ patterns: patterns(3), subjects }), {})).toBe(1);
    } finally {
      await engine.close();
    }
  }, 30_000);
});

describe("json.is_valid of a boolean text in the pinned OPA's WASM", () => {
  it("corrupts memory where opa eval answers true (defect 2)", async () => {
    const built = path.join(dir, "json.tar.gz");
    const rego = path.join(repoRoot, "test/engine/json-is-valid.rego");
    execFileSync(toolPath("opa"), ["build", "-t", "wasm", "-e", "repro_json/result", "-o", built, rego]);
    const input = path.join(dir, "text.json");
    writeFileSync(input, JSON.stringify({ text: "true" }));
    const out = execFileSync(toolPath("opa"), ["eval", "-f", "raw", "-d", rego, "-i", input, "data.repro_json.result"], { encoding: "utf8" });
    expect(out.trim()).toBe("true");
    const engine = await WasmEngine.load({ bundle: built, timeoutMs: 10_000 });
    try {
      expect(await engine.evaluate("repro_json/result", bytes({ text: "{}" }), {})).toBe(true);
      // If this starts to answer true, the pinned OPA fixed the defect: lib/iam and
      // lib/embedded may drop their guard, and docs/opa-wasm-defects.md should say so.
      await expect(engine.evaluate("repro_json/result", bytes({ text: "true" }), {})).rejects.toThrow(/memory access out of bounds/);
    } finally {
      await engine.close();
    }
  });
});

describe("one document never hides the others", () => {
  it("reports the engine's failure for its document and checks every other document", async () => {
    const checker = await Checker.create({ maxMemoryBytes: 8 * 1024 * 1024 });
    const plan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");
    const big = JSON.parse(readFileSync(plan, "utf8")) as { resource_changes: unknown[] };
    big.resource_changes = Array.from({ length: 400 }, () => big.resource_changes).flat().map((change, i) => ({
      ...(change as object),
      address: `aws_s3_bucket.padding${i}`,
      type: "aws_s3_bucket",
      name: `padding${i}`,
    }));
    try {
      const run = checker.check([plan, { filename: "big.json", content: big as unknown as Record<string, unknown> }, plan], { config: { profiles: [] } });
      const error = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputErrors);
      const errors = error as InputErrors;
      expect(errors.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^big\.json: input too large for the embedded engine \(memory limit 8 MiB\)/)]);
      expect(errors.report?.results.map((r) => [r.filename, r.failures.length, r.warnings.length])).toEqual([
        [plan, 1, 1],
        [plan, 1, 1],
      ]);
    } finally {
      await checker.close();
    }
  }, 60_000);
});

describe("the time bound", () => {
  it("stops one document's evaluation and checks the others", async () => {
    // A bound that only the large document exceeds, whatever the machine's speed.
    const checker = await Checker.create({ timeoutMs: (bytes) => (bytes > 200_000 ? 1 : 60_000) });
    const plan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");
    const big = JSON.parse(readFileSync(plan, "utf8")) as { resource_changes: object[] };
    big.resource_changes = Array.from({ length: 2000 }, (_, i) => ({
      ...(big.resource_changes[0] as object),
      address: `aws_sagemaker_training_job.copy${i}`,
      name: `copy${i}`,
    }));
    try {
      const error = await checker
        .check([{ filename: "big.json", content: big as unknown as Record<string, unknown> }, plan], { config: { profiles: [] } })
        .then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InputErrors);
      expect((error as InputErrors).errors.map((e) => e.message)).toEqual([
        "big.json: the embedded engine did not finish within 1 ms (stopped); opa eval or an OPA server with the same policies has no such limit",
      ]);
      expect((error as InputErrors).report?.results.map((r) => r.filename)).toEqual([plan]);
    } finally {
      await checker.close();
    }
  });
});
