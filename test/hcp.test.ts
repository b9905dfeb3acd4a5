/**
 * HCP Terraform: `transit-guard bundle --format hcp-terraform <dir>` writes a policy set that
 * `opa eval --bundle <dir>` (how HCP Terraform evaluates OPA policy sets) evaluates on the input
 * HCP Terraform builds, {"plan": <terraform show -json>, "run": {...}}, with each policy's query
 * from policies.hcl; every Terraform plan of the fixtures, examples and corpus gets the CLI's
 * findings: the same findings as the CLI on that HCP-shaped document, and the same messages as
 * on the bare plan. With --profile, the profiles travel in the set's data.json.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type Checker } from "../tooling/check.ts";
import type { ParsedDocument } from "../tooling/inputs/read.ts";
import type { StagedSources } from "../tooling/opa-bundle/sources.ts";
import type { Decision, DocumentKind, Finding, Projection } from "../tooling/types.ts";
import { stagedEngine } from "./helpers/bundles.ts";
import { loaderDocuments, projectedInput } from "./helpers/documents.ts";
import { filesBelow, repoRoot, runCli, toolPath } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

interface Policy {
  name: string;
  query: string;
  enforcement_level: string;
}

/** The policy blocks of a policies.hcl as this project writes it (one attribute per line). */
function parsePoliciesHcl(text: string): Policy[] {
  return [...text.matchAll(/^policy "([^"]+)" \{\n([\s\S]*?)^\}/gm)].map(([, name, body]) => {
    const attribute = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"\\s*$`, "m").exec(body!)?.[1] ?? "";
    return { name: name!, query: attribute("query"), enforcement_level: attribute("enforcement_level") };
  });
}

/** The run object HCP Terraform adds beside the plan (abridged; the policies never read it). */
const run = {
  id: "run-CZcmD7eagjhyX0vN",
  created_at: "2026-11-26T12:00:00.000Z",
  created_by: "ml-platform-bot",
  message: "Queued manually using Terraform",
  commit_sha: null,
  is_destroy: false,
  refresh: true,
  refresh_only: false,
  replace_addrs: null,
  speculative: false,
  target_addrs: null,
  project: { id: "prj-1a2b3c", name: "ml-platform" },
  variables: {},
  organization: { name: "example-org" },
  workspace: {
    id: "ws-4d5e6f",
    name: "sagemaker-training",
    created_at: "2026-01-01T00:00:00.000Z",
    description: null,
    execution_mode: "remote",
    auto_apply: false,
    tags: ["ml"],
    working_directory: "",
    vcs_repo: null,
  },
};

const temp = suiteTempDir("hcp");
let tmp: string;
let staged: StagedSources;
let checker: Checker;
let projection: Projection;
let plans: Map<string, ParsedDocument>;

/** Runs opa eval and returns the bindings of its single result (bounded: killed after 60 s). */
function opaEvalBindings<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath("opa"), ["eval", "--format", "json", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`opa eval failed (${code}): ${out}`));
      const bindings = (JSON.parse(out) as { result?: { bindings: T }[] }).result?.[0]?.bindings;
      return bindings ? resolve(bindings) : reject(new Error(`opa eval gave no result: ${out}`));
    });
  });
}

/** As HCP Terraform: opa eval --bundle <set> --input <hcp input>, every policy's query a binding. */
function opaEval(set: string, input: string, policies: Policy[]): Promise<Record<string, Finding[]>> {
  const query = policies.map((p) => `${p.name} := ${p.query}`).join("; ");
  return opaEvalBindings(["--bundle", set, "--input", input, query]);
}

/**
 * The same for many inputs in one process (one opa start-up instead of one per plan): a copy of the
 * set carries the inputs as bundle data (hcp_inputs/data.json; in bundle mode OPA reads data only
 * from data.json files, and a set without a manifest owns every path, so --data would be dropped),
 * and each policy's query is evaluated `with input as` each of them.
 */
async function opaEvalMany(
  set: string,
  inputs: Record<string, unknown>,
  policies: Policy[],
): Promise<Record<string, Record<string, Finding[]>>> {
  const copy = `${set}-batch`;
  cpSync(set, copy, { recursive: true });
  mkdirSync(path.join(copy, "hcp_inputs"));
  writeFileSync(path.join(copy, "hcp_inputs/data.json"), JSON.stringify(inputs));
  const values = policies.map((p, i) => `v${i} := ${p.query} with input as doc`).join("; ");
  const object = policies.map((p, i) => `${JSON.stringify(p.name)}: v${i}`).join(", ");
  const query = `result := {name: out | some name, doc in data.hcp_inputs; ${values}; out := {${object}}}`;
  try {
    return (await opaEvalBindings<{ result: Record<string, Record<string, Finding[]>> }>(["--bundle", copy, query])).result;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const sorted = (findings: Finding[]) => [...findings].sort((a, b) => a.msg.localeCompare(b.msg));

beforeAll(async () => {
  tmp = temp();
  // The CLI side runs the WASM bundle built from the staged sources; each policy set is checked
  // to hold the same Rego.
  ({ staged, checker, projection } = await stagedEngine(tmp));
  plans = new Map();
  for (const [name, doc] of loaderDocuments()) {
    const kind = await checker.engine.evaluate<DocumentKind>(
      "transit_guard/main/document_kind",
      new TextEncoder().encode(JSON.stringify(doc.value)).buffer as ArrayBuffer,
      {},
    );
    // Bare plans only; an HCP- or Spacelift-shaped fixture is unwrapped to its plan.
    if (kind.kind !== "terraform_plan") continue;
    const value = (kind.path ?? []).reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], doc.value);
    plans.set(name, { ...doc, value: value as Record<string, unknown> });
  }
});

