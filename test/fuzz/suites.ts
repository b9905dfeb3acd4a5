/**
 * The named generators a run draws from. test/differential.test.ts runs each with a fixed seed;
 * `npm run fuzz -- --suite <name>` runs one for longer, and replays a failure with the seed and
 * path the failure report prints.
 */
import fc from "fast-check";

import { type Sample, sampleArb, type SampleOptions,scalableKinds } from "./arbitraries.ts";

/** A named generator, and how many documents the fixed-seed test draws from it. */
export interface Suite {
  name: string;
  description: string;
  arbitrary: (size?: { min: number; max: number }) => fc.Arbitrary<Sample>;
  /** Documents in the fixed-seed test. */
  testRuns: number;
  /** The test's seed. */
  testSeed: number;
}

const suite = (name: string, description: string, options: SampleOptions, testRuns: number, testSeed: number): Suite => ({
  name,
  description,
  arbitrary: (size) => sampleArb({ ...options, ...(size ? { size } : {}) }),
  testRuns,
  testSeed,
});

export const suites: Suite[] = [
  suite("terraform", "Terraform plans of 1 to 40 resource changes", { size: { min: 1, max: 40 }, kinds: ["terraform_plan"] }, 150, 0x7e11),
  suite("cloudformation", "CloudFormation templates of 1 to 40 resources", { size: { min: 1, max: 40 }, kinds: ["cloudformation"] }, 130, 0xcf11),
  suite("definitions", "API bodies, pipeline definitions, state machines and ACK manifests", { size: { min: 1, max: 20 }, kinds: ["sagemaker_api", "pipeline_definition", "step_functions", "ack"] }, 150, 0xde11),
  suite(
    "wildcards",
    "plans and templates with policies of 60 to 150 statements, more than 100 distinct wildcard patterns each",
    { size: { min: 1, max: 10 }, kinds: ["terraform_plan", "cloudformation"], stress: { min: 60, max: 150 } },
    50,
    0x3c11,
  ),
  suite("large", "plans, templates, pipelines and state machines of 500 to 800 resources", { size: { min: 500, max: 800 }, kinds: scalableKinds, mutate: false }, 20, 0x1a11),
  {
    name: "mixed",
    description: "every kind: mostly 1-60 resources, some 60-400, a few 500-2 000, now and then policies with 100+ distinct wildcards",
    arbitrary: (size) =>
      size
        ? sampleArb({ size })
        : fc.oneof(
            { weight: 85, arbitrary: sampleArb({ size: { min: 1, max: 60 } }) },
            { weight: 8, arbitrary: sampleArb({ size: { min: 60, max: 400 }, kinds: scalableKinds }) },
            { weight: 4, arbitrary: sampleArb({ size: { min: 1, max: 30 }, kinds: ["terraform_plan", "cloudformation"], stress: { min: 60, max: 250 } }) },
            { weight: 3, arbitrary: sampleArb({ size: { min: 500, max: 2000 }, kinds: scalableKinds }) },
          ),
    testRuns: 0,
    testSeed: 0,
  },
];

/** A suite by name. */
export function suiteNamed(name: string): Suite {
  const found = suites.find((s) => s.name === name);
  if (!found) throw new Error(`no suite "${name}" (choose from ${suites.map((s) => s.name).join(", ")})`);
  return found;
}
