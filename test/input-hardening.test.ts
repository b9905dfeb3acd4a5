/**
 * Inputs that JSON.parse, the yaml library or a naive tar reader take differently from OPA, or
 * that the embedded engine cannot take at all: each gets OPA's answer, or one line naming the
 * file and the place (exit 2), never a stack trace or an "internal error".
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";

import { beforeAll, describe, expect, it } from "vitest";
import { isMap, isSeq, parseDocument } from "yaml";

import { Checker } from "../tooling/check.ts";
import { run } from "../tooling/cli/main.ts";
import { readBundle } from "../tooling/engine/tarball.ts";
import { defaultBundle } from "../tooling/engine/wasm.ts";
import { InputError } from "../tooling/errors.ts";
import { jsonErrorOffset, jsonPathOffset } from "../tooling/inputs/json-offset.ts";
import { maxNesting, numberProblem, replaceLoneSurrogates, strictJsonProblem } from "../tooling/inputs/json-strict.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import { maxAliasExpansion } from "../tooling/inputs/yaml-strict.ts";
import { verifyBundle } from "../tooling/opa-bundle/verify.ts";
import type { Decision, Finding } from "../tooling/types.ts";
import { corpusFiles } from "./helpers/documents.ts";
import { allFixtures, repoRoot, toolPath } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const temp = suiteTempDir("input-hardening");
let tmp: string;
beforeAll(() => {
  tmp = temp();
});

interface Transcript {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process; `stdin` is given as standard input. */
async function cli(args: string[], stdin?: string): Promise<Transcript> {
  let stdout = "";
  let stderr = "";
  const exitCode = await run(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: Readable.from(stdin === undefined ? [] : [Buffer.from(stdin, "utf8")]),
    isTTY: false,
    env: { NO_COLOR: "1" },
  });
  return { exitCode, stdout, stderr };
}

/** `transit-guard check --stdin-filename <name> -` on a text: the name is what the line reports. */
const checkText = (name: string, text: string) => cli(["check", "--stdin-filename", name, "-"], text);

/** The transcript of an input error: exit 2, nothing on standard output, exactly this one line. */
function refused(t: Transcript, line: string): void {
  expect(t, line).toEqual({ exitCode: 2, stdout: "", stderr: `transit-guard: ${line}\n` });
}

/** "line:column" (1-based) of an offset, computed here independently of the loader. */
function at(text: string, offset: number): string {
  const lines = text.slice(0, offset).split("\n");
  return `${lines.length}:${lines[lines.length - 1]!.length + 1}`;
}

/** A CreateTrainingJob request body (4 instances, encryption flag as given). */
function trainingJob(name: string, encrypted?: boolean): Record<string, unknown> {
  return {
    TrainingJobName: name,
    AlgorithmSpecification: {
      TrainingImage: "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311",
      TrainingInputMode: "File",
    },
    RoleArn: "arn:aws:iam::123456789012:role/SageMakerTrainingRole",
    OutputDataConfig: { S3OutputPath: "s3://ml-output/bert/" },
    ResourceConfig: { InstanceType: "ml.p4d.24xlarge", InstanceCount: 4, VolumeSizeInGB: 200 },
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    ...(encrypted === undefined ? {} : { EnableInterContainerTrafficEncryption: encrypted }),
  };
}

