/**
 * A larger document is evaluated in parts (policies/transit_guard/main/parts.rego): the two area
 * groups side by side (EngineOptions.parallelAboveBytes), or one rule area a part
 * (EngineOptions.splitAboveBytes), side by side in two engines or one after another
 * (parallelBelowBytes); a Terraform plan in slices of its resource changes (EngineOptions.sliceAboveBytes,
 * policies/transit_guard/main/slices.rego). Every fixture and example, evaluated in parts each way, gives the same
 * result as in one evaluation, under every profile. (The differential test compares the parts
 * with OPA on every generated document above 64 KiB.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import { InputError } from "../tooling/errors.ts";
import { encodeText, project } from "../tooling/inputs/project.ts";
import { type ParsedDocument, parseSource } from "../tooling/inputs/read.ts";
import { cutPlan, planWith, slices } from "../tooling/inputs/slices.ts";
import type { Projection } from "../tooling/types.ts";
import { filesBelow, repoRoot } from "./helpers/repo.ts";

const never = Number.MAX_SAFE_INTEGER;
let whole: Checker;
/** The ways of evaluating in parts, by name. */
const ways: Record<string, Checker> = {};
beforeAll(async () => {
  whole = await Checker.create({ splitAboveBytes: never, parallelAboveBytes: never });
  ways["areas side by side"] = await Checker.create({ splitAboveBytes: 0 });
  ways["groups side by side"] = await Checker.create({ splitAboveBytes: never, parallelAboveBytes: 0 });
  ways["areas one after another"] = await Checker.create({ splitAboveBytes: 0, parallelBelowBytes: 0 });
  // Every Terraform plan in slices of about one group of linked changes each (main/slices.rego).
  ways["slices"] = await Checker.create({ sliceAboveBytes: 0, sliceBytes: 1024 });
});
afterAll(async () => {
  await Promise.all([whole, ...Object.values(ways)].map((checker) => checker.close()));
});

const files = [
  ...filesBelow(path.join(repoRoot, "policies")).filter((f) => f.includes(`${path.sep}fixtures${path.sep}`)),
  ...filesBelow(path.join(repoRoot, "examples")).filter((f) => /\.(json|ya?ml)$/.test(f) && !f.includes(`${path.sep}ci${path.sep}`)),
].filter((f) => /\.(json|ya?ml)$/.test(f) && !f.endsWith("profiles.json"));

/** The documents of a file (none when it is not valid input: the fixtures of bad input). */
function documentsOf(file: string): ParsedDocument[] {
  try {
    return parseSource({ file, text: readFileSync(file, "utf8") });
  } catch (error) {
    if (error instanceof InputError) return [];
    throw error;
  }
}

describe("parts give the decision of one evaluation", () => {
  it("has fixtures and examples to compare", () => {
    expect(files.length).toBeGreaterThan(100);
  });
  // Every way under the default profile; the other profiles (which the parts apply in the
  // gathering evaluation) with one way each.
  const runs: Array<[string, string[]]> = [
    ["areas side by side", []],
    ["groups side by side", []],
    ["areas one after another", []],
    ["areas side by side", ["healthcare"]],
    ["groups side by side", ["strict"]],
    ["areas one after another", ["fips"]],
    ["slices", []],
    ["slices", ["healthcare"]],
    ["slices", ["strict"]],
    ["slices", ["fips"]],
  ];
  for (const [way, profiles] of runs) {
    it(`every fixture and example, ${way}, profiles [${profiles.join(", ")}]`, async () => {
      const parts = ways[way]!;
      let compared = 0;
      for (const file of files) {
        for (const document of documentsOf(file)) {
          const config = { profiles: profiles as never[], today: "2026-12-04" };
          const expected = await whole.checkDocument(document, config).catch((error: unknown) => String(error));
          const actual = await parts.checkDocument(document, config).catch((error: unknown) => String(error));
          expect(actual, `${path.relative(repoRoot, file)} #${document.index}`).toEqual(expected);
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(100);
    }, 300_000);
  }
});

/** A plan of n training jobs (every other one encrypted) in one security group, with a separate rule of it. */
function sharedGroupPlan(n: number): string {
  const change = (type: string, name: string, after: object, unknown: object = {}) => ({
    address: `${type}.${name}`, mode: "managed", type, name, change: { actions: ["create"], before: null, after, after_unknown: unknown },
  });
  const block = (type: string, name: string, expressions: object) => ({ address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: "aws", expressions });
  const reference = { references: ["aws_security_group.shared.id", "aws_security_group.shared"] };
  const jobs = Array.from({ length: n }, (_, i) => `job${i}`);
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: [
      change("aws_security_group", "shared", { name: "shared", ingress: [], egress: [] }, { id: true }),
      change("aws_vpc_security_group_ingress_rule", "ike", { ip_protocol: "udp", from_port: 500, to_port: 500 }, { security_group_id: true }),
      ...jobs.map((name, i) =>
        change("aws_sagemaker_training_job", name, {
          training_job_name: name,
          enable_inter_container_traffic_encryption: i % 2 === 0,
          resource_config: [{ instance_count: 2, instance_type: "ml.m5.xlarge", volume_size_in_gb: 30 }],
          vpc_config: [{ subnets: ["subnet-1"] }],
        }, { vpc_config: [{ security_group_ids: true }] }),
      ),
    ],
    configuration: {
      provider_config: { aws: { name: "aws" } },
      root_module: {
        resources: [
          block("aws_security_group", "shared", {}),
          block("aws_vpc_security_group_ingress_rule", "ike", { security_group_id: reference }),
          ...jobs.map((name) => block("aws_sagemaker_training_job", name, { vpc_config: [{ security_group_ids: reference }] })),
        ],
      },
    },
  });
}

