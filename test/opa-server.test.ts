/**
 * A real OPA server (`opa run --server` on 127.0.0.1) loads the signed Rego bundle from a file
 * with --verification-key; its decisions (POST /v1/data/transit_guard/main/decision) equal the
 * embedded engine's, loaded from the signed WASM bundle of the same build through the project's
 * verifier, for every document of the fixtures, examples and corpus, under each profile set.
 * Profiles reach the server as data outside the bundle's root (PUT /v1/data/transit_guard_config).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import type { Decision, Projection } from "../tooling/types.ts";
import { buildInto, type Built,makeKeyPair } from "./helpers/bundles.ts";
import { corpusDir, corpusFiles, loaderDocuments, normalDecision, profileSets, projectedInput } from "./helpers/documents.ts";
import { type OpaServer,startOpa } from "./helpers/processes.ts";
import { repoRoot } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const docs = loaderDocuments();

const temp = suiteTempDir("opa-server");
let tmp: string;
let built: Built;
let opa: OpaServer | undefined;
let checker: Checker;
let projection: Projection;

beforeAll(async () => {
  tmp = temp();
  const keys = makeKeyPair(tmp, "signer");
  built = buildInto(path.join(tmp, "dist"), keys);
  opa = await startOpa(["--bundle", built.rego, "--verification-key", keys.publicKey], { cwd: tmp });
  checker = await Checker.create({ bundle: built.wasm, verification: { key: readFileSync(keys.publicKey) } });
  projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
});

afterAll(async () => {
  await opa?.stop();
});

async function call(method: string, route: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${opa!.url}${route}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "Content-Type": "application/json" } }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Runs `work` over items with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

it("activates the signed bundle with its manifest", async () => {
  const { status, json } = await call("GET", "/v1/data/system/bundles");
  expect(status).toBe(200);
  const bundles = (json as { result: Record<string, { manifest: unknown }> }).result;
  expect(Object.values(bundles).map((b) => b.manifest)).toEqual([built.manifest]);
  expect((await fetch(`${opa!.url}/health?bundles`)).status).toBe(200);
});

it.skipIf(corpusFiles().length === 0)(`covers the corpus too (${corpusDir}; skipped when absent)`, () => {
  expect([...docs.keys()].some((name) => name.startsWith(path.relative(repoRoot, corpusDir)))).toBe(true);
});

describe.each(profileSets.map((p) => [p.join("+") || "default", p] as const))("profile %s", (_label, profiles) => {
  const served = new Map<string, { status: number; json: unknown }>();

  beforeAll(async () => {
    expect((await call("PUT", "/v1/data/transit_guard_config", { profiles })).status).toBe(204);
    const names = [...docs.keys()];
    const answers = await pool(names, 4, (name) =>
      call("POST", "/v1/data/transit_guard/main/decision", { input: docs.get(name)!.value }),
    );
    names.forEach((name, i) => served.set(name, answers[i]!));
  });

  it.each([...docs.keys()])("%s", async (name) => {
    const answer = served.get(name)!;
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const server = (answer.json as { result?: Decision }).result;
    expect(server, "the server gave no decision").toBeDefined();
    const wasm = await checker.engine.evaluate<Decision>(
      "transit_guard/main/decision",
      projectedInput(docs.get(name)!, projection),
      { profiles },
    );
    expect(normalDecision(server!)).toEqual(normalDecision(wasm));
  });
});

/**
 * Fail closed: a caller that gates on an empty deny must never pass input the policies do not
 * understand. No input (a plan POSTed without the {"input": ...} wrapper, or no body at all), an
 * empty document and a package.json are denied with TG001, on /decision and on /deny, as the
 * embedded engine decides them.
 */
describe("input of no recognised kind", () => {
  const fixtures = path.join(repoRoot, "policies/transit_guard/rules/input/input_recognised/fixtures");
  const plan = JSON.parse(readFileSync(path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json"), "utf8")) as unknown;
  const packageJson = JSON.parse(readFileSync(path.join(fixtures, "denied/npm_package.json"), "utf8")) as unknown;
  const noInput = "TG001: there is no input to check";
  const notRecognised = "TG001: the input is not a document Transit Guard can check";
  const cases: Array<[string, unknown, string]> = [
    ["no body", undefined, noInput],
    ["a body without input", {}, noInput],
    ["a plan posted without the wrapper", plan, noInput],
    ["an empty document", { input: {} }, notRecognised],
    ["a package.json", { input: packageJson }, notRecognised],
  ];

  beforeAll(async () => {
    expect((await call("PUT", "/v1/data/transit_guard_config", { profiles: [] })).status).toBe(204);
  });

  it.each(cases)("%s is denied with TG001", async (_label, body, msg) => {
    const decision = await call("POST", "/v1/data/transit_guard/main/decision", body);
    expect(decision.status).toBe(200);
    const result = (decision.json as { result: Decision }).result;
    expect(result.input_kind).toBe("unknown");
    expect(result.deny.map((f) => f.id)).toEqual(["TG001"]);
    expect(result.deny[0]!.msg.startsWith(msg)).toBe(true);
    expect(result.warn).toEqual([]);
    const deny = await call("POST", "/v1/data/transit_guard/main/deny", body);
    expect((deny.json as { result: Decision["deny"] }).result).toEqual(result.deny);
    // the embedded engine decides the same input the same way
    const input = (body as { input?: unknown } | undefined)?.input;
    const wasm = await checker.engine.evaluate<Decision>(
      "transit_guard/main/decision",
      input === undefined ? undefined : (new TextEncoder().encode(JSON.stringify(input)).buffer as ArrayBuffer),
      { profiles: [] },
    );
    expect(normalDecision(result)).toEqual(normalDecision(wasm));
  });

  it("a batch transform job passes, with a note saying why", async () => {
    const job = JSON.parse(readFileSync(path.join(fixtures, "allowed/create_transform_job.json"), "utf8")) as unknown;
    const { json } = await call("POST", "/v1/data/transit_guard/main/decision", { input: job });
    const result = (json as { result: Decision }).result;
    expect(result.input_kind).toBe("sagemaker_api");
    expect(result.deny).toEqual([]);
    expect(result.warn).toEqual([]);
    expect(result.notes?.map((n) => n.note)).toEqual([
      "batch transform: no inter-node traffic (each instance transforms its own share of the input)",
    ]);
  });
});