const examplePlanText = () => readFileSync(path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json"), "utf8");

const config = { profiles: [] as string[], waivers: [], today: "2026-06-01" };

/** data.transit_guard.main.decision of `opa eval` with the file as input, as OPA reads the file. */
function opaDecision(file: string): Decision {
  const data = path.join(tmp, "opa-config.json");
  writeFileSync(data, JSON.stringify({ transit_guard_config: config }));
  const result = spawnSync(
    toolPath("opa"),
    ["eval", "--format", "json", "--data", data, "--data", "policies", "--ignore", "fixtures", "--ignore", "*_test.rego",
      "--input", file, "data.transit_guard.main.decision"],
    { cwd: repoRoot, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`opa eval failed: ${result.stderr}`);
  const output = JSON.parse(result.stdout) as { result: { expressions: { value: Decision }[] }[] };
  return output.result[0]!.expressions[0]!.value;
}

const findings = (list: Finding[]) => list.map((f) => ({ id: f.id, resource: f.resource, msg: f.msg })).sort((a, b) => a.msg.localeCompare(b.msg));

/** The embedded engine's findings for a text given in memory, against opa eval's for the same text in a file. */
async function bothEngines(name: string, text: string) {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  const checker = await Checker.create();
  const report = await checker.check([{ filename: name, content: text }], { config });
  const [result] = report.results;
  const opa = opaDecision(file);
  return {
    embedded: { deny: findings(result!.failures), warn: findings(result!.warnings) },
    opa: { deny: findings(opa.deny), warn: findings(opa.warn) },
  };
}

describe("duplicate JSON keys", () => {
  it("a flag given false and then true is refused where JSON.parse would keep true", async () => {
    const text = JSON.stringify(trainingJob("bert"), null, 2).replace(
      '"TrainingJobName": "bert",\n',
      '"TrainingJobName": "bert",\n  "EnableInterContainerTrafficEncryption": false,\n  "EnableInterContainerTrafficEncryption": true,\n',
    );
    const second = text.lastIndexOf('"EnableInterContainerTrafficEncryption"');
    expect(at(text, second)).toBe("4:3");
    refused(await checkText("job.json", text), 'job.json:4:3: duplicate key "EnableInterContainerTrafficEncryption"');
  });

  it("a second, empty resource_changes cannot hide the jobs of the first", async () => {
    const text = examplePlanText().replace(/\n}\s*$/, ',\n  "resource_changes": []\n}\n');
    const line = at(text, text.lastIndexOf('"resource_changes"'));
    refused(await checkText("plan.json", text), `plan.json:${line}: duplicate key "resource_changes"`);
    // The same file named on the command line: the line names the path given.
    const file = path.join(tmp, "plan.json");
    writeFileSync(file, text);
    refused(await cli(["check", file]), `${file}:${line}: duplicate key "resource_changes"`);
  });

  it("keys are compared as JSON.parse decodes them, in objects of any size, and only within one object", () => {
    const problem = (text: string) => strictJsonProblem(text);
    expect(problem('{"a": 1, "\\u0061": 2}')).toEqual({ offset: 9, reason: 'duplicate key "a"' });
    expect(problem('{"a\\"b": 1, "a\\\\": 2, "x": "\\\\", "y": "\\"", "a\\"b": 3}')?.reason).toBe('duplicate key "a\\"b"');
    expect(problem('{"a\\"b": 1, "a\\\\": 2, "x": "\\\\", "y": "\\"", "z": {"a\\"b": 3}}')).toBeUndefined();
    expect(problem('{"a": {"b": 1}, "b": {"a": 1, "b": [{"a": 1, "b": 2}, {"a": 1}]}, "c": "a"}')).toBeUndefined();
    expect(problem('[{"a": 1}, {"a": 2}, {"": 1, "": 2}]')).toEqual({ offset: 29, reason: 'duplicate key ""' });
    // Same length and same first and last character: told apart character by character.
    expect(problem('{"abc": 1, "axc": 2, "abc ": 3}')).toBeUndefined();
    expect(problem('{"abc": 1, "axc": 2, "abc": 3}')).toEqual({ offset: 21, reason: 'duplicate key "abc"' });
    // An object large enough for the hash index, with its duplicate last and first.
    const keys = Array.from({ length: 5000 }, (_, i) => `"key-${i % 7}-${i}": ${i}`);
    expect(problem(`{${keys.join(",")}}`)).toBeUndefined();
    const last = `{${keys.join(",")},"key-2-1234": 0}`;
    expect(problem(last)).toEqual({ offset: last.lastIndexOf('"key-2-1234"'), reason: 'duplicate key "key-2-1234"' });
    const first = `{${keys.join(",")},"key-0-0": 0}`;
    expect(problem(first)).toEqual({ offset: first.lastIndexOf('"key-0-0"'), reason: 'duplicate key "key-0-0"' });
    // A key with escapes equal to one without, in an indexed object.
    const escaped = `{${keys.join(",")},"key-\\u0032-1234": 0}`;
    expect(problem(escaped)?.reason).toBe('duplicate key "key-2-1234"');
    // A long key is shown shortened.
    const long = "k".repeat(200);
    expect(problem(`{"${long}": 1, "${long}": 2}`)?.reason).toBe(`duplicate key "${"k".repeat(75)}…"`);
  });

  it("random documents: found exactly when a member repeats a key of its own object", () => {
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
    const names = ["a", "b", "ab", "ba", "a\"", "\\", "é", "\u2028", "😀", "k1", "k2", "k10", "a b", ""];
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.3) return pick([1, -2.5e-3, "x", "\\\"", true, null, 1e21]);
      if (r < 0.55) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 6); i > 0; i--) object[pick(names)] = value(depth + 1);
      return object;
    };
    for (let round = 0; round < 300; round++) {
      const document = { root: value(0), [pick(names)]: value(1) };
      const text = JSON.stringify(document, null, round % 2 === 0 ? 2 : undefined);
      expect(strictJsonProblem(text), text).toBeUndefined();
      // Repeat the first key of the first object found at a random "{": a duplicate of its own object.
      const opens = [...text.matchAll(/\{\s*"((?:[^"\\]|\\.)*)":/g)];
      const chosen = pick(opens);
      const insertAt = chosen.index! + 1;
      const duplicated = `${text.slice(0, insertAt)}"${chosen[1]}": 0, ${text.slice(insertAt)}`;
      expect(strictJsonProblem(duplicated)?.reason, duplicated).toBe(`duplicate key ${JSON.stringify(JSON.parse(`"${chosen[1]}"`))}`);
    }
  });

  it("no fixture, example or corpus file has one", () => {
    const files = [...allFixtures(), ...corpusFiles()].filter((file) => file.endsWith(".json"));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      try {
        JSON.parse(text);
      } catch {
        continue;
      }
      expect(strictJsonProblem(text), file).toBeUndefined();
    }
  });

  it("stays linear: one object of 300 000 keys, and 300 000 small objects", () => {
    const wide = `{${Array.from({ length: 300_000 }, (_, i) => `"k${i}":${i}`).join(",")}}`;
    const many = `[${Array.from({ length: 300_000 }, (_, i) => `{"name":"n${i}","type":"t","values":{"a":1,"b":[1,2]}}`).join(",")}]`;
    for (const text of [wide, many]) {
      const started = performance.now();
      expect(strictJsonProblem(text)).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(10_000);
    }
  });

  it("YAML duplicate keys stay refused by the yaml library", async () => {
    refused(await checkText("job.yaml", "TrainingJobName: a\nTrainingJobName: b\n"), "job.yaml:2:1: invalid YAML: Map keys must be unique");
  });
});

