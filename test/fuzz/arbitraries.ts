/**
 * The fuzz generator: documents of every input kind the policies read, with the caller settings
 * (profiles, waivers, the date) they are checked under, and now and then a few values of the
 * rendered document replaced by values of the wrong type (inputs the loader's schema may refuse,
 * which the engines must still agree on). Everything is a fast-check arbitrary, so a failing
 * document shrinks.
 */
import fc from "fast-check";

import type { PolicyConfig, Waiver } from "../../tooling/types.ts";
import { cloudformationTemplate } from "./cloudformation.ts";
import type { Size } from "./definitions.ts";
import type { Json, JsonObject } from "./model.ts";
import { ackManifest, apiDocument, pipelineDocument, stepFunctionsDocument } from "./others.ts";
import { type Generated,terraformPlan } from "./terraform.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });

/** The input kinds (lib/document). */
export const inputKinds = ["terraform_plan", "cloudformation", "sagemaker_api", "pipeline_definition", "step_functions", "ack"] as const;
export type InputKind = (typeof inputKinds)[number];

/** The kinds whose documents grow with the size parameter (API bodies and ACK manifests hold one resource). */
export const scalableKinds: InputKind[] = ["terraform_plan", "cloudformation", "pipeline_definition", "step_functions"];

/** One generated case: the document, the settings it is checked under, what it holds. */
export interface Sample {
  /** The kind the generator meant (the policies decide the kind; a mutation may change it). */
  kind: InputKind;
  document: JsonObject;
  config: PolicyConfig;
  /** Resources the document holds (changes, template resources, steps, states, or 1). */
  resources: number;
  /** How many values were replaced by values of the wrong type. */
  mutations: number;
  /** How many numbers were replaced by numbers of 31 bits and more. */
  bigNumbers: number;
}

/** What to generate. */
export interface SampleOptions {
  /** Resources per document. */
  size: Size;
  /** The kinds to draw from (default: all; large sizes only make sense for scalableKinds). */
  kinds?: readonly InputKind[];
  /** Add one or two policies with this many statements of distinct wildcard patterns (Terraform, CloudFormation). */
  stress?: { min: number; max: number };
  /** Replace values by values of the wrong type in some documents (default true). */
  mutate?: boolean;
  /** Replace a number by one of 31 bits or more in some documents (default: as mutate). */
  bigNumbers?: boolean;
}

const ruleIds = ["TG000", "TG101", "TG102", "TG103", "TG104", "TG105", "TG106", "TG107", "TG201", "TG202", "TG203", "TG204", "TG301", "TG302", "TG401", "TG402", "TG501", "TG601"];

/** Waiver resource patterns: exact names the generators use, globs, and patterns that stress a matcher. */
const waiverResource: Arb<string> = fc.oneof(
  w(6, fc.constantFrom("*", "*job*", "aws_sagemaker_training_job.*", "module.*", "*.main", "*main*", "aws_s3_bucket.?ain", "TrainingJob*", "*processing*", "training-?", "Bucket", "*Bucket*", "aws_s3_bucket.data", "provider.aws", "*/*", "TrainingJob/job-1")),
  w(2, fc.constantFrom("[ab]*", "{a,b}*", "**", "?", "[", "\\*", "*.*.*", "*?*?*?*?*?*?*?*?*?*?*", "a*b*c*d*e*f*g*h*i*j*k*")),
  w(1, fc.stringMatching(/^[a-z_.*?]{1,12}$/)),
  w(1, fc.constantFrom("*\u00dc*", "?\u00fcn\u00efcode*", "aws_s3_bucket.?", "TrainingJob\u212a*", "*\u{1F600}*", "Tr?iningJob", "aws_sagemaker_training_job.main[?]", "module.tenant[\"?\"].*")),
);

const waiver: Arb<Waiver> = fc.record({
  id: fc.constantFrom(...ruleIds),
  resource: waiverResource,
  reason: fc.constant("fuzz"),
  expires: fc.constantFrom("2026-05-31", "2026-06-01", "2099-12-31", "2020-01-01"),
});

/** Caller settings: profiles, waivers and the date they expire against. */
const policyConfig: Arb<PolicyConfig> = fc
  .record({
    profiles: fc.subarray(["healthcare", "fips", "strict"]),
    waivers: fc.option(fc.array(waiver, { minLength: 1, maxLength: 4 }), { freq: 3 }),
    today: fc.option(fc.constantFrom("2026-06-01", "2100-01-01", "2020-01-01"), { freq: 6 }),
  })
  .map(({ profiles, waivers, today }) => ({ profiles, ...(waivers ? { waivers } : {}), ...(today !== null ? { today } : {}) }));