afterAll(() => {
  staged?.remove();
});

it("finds Terraform plans to check", () => {
  expect(plans.size).toBeGreaterThan(3);
});

describe.each([
  ["default", []],
  ["healthcare", ["healthcare"]],
])("policy set with profile %s", (label, profiles) => {
  let set: string;
  let policies: Policy[];

  beforeAll(() => {
    set = path.join(tmp, `set-${label}`);
    const t = runCli(["bundle", "--format", "hcp-terraform", ...profiles.flatMap((p) => ["--profile", p]), set]);
    expect(t.exitCode, t.stderr).toBe(0);
    policies = parsePoliciesHcl(readFileSync(path.join(set, "policies.hcl"), "utf8"));
    const rego = staged.files.filter((f) => f.endsWith(".rego"));
    expect(filesBelow(set).map((f) => path.relative(set, f)).filter((f) => f.endsWith(".rego")).sort()).toEqual(rego);
    for (const file of rego) {
      const same = readFileSync(path.join(set, file)).equals(readFileSync(path.join(staged.dir, file)));
      expect(same, `${file}: policies/ changed during the test`).toBe(true);
    }
  });

  it("policies.hcl declares the deny (mandatory) and warn (advisory) queries", () => {
    expect(policies).toEqual([
      { name: "transit_guard_deny", query: "data.transit_guard.main.deny", enforcement_level: "mandatory" },
      { name: "transit_guard_warn", query: "data.transit_guard.main.warn", enforcement_level: "advisory" },
    ]);
  });

  it("every Terraform plan, wrapped as HCP input, gets the CLI's findings", async () => {
    const names = [...plans.keys()];
    const inputs = Object.fromEntries(names.map((name) => [name, { plan: plans.get(name)!.value, run }]));
    const all = await opaEvalMany(set, inputs, policies);
    expect(names.filter((name) => !all[name])).toEqual([]);
    const answers = names.map((name) => all[name]!);
    for (const [i, name] of names.entries()) {
      const plan = plans.get(name)!;
      // the CLI's engine on the CLI's input (the projected document), HCP-shaped and bare
      const decide = (value: Record<string, unknown>) =>
        checker.engine.evaluate<Decision>("transit_guard/main/decision", projectedInput({ ...plan, value }, projection), {
          profiles,
        });
      const hcp = await decide({ plan: plan.value, run });
      const bare = await decide(plan.value);
      const got = answers[i]!;
      expect(sorted(got.transit_guard_deny!), name).toEqual(sorted(hcp.deny));
      expect(sorted(got.transit_guard_warn!), name).toEqual(sorted(hcp.warn));
      expect(got.transit_guard_deny!.map((f) => f.msg).sort(), name).toEqual(bare.deny.map((f) => f.msg).sort());
      expect(got.transit_guard_warn!.map((f) => f.msg).sort(), name).toEqual(bare.warn.map((f) => f.msg).sort());
    }
  });
});

it("the example plan fails under HCP Terraform as under the CLI", async () => {
  const set = path.join(tmp, "set-default");
  const input = path.join(tmp, "example.json");
  const plan = JSON.parse(readFileSync(path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json"), "utf8")) as unknown;
  writeFileSync(input, JSON.stringify({ plan, run }));
  const got = await opaEval(set, input, parsePoliciesHcl(readFileSync(path.join(set, "policies.hcl"), "utf8")));
  expect(got.transit_guard_deny!.map((f) => [f.id, f.resource])).toContainEqual(["TG101", "aws_sagemaker_training_job.distributed"]);
  expect(got.transit_guard_warn!.map((f) => [f.id, f.resource])).toContainEqual([
    "TG101",
    "module.experiments.aws_sagemaker_training_job.churn",
  ]);
});

/**
 * Fail closed in a policy set: an HCP-shaped input without a plan (or with an empty one), which no
 * Terraform run should produce, fails the mandatory policy with TG001 instead of passing with an
 * empty deny; the embedded engine decides the same.
 */
it("an input without a plan fails the mandatory policy with TG001", async () => {
  const set = path.join(tmp, "set-default");
  const policies = parsePoliciesHcl(readFileSync(path.join(set, "policies.hcl"), "utf8"));
  const inputs = { "no plan": { run }, "empty plan": { plan: {}, run } };
  const all = await opaEvalMany(set, inputs, policies);
  for (const [name, value] of Object.entries(inputs)) {
    const got = all[name]!;
    expect(got.transit_guard_deny!.map((f) => f.id), name).toEqual(["TG001"]);
    expect(got.transit_guard_warn, name).toEqual([]);
    const wasm = await checker.engine.evaluate<Decision>(
      "transit_guard/main/decision",
      new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer,
      {},
    );
    expect(sorted(got.transit_guard_deny!), name).toEqual(sorted(wasm.deny));
  }
});