describe("a plan in slices", () => {
  it("puts a security group and its rules in the slice of every job that names it, not its jobs in one slice", async () => {
    const checker = await Checker.create({ sliceAboveBytes: 0, sliceBytes: 8 * 1024 });
    try {
      const [document] = parseSource({ file: "shared-group.tfplan.json", text: sharedGroupPlan(200) });
      const config = { profiles: [], today: "2026-12-04" };
      const expected = await whole.checkDocument(document!, config);
      expect(expected.warnings.filter((f) => f.id === "TG601").length).toBe(100);
      expect(await checker.checkDocument(document!, config)).toEqual(expected);
      // The slices themselves: many, each with the group and its rule.
      const projection = await whole.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
      const plan = cutPlan(project(document!.value, projection), projection)!;
      const needs = plan.addresses.slice(2).map((address) => [address!, "ref |aws_security_group.shared"] as [string, string]);
      const links: Array<[string, string]> = [
        ["aws_security_group.shared", "ref |aws_security_group.shared"],
        ["aws_vpc_security_group_ingress_rule.ike", "ref |aws_security_group.shared"],
      ];
      const packed = slices(plan, links, needs, [], 8 * 1024);
      expect(packed.length).toBeGreaterThan(5);
      for (const slice of packed) expect(slice.slice(0, 2)).toEqual([0, 1]);
      expect(new Set(packed.flatMap((slice) => slice.slice(2))).size).toBe(200);
    } finally {
      await checker.close();
    }
  });


  it("is the projected plan again when every change and every block is joined", async () => {
    // planWith joins the texts cutPlan cut (resource changes, each module's blocks): with all of
    // them it must write exactly the projected document, or a slice would not be a part of it.
    const projection = await whole.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
    let plans = 0;
    let modules = 0;
    for (const file of files.filter((f) => f.endsWith(".json"))) {
      for (const document of documentsOf(file)) {
        const projected = project(document.value, projection);
        const plan = cutPlan(projected, projection);
        if (!plan) continue;
        const text = new TextDecoder().decode(planWith(plan, plan.changes.map((_, index) => index), true));
        expect(text, path.relative(repoRoot, file)).toBe(encodeText(projected));
        expect(plan.size, path.relative(repoRoot, file)).toBe(text.length);
        plans += 1;
        modules += plan.modules.length;
      }
    }
    expect(plans).toBeGreaterThan(20);
    expect(modules).toBeGreaterThan(10);
  });

  it("is cut around its resource changes even when a string of it is the loader's marker", async () => {
    // cutPlan writes the document with a marker in place of resource_changes and cuts the text
    // there: a document holding the same text elsewhere must not be cut at the wrong place.
    const file = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");
    const plan = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const marker = "\u0000transit-guard-resource-changes\u0000";
    const text = JSON.stringify({ a_note: marker, ...plan, z_note: marker });
    const [document] = parseSource({ file: "marker.tfplan.json", text });
    const config = { profiles: [], today: "2026-12-04" };
    const expected = await whole.checkDocument(document!, config);
    expect(expected.failures.length).toBeGreaterThan(0);
    expect(await ways["slices"]!.checkDocument(document!, config)).toEqual(expected);
  });
});