/** A replacement of one value of the rendered document (chosen by position in a walk of it). */
interface Mutation {
  at: number;
  value: Json | undefined;
}

const mutation: Arb<Mutation> = fc.record({
  at: fc.nat(),
  value: fc.constantFrom<Json | undefined>(undefined, null, true, false, 0, -1, 1.5, "", "x", [], {}, [null], { Ref: "Missing" }, "s3://", "true", 1e300, "Ü", [{}]),
});

/** Every path below the root, in a fixed walk order. */
function paths(value: Json, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  const children: Array<[string | number, Json]> = Array.isArray(value) ? value.map((item, i) => [i, item]) : value !== null && typeof value === "object" ? Object.entries(value) : [];
  for (const [key, item] of children) {
    out.push([...at, key]);
    paths(item, [...at, key], out);
  }
  return out;
}

/** A number of the document (by position among its numbers) replaced by one of 31 bits or more. */
interface BigNumber {
  at: number;
  value: number;
}

const bigNumber: Arb<BigNumber> = fc.record({ at: fc.nat(), value: fc.constantFrom(2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, 1e20) });

/** The document with numbers replaced (each by its position among the numbers of the document). */
function enlarge(document: JsonObject, replacements: BigNumber[]): JsonObject {
  if (replacements.length === 0) return document;
  const copy = structuredClone(document);
  const numbers = paths(copy).filter((p) => {
    let node: Json = copy;
    for (const key of p) node = (node as Record<string | number, Json>)[key]!;
    return typeof node === "number";
  });
  if (numbers.length === 0) return copy;
  for (const r of replacements) {
    const target = numbers[r.at % numbers.length]!;
    let parent: Json = copy;
    for (const key of target.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key]!;
    (parent as Record<string | number, Json>)[target[target.length - 1]!] = r.value;
  }
  return copy;
}

/** The document with each mutation applied (undefined removes the key, or nulls a list item). */
function mutate(document: JsonObject, mutations: Mutation[]): JsonObject {
  if (mutations.length === 0) return document;
  const copy = structuredClone(document);
  for (const m of mutations) {
    const all = paths(copy);
    if (all.length === 0) break;
    const target = all[m.at % all.length]!;
    let parent: Json = copy;
    for (const key of target.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key]!;
    const last = target[target.length - 1]!;
    if (m.value === undefined) {
      if (Array.isArray(parent)) parent[last as number] = null;
      else delete (parent as JsonObject)[last as string];
    } else {
      (parent as Record<string | number, Json>)[last] = structuredClone(m.value);
    }
  }
  return copy;
}

function documentOf(kind: InputKind, options: SampleOptions): Arb<Generated> {
  const size = options.size;
  switch (kind) {
    case "terraform_plan":
      return terraformPlan(size, options.stress);
    case "cloudformation":
      return cloudformationTemplate(size, options.stress);
    case "sagemaker_api":
      return apiDocument({ min: 0, max: Math.min(size.max, 20) });
    case "pipeline_definition":
      return pipelineDocument(size);
    case "step_functions":
      return stepFunctionsDocument(size);
    case "ack":
      return ackManifest;
  }
}

const kindWeights: Record<InputKind, number> = {
  terraform_plan: 6,
  cloudformation: 5,
  sagemaker_api: 3,
  pipeline_definition: 1,
  step_functions: 1,
  ack: 2,
};

/** Generated cases. */
export function sampleArb(options: SampleOptions): Arb<Sample> {
  const kinds = options.kinds ?? inputKinds;
  const documents = fc.oneof(...kinds.map((kind) => w(kindWeights[kind], documentOf(kind, options).map((generated) => ({ kind, generated })))));
  const mutations = options.mutate === false ? fc.constant<Mutation[]>([]) : fc.oneof(w(12, fc.constant<Mutation[]>([])), w(1, fc.array(mutation, { minLength: 1, maxLength: 3 })));
  const big = (options.bigNumbers ?? options.mutate) === false ? fc.constant<BigNumber[]>([]) : fc.oneof(w(40, fc.constant<BigNumber[]>([])), w(1, fc.array(bigNumber, { minLength: 1, maxLength: 2 })));
  return fc.record({ drawn: documents, config: policyConfig, mutations, big }).map(({ drawn, config, mutations, big }): Sample => {
    // Rendered when first read (see lazyDocument).
    let document: JsonObject | undefined;
    return {
      kind: drawn.kind,
      get document() {
        document ??= mutate(enlarge(drawn.generated.document, big), mutations);
        return document;
      },
      config,
      resources: drawn.generated.resources,
      mutations: mutations.length,
      bigNumbers: big.length,
    };
  });
}