describe("duplicate resource addresses in a Terraform plan", () => {
  const plan = () => JSON.parse(examplePlanText()) as { resource_changes: Array<Record<string, unknown>> };

  it("two changes of one address are refused, naming the change, where the engine hit an object conflict", async () => {
    const value = plan();
    const job = value.resource_changes.findIndex((change) => change.type === "aws_sagemaker_training_job");
    const copy = structuredClone(value.resource_changes[job]!);
    (copy.change as { after: Record<string, unknown> }).after.enable_inter_container_traffic_encryption = true;
    value.resource_changes.push(copy);
    const text = `${JSON.stringify(value, null, 2)}\n`;
    const index = value.resource_changes.length - 1;
    const offset = text.lastIndexOf("\n    {", text.lastIndexOf(`"address": "${copy.address as string}"`)) + 5;
    refused(
      await checkText("plan.json", text),
      `plan.json:${at(text, offset)}: resource_changes[${index}]: duplicate resource address "${copy.address as string}" (as resource_changes[${job}])`,
    );
  });

  it("also when the copies are equal, and in HCP Terraform's envelope", async () => {
    const value = plan();
    value.resource_changes.push(structuredClone(value.resource_changes[0]!));
    const text = JSON.stringify({ plan: value });
    const index = value.resource_changes.length - 1;
    const address = value.resource_changes[0]!.address as string;
    refused(
      await checkText("hcp.json", text),
      `hcp.json:1:${jsonPathOffset(text, ["plan", "resource_changes", String(index)])! + 1}: plan.resource_changes[${index}]: duplicate resource address "${address}" (as plan.resource_changes[0])`,
    );
  });

  it("the JSON locator finds what reading the text as YAML found, without reading it as YAML", () => {
    const pretty = examplePlanText();
    const compact = JSON.stringify({ "a\"b": { "c/d": [1, { e: "\\" }] }, ...JSON.parse(pretty) });
    const paths = [
      [],
      ["resource_changes"],
      ["resource_changes", "3"],
      ["resource_changes", "3", "change", "after", "resource_config", "0", "instance_count"],
      ["format_version"],
      ["planned_values", "root_module", "resources", "1", "values", "policy"],
      ['a"b', "c/d", "1", "e"],
    ];
    for (const text of [pretty, compact]) {
      const asYaml = parseDocument(text);
      for (const segments of paths) {
        let node: unknown = asYaml.contents;
        for (const segment of segments) {
          if (isMap(node)) node = node.get(segment, true);
          else if (isSeq(node)) node = node.get(Number(segment), true);
          else node = undefined;
        }
        const range = (node as { range?: number[] } | undefined)?.range;
        if (text === compact || segments[0] !== 'a"b') expect(range, segments.join("/")).toBeDefined();
        if (range) expect(jsonPathOffset(text, segments), segments.join("/")).toBe(range[0]);
      }
    }
    // Where the path goes on beyond the text: the deepest value on the way.
    expect(jsonPathOffset('{"a": {"b": 1}}', ["a", "x", "y"])).toBe(6);
    expect(jsonPathOffset('{"a": [1, 2]}', ["a", "5"])).toBe(6);
    expect(jsonPathOffset("no json", ["a"])).toBeUndefined();
  });
});

