/**
 * Gatekeeper: the ConstraintTemplate generated from the policies (bundle/gatekeeper/) decides every
 * ACK document as the CLI does, checked with Gatekeeper's own CLI, gator (pinned in
 * tooling/go/gator; a missing gator fails these tests, it never skips them):
 *
 *  - `gator verify` on a suite generated from the ACK fixtures of every rule and examples/ack/:
 *    under the profiles default, healthcare and strict and with waivers, each document gets exactly
 *    the CLI's failures from the Constraint with enforcementAction deny and exactly its warnings
 *    from the one with warn, message for message; a denied fixture is rejected with its rule's ID
 *    under strict, an allowed one never gets its rule's ID;
 *  - `gator test` on examples/ack/ with the committed Constraints, and the healthcare Constraint
 *    turning a single-instance warning into a rejection;
 *  - engine parity: Gatekeeper's violations carry the CLI's findings, field for field.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

import { run as runCli } from "../tooling/cli/main.ts";
import { gatorPath } from "../tooling/gatekeeper/gator.ts";
import { staleGatekeeperFiles } from "../tooling/gatekeeper/generate.ts";
import { type AckDocument, ackDocuments, type Assertion, exactViolations, type SuiteTest, writeSuite } from "../tooling/gatekeeper/suite.ts";
import { gatekeeperDir, gatekeeperFileNames, gatekeeperFiles } from "../tooling/gatekeeper/templates.ts";
import { type Finding, type Profile, rules, TransitGuard, type Waiver } from "../tooling/index.ts";
import { buildWasmFromStaged } from "../tooling/opa-bundle/build.ts";
import { stageSources } from "../tooling/opa-bundle/sources.ts";
import { repoRoot } from "./helpers/repo.ts";
import { suiteTempDir, testTempDir } from "./helpers/temp.ts";

const template = path.join(gatekeeperDir, gatekeeperFileNames.template);
const defaultConstraints = path.join(gatekeeperDir, gatekeeperFileNames.default);
const healthcareConstraints = path.join(gatekeeperDir, gatekeeperFileNames.healthcare);

/**
 * Rules whose METADATA lists the ack input kind but that no ACK fixture can exercise: TG000 is the
 * waiver check (the waivers tests below exercise it on ACK documents); TG001 denies input of no
 * recognised kind, and every object a Constraint matches is an ACK manifest. (TG104 no longer
 * lists ack: the ACK SageMaker controller has no AutoMLJob resource.)
 */
const withoutAckFixtures = new Set(["TG000", "TG001"]);

/** The violation message of a finding: `<ID> <SEVERITY> <resource>: <the CLI's message>`. */
const messageOf = (f: Finding) => `${f.id} ${f.severity} ${f.resource}: ${f.msg.startsWith(`${f.id}: `) ? f.msg.slice(f.id.length + 2) : f.msg}`;

/** JSON with every object's keys sorted, to compare findings whatever the order of their fields. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

const today = () => new Date().toISOString().slice(0, 10);

/** Waivers for the examples: one in force (TG103), one expired (TG105, reported again with TG000). */
const waivers: Waiver[] = [
  { id: "TG103", resource: "ProcessingJob/claims-denial-*", reason: "Feature build re-platformed in Q1 (SEC-7)", expires: "2099-12-31" },
  { id: "TG105", resource: "DataQualityJobDefinition/claims-denial-data-quality", reason: "Expired on purpose", expires: "2000-01-01" },
];

interface Config {
  name: string;
  profiles: Profile[];
  waivers?: Waiver[];
  /** The levels the suite checks (strict has no warnings: the parity test checks that). */
  levels: ("deny" | "warn")[];
  /** The documents the suite checks (the waivers name resources of examples/ack/). */
  documents: (doc: AckDocument) => boolean;
}

const all = () => true;

const configs: Config[] = [
  { name: "profile default", profiles: ["default"], levels: ["deny", "warn"], documents: all },
  { name: "profile healthcare", profiles: ["healthcare"], levels: ["deny", "warn"], documents: all },
  { name: "profile strict", profiles: ["strict"], levels: ["deny"], documents: all },
  {
    name: "profile default with waivers",
    profiles: ["default"],
    waivers,
    levels: ["deny", "warn"],
    documents: (doc) => doc.name.startsWith("examples/"),
  },
];

/**
 * The CLI's engine, on a WASM bundle built from the current policies (as the other engine
 * comparisons do), so that a comparison is about the engines, not about a stale bundle (a step of
 * npm test checks that the committed one is fresh).
 */
let guard: TransitGuard | undefined;
const engineDir = suiteTempDir("gatekeeper-engine");