describe("numbers and strings the engine would read differently from OPA", () => {
  it("an instance count beyond 2^53 is refused with its line (the engine stopped on it)", async () => {
    const literal = "123456789012345678901234567890";
    const text = JSON.stringify(trainingJob("bert"), null, 2).replace('"InstanceCount": 4', `"InstanceCount": ${literal}`);
    refused(
      await checkText("job.json", text),
      `job.json:${at(text, text.indexOf(literal))}: number ${literal} cannot be read exactly (integers beyond ±2^53 lose digits)`,
    );
    const huge = text.replace(literal, "1e400");
    refused(await checkText("job.json", huge), `job.json:${at(huge, huge.indexOf("1e400"))}: number 1e400 is out of range (larger than a 64-bit float)`);
  });

  it("numbers that a 64-bit float holds exactly pass, whatever their notation", () => {
    for (const literal of ["0", "-0", "4", "9007199254740991", "-9007199254740991", "1152921504606846976", "1e20", "1E+21", "12.5e3", "0.1", "1.0", "-2.5e-300", "1e22", "-4.5e21"]) {
      expect(numberProblem(literal), literal).toBeUndefined();
    }
    // A literal whose value is an integer beyond 2^53 that the float does not hold, however written.
    for (const literal of ["9007199254740993", "123456789012345678901234567890", "1.5e300", "12345678901234567.5", "1.7976931348623157e308"]) {
      expect(numberProblem(literal), literal).toMatch(/cannot be read exactly/);
    }
    expect(numberProblem("-1e999")).toMatch(/out of range/);
    expect(parseSource({ file: "n.json", text: '{"a": 1152921504606846976, "b": [1e20, 0.30000000000000004]}' })[0]!.value).toEqual({
      a: 1152921504606846976,
      b: [1e20, 0.30000000000000004],
    });
  });

  it("a lone surrogate is read as U+FFFD, as OPA reads it: the findings equal opa eval's", async () => {
    const text = JSON.stringify(trainingJob("bert-\ud800-job"), null, 2);
    expect(text).toContain('"bert-\\ud800-job"');
    const { embedded, opa } = await bothEngines("surrogate.json", text);
    expect(embedded.deny.map((f) => f.resource)).toEqual(["bert-\ufffd-job"]);
    expect(embedded).toEqual(opa);
  });

  it("the same for lone surrogates in keys, low ones, and next to a valid pair", async () => {
    const job = { ...trainingJob("x\udc00\ud83d\ude00\ud800"), Tags: [{ Key: "k\ud800", Value: "v" }] };
    const { embedded, opa } = await bothEngines("surrogates.json", JSON.stringify(job));
    expect(embedded.deny.map((f) => f.resource)).toEqual(["x\ufffd\ud83d\ude00\ufffd"]);
    expect(embedded).toEqual(opa);
  });

  it("replaceLoneSurrogates keeps pairs, escaped backslashes and the length", () => {
    const cases: Array<[string, string]> = [
      ['"\\ud800"', '"\\ufffd"'],
      ['"\\uDC00\\uD800"', '"\\ufffd\\ufffd"'],
      ['"\\ud83d\\ude00"', '"\\ud83d\\ude00"'],
      ['"\\ud800\\ud83d\\ude00"', '"\\ufffd\\ud83d\\ude00"'],
      ['"\\\\ud800"', '"\\\\ud800"'],
      ['"\\\\\\ud800"', '"\\\\\\ufffd"'],
      ['"\\ud800\\\\udc00"', '"\\ufffd\\\\udc00"'],
      ['"\\u0041\\n"', '"\\u0041\\n"'],
      ['"raw \ud800 and \udc00"', '"raw \ufffd and \ufffd"'],
    ];
    for (const [input, output] of cases) {
      const result = replaceLoneSurrogates(input);
      expect(result, input).toBe(output);
      expect(result.length).toBe(input.length);
    }
    const plain = '{"a": "\\u00e9"}';
    expect(replaceLoneSurrogates(plain)).toBe(plain);
  });

  it("in YAML, where OPA refuses a lone surrogate and an infinity, both are refused with their line", async () => {
    refused(
      await checkText("job.yaml", 'TrainingJobName: "x\\ud800"\n'),
      "job.yaml:1:18: invalid YAML: a string holds a lone surrogate (\\ud800-\\udfff), which is no character",
    );
    refused(await checkText("job.yaml", "TrainingJobName: x\nCount: .inf\n"), "job.yaml:2:8: number .inf is not finite (JSON has no infinity or NaN)");
    refused(
      await checkText("job.yaml", "TrainingJobName: x\nCount: 123456789012345678901234567890\n"),
      "job.yaml:2:8: number 123456789012345678901234567890 cannot be read exactly (integers beyond ±2^53 lose digits)",
    );
  });
});

describe("nesting and aliases", () => {
  const deepJson = (levels: number) => `{"a": ${"[".repeat(levels - 1)}0${"]".repeat(levels - 1)}}`;

  it(`JSON nested deeper than ${maxNesting} levels is refused where the stack overflowed`, async () => {
    const text = deepJson(5000);
    const offset = 6 + maxNesting - 1; // the bracket that opens level maxNesting + 1
    refused(await checkText("deep.json", text), `deep.json:${at(text, offset)}: nested deeper than ${maxNesting} levels`);
    expect(() => parseSource({ file: "ok.json", text: deepJson(maxNesting) })).not.toThrow();
    expect(() => parseSource({ file: "no.json", text: deepJson(maxNesting + 1) })).toThrow(`no.json:1:${6 + maxNesting}: nested deeper than ${maxNesting} levels`);
  });

  it("JSON nested a million levels deep, valid or not, fails with its line", async () => {
    const valid = `{"a": ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}}`;
    refused(await checkText("deep.json", valid), `deep.json:1:${6 + maxNesting}: nested deeper than ${maxNesting} levels`);
    const invalid = `{"a": ${"[".repeat(1_000_000)}x`;
    expect(jsonErrorOffset(invalid)).toBe(invalid.length - 1);
    const t = await checkText("deep.json", invalid);
    expect(t.exitCode).toBe(2);
    expect(t.stderr).toMatch(new RegExp(`^transit-guard: deep\\.json:1:${invalid.length}: invalid JSON: [^\\n]+\\n$`));
  });

  it(`a plan nested ${maxNesting} levels deep is checked, with the findings of the plan without it`, async () => {
    const value = JSON.parse(examplePlanText()) as { resource_changes: Array<{ type: string; change: { after: Record<string, unknown> } }> };
    const checker = await Checker.create();
    const baseline = await checker.check([{ filename: "plan.json", content: JSON.stringify(value) }], { config });
    const bucket = value.resource_changes.find((change) => change.type === "aws_s3_bucket")!;
    // plan > resource_changes > change > change > after > tags: 6 levels before the nesting.
    let deep: unknown = "deep";
    for (let i = 0; i < maxNesting - 6; i++) deep = { k: deep };
    bucket.change.after.tags = deep;
    const text = JSON.stringify(value);
    expect(strictJsonProblem(text)).toBeUndefined();
    const report = await checker.check([{ filename: "plan.json", content: text }], { config });
    expect(report.results[0]!.failures).toEqual(baseline.results[0]!.failures);
    expect(report.results[0]!.warnings).toEqual(baseline.results[0]!.warnings);
  });

  it("YAML nested too deeply is refused before the yaml library recurses (block, flow and via aliases)", async () => {
    let block = "";
    for (let i = 0; i < 5000; i++) block += `${" ".repeat(i)}k:\n`;
    refused(await checkText("deep.yaml", block), `deep.yaml:${maxNesting + 1}:${maxNesting + 1}: nested deeper than ${maxNesting} levels`);
    const flow = `a: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`;
    // The mapping is level 1: the bracket opening level maxNesting + 1 is the maxNesting-th.
    refused(await checkText("deep.yaml", flow), `deep.yaml:1:${3 + maxNesting}: nested deeper than ${maxNesting} levels`);
    const half = maxNesting / 2 + 10;
    const aliased = `a: &deep ${"[".repeat(half)}${"]".repeat(half)}\nb: ${"[".repeat(half)}*deep${"]".repeat(half)}\n`;
    refused(await checkText("deep.yaml", aliased), `deep.yaml:${at(aliased, aliased.indexOf("*deep"))}: nested deeper than ${maxNesting} levels`);
    // Just within the limit, written or through aliases, parses.
    expect(() => parseSource({ file: "ok.yaml", text: `a: ${"[".repeat(maxNesting - 1)}${"]".repeat(maxNesting - 1)}\n` })).not.toThrow();
    const within = maxNesting / 2 - 1;
    expect(() => parseSource({ file: "ok.yaml", text: `a: &d ${"[".repeat(within)}${"]".repeat(within)}\nb: ${"[".repeat(within)}*d${"]".repeat(within)}\n` })).not.toThrow();
  });

  it("an alias bomb and 900 aliases of a large anchor are refused, naming the alias", async () => {
    let laughs = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i < 10; i++) laughs += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]\n`;
    refused(await checkText("bomb.yaml", laughs), `bomb.yaml:${at(laughs, laughs.indexOf("*a8"))}: YAML aliases expand too far (more than ${maxAliasExpansion} characters)`);

    let large = "big: &big\n";
    for (let i = 0; i < 2000; i++) large += `  key${i}: "${"v".repeat(10)}"\n`;
    large += "copies:\n";
    for (let i = 0; i < 900; i++) large += "  - *big\n";
    refused(await checkText("aliases.yaml", large), `aliases.yaml:${at(large, large.indexOf("*big"))}: YAML aliases expand too far (more than ${maxAliasExpansion} characters)`);

    const cycle = "a: &x\n  b: *x\n";
    refused(await checkText("cycle.yaml", cycle), "cycle.yaml:2:6: YAML alias *x refers to a node that contains it");
  });

  it("aliases a real manifest uses still work, with the values they name", () => {
    let text = "defaults: &defaults\n  InstanceType: ml.m5.xlarge\n  InstanceCount: 2\n  Tags: &tags [{Key: team, Value: ml}]\njobs:\n";
    for (let i = 0; i < 200; i++) text += `  - {Name: job${i}, Config: *defaults, Tags: *tags}\n`;
    const [document] = parseSource({ file: "anchors.yaml", text });
    const jobs = (document!.value as { jobs: Array<{ Config: { InstanceCount: number }; Tags: unknown[] }> }).jobs;
    expect(jobs).toHaveLength(200);
    expect(jobs[199]!.Config.InstanceCount).toBe(2);
    expect(jobs[0]!.Tags).toEqual([{ Key: "team", Value: "ml" }]);
  });

  it("every refusal above is one InputError naming the file", () => {
    for (const [file, text] of [
      ["a.json", deepJson(600)],
      ["b.yaml", "a: &x\n  b: *x\n"],
      ["c.json", '{"a": 1, "a": 2}'],
    ] as const) {
      let thrown: unknown;
      try {
        parseSource({ file, text });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).file).toBe(file);
      expect((thrown as InputError).location).toMatch(/^\d+:\d+$/);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bundles packed again by another tar.

/** A tar header block: ustar ("ustar\0" "00") unless gnu (the "ustar  \0" magic, no prefix field). */
function tarHeader(name: string, size: number, type: string, options: { prefix?: string; gnu?: boolean; sizeField?: number } = {}): Buffer {
  const header = Buffer.alloc(512);
  const put = (value: string, offset: number, length: number) => header.write(value, offset, length, "utf8");
  put(name, 0, 100);
  put("0000644\0", 100, 8);
  put("0000000\0", 108, 8);
  put("0000000\0", 116, 8);
  put(`${(options.sizeField ?? size).toString(8).padStart(11, "0")}\0`, 124, 12);
  put("00000000000\0", 136, 12);
  put(type, 156, 1);
  if (options.gnu) put("ustar  \0", 257, 8);
  else {
    put("ustar\0", 257, 6);
    put("00", 263, 2);
    if (options.prefix) put(options.prefix, 345, 155);
  }
  put("        ", 148, 8);
  const sum = header.reduce((total, byte) => total + byte, 0);
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return header;
}

const padded = (data: Buffer) => [data, Buffer.alloc((512 - (data.length % 512)) % 512)];

/** PAX records "<length> <key>=<value>\n", the length counting itself. */
function paxData(records: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.entries(records).map(([key, value]) => {
      const body = ` ${key}=${value}\n`;
      let length = Buffer.byteLength(body) + 1;
      while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
      return Buffer.from(`${length}${body}`, "utf8");
    }),
  );
}

type Style = "pax" | "pax-size" | "gnu" | "prefix";

/** A gzipped tar of the files (names with a leading "/"), each written in the given style. */
function writeTar(file: string, files: Map<string, Buffer>, style: (name: string, index: number) => Style): void {
  const blocks: Buffer[] = [];
  // A global header whose path names nothing: Go's reader (OPA) applies it to no entry.
  const global = paxData({ path: "/global-path-applies-to-nothing", comment: "repacked" });
  blocks.push(tarHeader("pax_global_header", global.length, "g"), ...padded(global));
  [...files].forEach(([name, data], index) => {
    const full = `/${name}`;
    const short = full.slice(0, 99);
    switch (style(name, index)) {
      case "pax": {
        const records = paxData({ path: full, mtime: "1796409025.453472399" });
        blocks.push(tarHeader(`./PaxHeaders/${index}`, records.length, "x"), ...padded(records));
        blocks.push(tarHeader(short, data.length, "0"), ...padded(data));
        break;
      }
      case "pax-size": {
        // The size in the PAX record, the header's size field left at 0 (as for files over 8 GiB).
        const records = paxData({ path: full, size: String(data.length) });
        blocks.push(tarHeader(`./PaxHeaders/${index}`, records.length, "x"), ...padded(records));
        blocks.push(tarHeader(short, data.length, "0", { sizeField: 0 }), ...padded(data));
        break;
      }
      case "gnu": {
        const long = Buffer.from(`${full}\0`, "utf8");
        blocks.push(tarHeader("././@LongLink", long.length, "L", { gnu: true }), ...padded(long));
        blocks.push(tarHeader(short, data.length, "0", { gnu: true }), ...padded(data));
        break;
      }
      case "prefix": {
        // ustar: a name over 100 bytes is split at a "/" into prefix and name, as OPA writes it.
        const cut = full.length <= 100 ? -1 : full.lastIndexOf("/", 155);
        const header = cut === -1 ? tarHeader(full, data.length, "0") : tarHeader(full.slice(cut + 1), data.length, "0", { prefix: full.slice(0, cut) });
        blocks.push(header, ...padded(data));
        break;
      }
    }
    // A directory entry with a size field, as some tars write: a header only, whatever the size says.
    if (index === 0) blocks.push(tarHeader("/transit_guard/", 0, "5", { sizeField: 4096 }));
  });
  blocks.push(Buffer.alloc(1024));
  writeFileSync(file, gzipSync(Buffer.concat(blocks)));
}

describe("bundles packed again by another tar", () => {
  let signedDir: string;
  let publicKey: string;
  let original: Map<string, Buffer>;
  let signed: Map<string, Buffer>;
  const plan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");

  const opaAccepts = (bundle: string) => {
    const result = spawnSync(toolPath("opa"), ["build", "--bundle", bundle, "--verification-key", publicKey, "--output", path.join(tmp, "opa-out.tar.gz")], {
      encoding: "utf8",
      timeout: 60_000,
    });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
  };

  beforeAll(() => {
    // The files of the shipped WASM bundle, signed by opa sign.
    original = readBundle(defaultBundle);
    signedDir = path.join(tmp, "signed");
    for (const [name, data] of original) {
      mkdirSync(path.dirname(path.join(signedDir, name)), { recursive: true });
      writeFileSync(path.join(signedDir, name), data);
    }
    const keys = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    writeFileSync(path.join(tmp, "signer.key.pem"), keys.privateKey);
    publicKey = path.join(tmp, "signer.pub.pem");
    writeFileSync(publicKey, keys.publicKey);
    const sign = spawnSync(toolPath("opa"), ["sign", "--signing-key", path.join(tmp, "signer.key.pem"), "--bundle", ".", "--output-file-path", "."], {
      cwd: signedDir,
      encoding: "utf8",
    });
    if (sign.status !== 0) throw new Error(`opa sign failed: ${sign.stderr}`);
    signed = new Map([...original, [".signatures.json", readFileSync(path.join(signedDir, ".signatures.json"))]]);
  });

  it("the shipped bundle has a name longer than a ustar name field", () => {
    expect([...original.keys()].some((name) => Buffer.byteLength(`/${name}`) > 100)).toBe(true);
  });

  for (const format of ["pax", "gnu"] as const) {
    it(`tar --format=${format}: read with OPA's names, verified as opa build verifies it, and evaluated`, async () => {
      const bundle = path.join(tmp, `${format}.tar.gz`);
      const names = [".manifest", ".signatures.json", "data.json", "policy.wasm", "transit_guard"];
      const tar = spawnSync("tar", [`--format=${format}`, "-P", "--transform=s,^,/,", "-czf", bundle, ...names], { cwd: signedDir, encoding: "utf8" });
      expect(tar.status, tar.stderr).toBe(0);
      const verdict = opaAccepts(bundle);
      expect(verdict.ok, verdict.output).toBe(true);
      const entries = readBundle(bundle);
      expect([...entries.keys()].sort()).toEqual([...signed.keys()].sort());
      for (const [name, data] of signed) expect(entries.get(name)?.equals(data), name).toBe(true);
      expect(verifyBundle(entries, { key: readFileSync(publicKey) }, bundle).files).toHaveLength(original.size);
      const builtIn = await cli(["check", "-o", "json", plan]);
      const repacked = await cli(["check", "-o", "json", "--bundle", bundle, "--verification-key", publicKey, plan]);
      expect(repacked).toEqual(builtIn);
      expect(repacked.exitCode).toBe(1);
    });
  }

  it("PAX path and size records, GNU long names, ustar prefixes, a global header, a directory: as opa reads them", () => {
    const styles: Style[] = ["pax", "pax-size", "gnu", "prefix"];
    for (const style of styles) {
      const bundle = path.join(tmp, `${style}-written.tar.gz`);
      writeTar(bundle, signed, () => style);
      const verdict = opaAccepts(bundle);
      expect(verdict.ok, `${style}: ${verdict.output}`).toBe(true);
      const entries = readBundle(bundle);
      expect([...entries.keys()].sort(), style).toEqual([...signed.keys()].sort());
      for (const [name, data] of signed) expect(entries.get(name)?.equals(data), `${style} ${name}`).toBe(true);
      expect(() => verifyBundle(entries, { key: readFileSync(publicKey) }, bundle), style).not.toThrow();
    }
  });

  it("a malformed PAX header is refused on one line, as opa refuses the bundle", async () => {
    const bundle = path.join(tmp, "malformed.tar.gz");
    const bad = Buffer.from("99 path=/x\n");
    const data = signed.get("data.json")!;
    writeFileSync(
      bundle,
      gzipSync(Buffer.concat([tarHeader("./PaxHeaders/0", bad.length, "x"), ...padded(bad), tarHeader("/data.json", data.length, "0"), ...padded(data), Buffer.alloc(1024)])),
    );
    expect(opaAccepts(bundle).ok).toBe(false);
    const t = await cli(["check", "--bundle", bundle, plan]);
    expect(t).toEqual({ exitCode: 2, stdout: "", stderr: `transit-guard: cannot read bundle ${bundle}: a PAX extended header is malformed\n` });
  });
});