beforeAll(async () => {
  const staged = stageSources();
  try {
    const wasm = path.join(engineDir(), "transit-guard.wasm.tar.gz");
    buildWasmFromStaged(staged, wasm);
    guard = await TransitGuard.create({ bundle: wasm });
  } finally {
    staged.remove();
  }
});

afterAll(async () => {
  await guard?.close();
});

function check(...args: Parameters<TransitGuard["check"]>): ReturnType<TransitGuard["check"]> {
  if (!guard) throw new Error("the engine was not created");
  return guard.check(...args);
}

/** The CLI's findings for each document under a configuration, by document name. */
async function cliFindings(docs: AckDocument[], config: Config): Promise<Map<string, { deny: Finding[]; warn: Finding[] }>> {
  const report = await check(
    docs.map((doc) => ({ filename: doc.name, content: doc.value })),
    { profiles: config.profiles, ...(config.waivers ? { waivers: config.waivers, today: today() } : {}) },
  );
  expect(report.results.map((r) => r.filename)).toEqual(docs.map((d) => d.name));
  return new Map(report.results.map((r) => [r.filename, { deny: r.failures, warn: r.warnings }]));
}

/** Runs gator; a missing gator fails the test with how to install it (never a skip). */
function gator(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(gatorPath(), args, { cwd: repoRoot, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface GatorViolation {
  msg: string;
  metadata?: { details?: Record<string, unknown> };
  constraint: { metadata: { name: string } };
  enforcementAction: string;
  violatingObject: { kind: string; metadata: { name: string; annotations?: Record<string, string> } };
}

/** `gator test -o json` on the given files: its violations (it exits 1 when one is a deny). */
function gatorTest(files: string[]): GatorViolation[] {
  const run = gator(["test", "-o", "json", ...files.flatMap((f) => ["-f", f])]);
  if (run.status !== 0 && run.status !== 1) throw new Error(`gator test failed (${run.status}): ${run.stderr}${run.stdout}`);
  const text = run.stdout.trim();
  if (text === "") {
    if (run.status !== 0) throw new Error(`gator test failed: ${run.stderr}`);
    return [];
  }
  return JSON.parse(text) as GatorViolation[];
}

const docs = ackDocuments();

describe("Gatekeeper ConstraintTemplate", () => {
  it("is committed as generated from the current policies", () => {
    expect(staleGatekeeperFiles()).toEqual([]);
  });

  it("fits a client-side kubectl apply (the last-applied annotation holds at most 256 KiB)", () => {
    const object = parseAllDocuments(readFileSync(template, "utf8"))[0]?.toJS() as unknown;
    expect(Buffer.byteLength(JSON.stringify(object))).toBeLessThan(240 * 1024);
  });

  it("has an allowed and a denied ACK fixture for every rule that reads ACK", () => {
    const ack = rules().filter((rule) => rule.input_kinds.includes("ack") && !withoutAckFixtures.has(rule.id));
    expect(ack.length).toBeGreaterThanOrEqual(9);
    for (const rule of ack) {
      const verdicts = new Set(docs.filter((d) => d.fixture?.id === rule.id).map((d) => d.fixture?.verdict));
      expect([rule.id, [...verdicts].sort()]).toEqual([rule.id, ["allowed", "denied"]]);
    }
  });

  const dir = suiteTempDir("gatekeeper-suite");

  it("passes gator verify: every ACK document gets exactly the CLI's failures and warnings", async () => {
    const kinds = (parseAllDocuments(readFileSync(defaultConstraints, "utf8"))[0]?.toJS() as {
      spec: { match: { kinds: { kinds: string[] }[] } };
    }).spec.match.kinds.flatMap((k) => k.kinds);
    const tests: SuiteTest[] = [];
    for (const config of configs) {
      const expected = await cliFindings(docs, config);
      for (const level of config.levels) {
        tests.push({
          name: `${config.name}, ${level}`,
          enforcementAction: level,
          parameters: { level, profiles: config.profiles, waivers: config.waivers ?? [] },
          cases: docs.filter(config.documents).map((document) => {
            const assertions: Assertion[] = exactViolations((expected.get(document.name)?.[level] ?? []).map(messageOf));
            if (document.fixture?.verdict === "allowed") {
              assertions.push({ message: `^${document.fixture.id} `, violations: "no" });
            } else if (document.fixture && config.name === "profile strict" && level === "deny") {
              assertions.push({ message: `^${document.fixture.id} `, violations: "yes" });
            }
            return { document, assertions };
          }),
        });
      }
    }
    // The suite asserts something: a rejection and a warning, and under healthcare a single-instance rejection.
    const messages = (name: string) => tests.find((t) => t.name === name)?.cases.flatMap((c) => c.assertions.map((a) => a.message ?? ""));
    expect(messages("profile default, deny")?.some((m) => m.startsWith("^TG101 HIGH"))).toBe(true);
    expect(messages("profile default, warn")?.some((m) => m.startsWith("^TG101 LOW"))).toBe(true);
    expect(messages("profile healthcare, deny")?.some((m) => m.startsWith("^TG101 LOW"))).toBe(true);
    expect(messages("profile default with waivers, warn")?.some((m) => m.startsWith("^TG000 "))).toBe(true);

    const suite = writeSuite(dir(), tests, kinds);
    const run = gator(["verify", "-v", suite]);
    expect(run.stderr + run.stdout).toMatch(/^ok\s/m);
    expect({ status: run.status, output: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ status: 0, output: "" });
    // gator compiles the template for every case: about 0.2 s each, 130 cases.
  }, 300_000);

  it("rejects a single-instance job under a Constraint with profile healthcare and warns about it under default", () => {
    const single = docs.find((d) => d.name.endsWith("training_job_encryption/fixtures/denied/ack_training_job_single.yaml"));
    expect(single).toBeDefined();
    const file = path.join(testTempDir("gatekeeper-single"), "job.json");
    writeFileSync(file, JSON.stringify(single?.value));
    const resource = `TrainingJob/${String((single?.value.metadata as { name?: unknown } | undefined)?.name)}`;
    const under = (constraints: string) =>
      gatorTest([template, constraints, file]).map((v) => `${v.constraint.metadata.name} ${v.enforcementAction} ${v.msg.split(":")[0]}`);
    expect(under(defaultConstraints)).toEqual([`transit-guard-warn warn TG101 LOW ${resource}`]);
    expect(under(healthcareConstraints)).toEqual([`transit-guard-deny deny TG101 LOW ${resource}`]);
  });

  it("checks creations and spec changes at admission, not deletions or updates that keep the spec", () => {
    const fixture = (suffix: string) => {
      const doc = docs.find((d) => d.name.endsWith(suffix));
      if (!doc) throw new Error(`no fixture ${suffix}`);
      return doc.value;
    };
    const unencrypted = fixture("training_job_encryption/fixtures/denied/ack_training_job_distributed.yaml");
    const encrypted = { ...unencrypted, spec: { ...(unencrypted.spec as object), enableInterContainerTrafficEncryption: true } };
    const finalized = { ...unencrypted, metadata: { ...(unencrypted.metadata as object), finalizers: ["finalizers.sagemaker.services.k8s.aws/TrainingJob"] } };
    const review = (operation: string, object: unknown, oldObject: unknown): AckDocument => ({
      name: `${operation} ${oldObject ? "with old object" : ""}`.trim(),
      value: {
        apiVersion: "admission.k8s.io/v1",
        kind: "AdmissionReview",
        request: {
          uid: "d3b07384-d9a7-4b8e-9c1e-1f2e3a4b5c6d",
          kind: { group: "sagemaker.services.k8s.aws", version: "v1alpha1", kind: "TrainingJob" },
          resource: { group: "sagemaker.services.k8s.aws", version: "v1alpha1", resource: "trainingjobs" },
          name: (unencrypted.metadata as { name: string }).name,
          operation,
          userInfo: { username: "system:serviceaccount:ack-system:ack-sagemaker-controller" },
          ...(object ? { object } : {}),
          ...(oldObject ? { oldObject } : {}),
        },
      },
    });
    const rejected: Assertion[] = [{ violations: 1, message: "^TG101 HIGH " }];
    const admitted: Assertion[] = [{ violations: "no" }];
    const cases = [
      { document: { ...review("CREATE", unencrypted, undefined), name: "CREATE an unencrypted job" }, assertions: rejected },
      { document: { ...review("UPDATE", finalized, unencrypted), name: "UPDATE that adds a finalizer" }, assertions: admitted },
      { document: { ...review("UPDATE", unencrypted, encrypted), name: "UPDATE that turns encryption off" }, assertions: rejected },
      { document: { ...review("DELETE", undefined, unencrypted), name: "DELETE an unencrypted job" }, assertions: admitted },
    ];
    const kinds = ["TrainingJob"];
    const suite = writeSuite(
      testTempDir("gatekeeper-admission"),
      [{ name: "admission", enforcementAction: "deny", parameters: { level: "deny", profiles: ["default"], waivers: [] }, cases }],
      kinds,
    );
    const run = gator(["verify", "-v", suite]);
    expect({ status: run.status, output: run.status === 0 ? "" : run.stdout + run.stderr }).toEqual({ status: 0, output: "" });
  });

  it("gator test on examples/ack/ reports what transit-guard check reports", async () => {
    for (const [constraints, profiles] of [
      [defaultConstraints, ["default"]],
      [healthcareConstraints, ["healthcare"]],
    ] as const) {
      const violations = gatorTest([template, constraints, path.join(repoRoot, "examples/ack")]);
      const report = await check([path.join(repoRoot, "examples/ack")], { profiles: [...profiles] });
      const cli = report.results.flatMap((r) => [
        ...r.failures.map((f) => `deny ${messageOf(f)}`),
        ...r.warnings.map((f) => `warn ${messageOf(f)}`),
      ]);
      expect(cli.length).toBeGreaterThan(0);
      expect(violations.map((v) => `${v.enforcementAction} ${v.msg}`).sort()).toEqual(cli.sort());
    }
  });
});

describe("engine parity: Gatekeeper's verdicts on every ACK document", () => {
  it.each(configs.map((c) => [c.name, c] as const))("%s: the violations' details are the CLI's findings", async (_name, config) => {
    const dir = testTempDir("gatekeeper-parity");
    // Each document is told apart by an annotation, which no rule reads; the CLI checks the same copy.
    const marked = docs.map((doc, index) => {
      const metadata = (doc.value.metadata ?? {}) as Record<string, unknown>;
      const annotations = { ...((metadata.annotations ?? {}) as Record<string, string>), "transit-guard.test/document": String(index) };
      return { ...doc, value: { ...doc.value, metadata: { ...metadata, annotations } } };
    });
    mkdirSync(path.join(dir, "objects"));
    marked.forEach((doc, index) => writeFileSync(path.join(dir, "objects", `${index}.json`), JSON.stringify(doc.value)));
    const constraints = path.join(dir, "constraints");
    mkdirSync(constraints);
    const base = parseAllDocuments(readFileSync(defaultConstraints, "utf8")).map((d) => d.toJS() as { spec: { parameters: Record<string, unknown> } });
    for (const c of base) c.spec.parameters = { ...c.spec.parameters, profiles: config.profiles, waivers: config.waivers ?? [] };
    base.forEach((c, index) => writeFileSync(path.join(constraints, `${index}.json`), JSON.stringify(c)));

    const violations = gatorTest([template, constraints, path.join(dir, "objects")]);
    const expected = await cliFindings(marked, config);
    const sort = (findings: unknown[]) => findings.map(canonical).sort();
    let compared = 0;
    marked.forEach((doc, index) => {
      const of = (action: string) =>
        violations
          .filter((v) => v.enforcementAction === action && v.violatingObject.metadata.annotations?.["transit-guard.test/document"] === String(index))
          .map((v) => v.metadata?.details ?? {});
      const cli = expected.get(doc.name);
      compared += (cli?.deny.length ?? 0) + (cli?.warn.length ?? 0);
      expect({ doc: doc.name, deny: sort(of("deny")), warn: sort(of("warn")) }).toEqual({
        doc: doc.name,
        deny: sort(cli?.deny ?? []),
        warn: sort(cli?.warn ?? []),
      });
    });
    expect(compared).toBeGreaterThan(0);
  });
});

describe("transit-guard bundle --format gatekeeper", () => {
  async function cli(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const exitCode = await runCli(args, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      stdin: Readable.from([]),
      isTTY: false,
      env: { NO_COLOR: "1" },
    });
    return { exitCode, stdout, stderr };
  }

  it("writes the template and Constraints the generator makes", async () => {
    const dir = testTempDir("gatekeeper-cli");
    const t = await cli(["bundle", "--format", "gatekeeper", dir]);
    expect({ exitCode: t.exitCode, stderr: t.stderr }).toEqual({ exitCode: 0, stderr: "" });
    const generated = gatekeeperFiles();
    expect([...generated.keys()].sort()).toEqual(Object.values(gatekeeperFileNames).sort());
    for (const [name, content] of generated) {
      expect(t.stdout).toContain(path.join(dir, name));
      expect(readFileSync(path.join(dir, name), "utf8"), name).toBe(content);
    }
  });

  it("refuses options of the other formats in one line (exit 2)", async () => {
    const dir = testTempDir("gatekeeper-cli");
    for (const args of [
      ["bundle", "--format", "gatekeeper", "--profile", "healthcare", dir],
      ["bundle", "--format", "gatekeeper", "--signing-key", path.join(dir, "key.pem"), dir],
    ]) {
      const t = await cli(args);
      expect({ args, exitCode: t.exitCode, stdout: t.stdout }).toEqual({ args, exitCode: 2, stdout: "" });
      expect(t.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});