describe("documents given to the library as values", () => {
  it("get the checks of text: nesting, circular values, lone surrogates", async () => {
    const checker = await Checker.create();
    try {
      const deep: Record<string, unknown> = {};
      let at = deep;
      for (let i = 0; i < 3000; i++) at = (at.a = {}) as Record<string, unknown>;
      const circular: Record<string, unknown> = { a: 1 };
      circular.self = circular;
      const message = async (content: Record<string, unknown>) =>
        checker.check([{ filename: "mem.json", content }], { config: { profiles: [] } }).then(
          () => "checked",
          (error: { errors?: InputError[] }) => error.errors?.map((e) => e.message).join("\n"),
        );
      expect(await message(deep)).toBe("mem.json:501:1006: nested deeper than 500 levels");
      expect(await message(circular)).toMatch(/^mem\.json: cannot be written as JSON \(Converting circular structure to JSON/);
      const body = JSON.parse(readFileSync(path.join(repoRoot, "test/inputs/scan/api/create-training-job.json"), "utf8")) as Record<string, unknown>;
      const named = await checker.check([{ filename: "body.json", content: { ...body, TrainingJobName: "churn-\ud800" } }], { config: { profiles: [] } });
      expect(named.results[0]!.warnings.map((f) => f.resource)).toEqual(["churn-\ufffd"]);
    } finally {
      await checker.close();
    }
  });
});

describe("counts beyond 32 bits", () => {
  it("are printed as opa eval prints them (format_int in WASM reads 32-bit integers only)", async () => {
    const plan = JSON.parse(readFileSync(path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json"), "utf8")) as {
      resource_changes: { type: string; change: { after: { resource_config?: { instance_count: number }[] } } }[];
    };
    const counts = [3000000000, 9007199254740991];
    for (const change of plan.resource_changes.filter((c) => c.type === "aws_sagemaker_training_job")) {
      for (const config of change.change.after.resource_config ?? []) config.instance_count = counts.shift() ?? 5;
    }
    const checker = await Checker.create();
    try {
      const report = await checker.check([{ filename: "plan.json", content: plan as unknown as Record<string, unknown> }], { config: { profiles: [] } });
      const messages = [...report.results[0]!.failures, ...report.results[0]!.warnings].map((f) => f.msg).join("\n");
      expect(messages).toContain("; 3000000000 instances exchange unencrypted traffic");
      expect(messages).toContain("; 9007199254740991 instances exchange unencrypted traffic");
    } finally {
      await checker.close();
    }
  });
});
