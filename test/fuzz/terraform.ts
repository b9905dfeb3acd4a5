/**
 * Arbitraries of Terraform plans (terraform show -json, format 1.x): resource_changes of every
 * type the policies read, in modules and with count/for_each instances, created, updated, kept,
 * replaced and deleted, with values unknown until apply (after_unknown); the configuration (module
 * calls, resource blocks with provider_config_key, constants and references resolved or not,
 * provider configurations and root variables); planned_values and prior_state (which the loader's
 * projection drops for the embedded engine and OPA reads whole); bare, HCP Terraform's
 * {"plan": …} or Spacelift's {"terraform": …}.
 */
import fc from "fast-check";

import { bucketName, type Env, jobBody, type JobKind, type MonitoringVariant, rstudioBody, type RStudioKind,s3Uri } from "./bodies.ts";
import { pipelineDefinition, type Size,stateMachine } from "./definitions.ts";
import { type Json, type JsonObject, type Leaf, type Node,renderBody } from "./model.ts";
import { goodGuardrail, goodStatement, policyDocument, resourcePattern, statement, stressStatements } from "./policies.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });

interface Module {
  address: string;
  /** Module call names, without instance keys (configuration is per call). */
  calls: string[];
}

const modules: Module[] = [
  { address: "", calls: [] },
  { address: "module.ml", calls: ["ml"] },
  { address: "module.ml.module.training", calls: ["ml", "training"] },
  { address: 'module.tenant["a"]', calls: ["tenant"] },
  { address: 'module.tenant["b"]', calls: ["tenant"] },
  { address: "module.tenant[0]", calls: ["tenant"] },
];

/** Resource names; references name them too, so that some resolve and some do not. */
const names = ["main", "training", "data", "logs", "ml", "a", "b"] as const;

/** A reference list as the configuration writes it (["aws_s3_bucket.data.id", "aws_s3_bucket.data"]). */
function reference(type: string): Arb<string[]> {
  return fc.oneof(
    w(10, fc.constantFrom(...names).map((n) => [`${type}.${n}.id`, `${type}.${n}`])),
    w(2, fc.tuple(fc.constantFrom(...names), fc.integer({ min: 0, max: 1 })).map(([n, i]) => [`${type}.${n}[${i}].id`, `${type}.${n}`])),
    w(1, fc.constantFrom(...names).map((n) => [`${type}.${n}["a"].arn`])),
    w(3, fc.constantFrom<string[]>(["var.id"], ["local.id"], ["data.aws_security_group.default.id", "data.aws_security_group.default"], ["module.network.id", "module.network"], ["aws_instance.main.id", "aws_instance.main"], [type], ["each.value"], ["count.index"])),
  );
}

/** What one resource change contributes (before the common fields: address, module, actions). */
interface Part {
  type: string;
  after: JsonObject;
  unknown: JsonObject;
  /** Configuration expressions with references, at their paths below expressions. */
  refs: Array<{ path: Array<string | number>; references: string[] }>;
}

const rendered = (type: string, format: "tf" | "awscc", node: Node, refs: Part["refs"] = []): Part => {
  const body = renderBody(format, node);
  return { type, after: body.value, unknown: body.unknown, refs };
};

const env: Env = {
  domainId: fc.oneof(w(2, fc.constant<Leaf>({ t: "lit", v: "d-abc123" })), w(3, fc.constant<Leaf>({ t: "unknown" }))),
};

const optionalRefs = (path: Array<string | number>, type: string, freq = 2): Arb<Part["refs"]> =>
  fc.option(fc.array(reference(type), { minLength: 1, maxLength: 2 }), { freq }).map((refs) => (refs ? [{ path, references: refs.flat() }] : []));

const jobTypes: Array<[string, "tf" | "awscc", JobKind, MonitoringVariant, Array<string | number>]> = [
  ["aws_sagemaker_training_job", "tf", "training", "DataQuality", ["vpc_config", 0, "security_group_ids"]],
  ["aws_sagemaker_hyper_parameter_tuning_job", "tf", "tuning", "DataQuality", ["training_job_definition", 0, "vpc_config", 0, "security_group_ids"]],
  ["aws_sagemaker_data_quality_job_definition", "tf", "monitoring_job_definition", "DataQuality", ["network_config", 0, "vpc_config", 0, "security_group_ids"]],
  ["aws_sagemaker_monitoring_schedule", "tf", "monitoring_schedule", "DataQuality", ["monitoring_schedule_config", 0, "monitoring_job_definition", 0, "network_config", 0, "vpc_config", 0, "security_group_ids"]],
  ["awscc_sagemaker_processing_job", "awscc", "processing", "DataQuality", ["network_config", "vpc_config", "security_group_ids"]],
  ["awscc_sagemaker_data_quality_job_definition", "awscc", "monitoring_job_definition", "DataQuality", ["network_config", "vpc_config", "security_group_ids"]],
  ["awscc_sagemaker_model_quality_job_definition", "awscc", "monitoring_job_definition", "ModelQuality", ["network_config", "vpc_config", "security_group_ids"]],
  ["awscc_sagemaker_model_bias_job_definition", "awscc", "monitoring_job_definition", "ModelBias", ["network_config", "vpc_config", "security_group_ids"]],
  ["awscc_sagemaker_model_explainability_job_definition", "awscc", "monitoring_job_definition", "ModelExplainability", ["network_config", "vpc_config", "security_group_ids"]],
  ["awscc_sagemaker_monitoring_schedule", "awscc", "monitoring_schedule", "DataQuality", ["monitoring_schedule_config", "monitoring_job_definition", "network_config", "vpc_config", "security_group_ids"]],
];

const jobPart: Arb<Part> = fc.oneof(
  ...jobTypes.map(([type, format, kind, variant, sgPath], i) =>
    w(i === 0 ? 10 : 3, fc
      .tuple(jobBody(format, env, kind, variant), optionalRefs(sgPath, "aws_security_group", 2), optionalRefs(["input_data_config", 0, "data_source", 0, "s3_data_source", 0, "s3_uri"], "aws_s3_bucket", 3))
      .map(([node, sg, buckets]) => rendered(type, format, node, [...sg, ...buckets]))),
  ),
);

const smallDefinition: Size = { min: 0, max: 3 };

/** aws_sagemaker_pipeline, awscc_sagemaker_pipeline, aws_sfn_state_machine: text, S3, unknown, broken. */
const embeddingPart: Arb<Part> = fc.oneof(
  w(3, fc
    .oneof(
      w(6, pipelineDefinition(smallDefinition).map((d): [JsonObject, JsonObject] => [{ pipeline_definition: JSON.stringify(d.value) }, {}])),
      w(1, fc.constant<[JsonObject, JsonObject]>([{ pipeline_definition_s3_location: [{ bucket: "ml-data", object_key: "pipeline.json", version_id: null }] }, {}])),
      w(1, fc.constant<[JsonObject, JsonObject]>([{}, { pipeline_definition: true }])),
      w(1, fc.constantFrom("not json", "[1, 2]", "", '{"Steps": 1}', "null", "true", " false", "1", '"text"').map((t): [JsonObject, JsonObject] => [{ pipeline_definition: t }, {}])),
    )
    .map(([after, unknown]) => ({ type: "aws_sagemaker_pipeline", after: { pipeline_name: "p", role_arn: "arn:aws:iam::123456789012:role/p", ...after }, unknown, refs: [] }))),
  w(1, fc
    .oneof(
      w(4, pipelineDefinition(smallDefinition).map((d): JsonObject => ({ pipeline_definition_body: JSON.stringify(d.value) }))),
      w(1, fc.constant<JsonObject>({ pipeline_definition_s3_location: { bucket: "ml-data", key: "p.json" } })),
    )
    .map((definition) => ({ type: "awscc_sagemaker_pipeline", after: { pipeline_name: "p", pipeline_definition: definition }, unknown: {}, refs: [] }))),
  w(3, fc
    .oneof(
      w(6, stateMachine(smallDefinition).map((d): [JsonObject, JsonObject] => [{ definition: JSON.stringify(d.value) }, {}])),
      w(1, fc.constant<[JsonObject, JsonObject]>([{}, { definition: true }])),
      w(1, fc.constantFrom("{", '{"StartAt": "A"}', "[]", "false", "0").map((t): [JsonObject, JsonObject] => [{ definition: t }, {}])),
      w(1, fc.constant<[JsonObject, JsonObject]>([{ definition_s3_location: [{ bucket: "ml-data", key: "sfn.json" }] }, {}])),
    )
    .map(([after, unknown]) => ({ type: "aws_sfn_state_machine", after: { name: "sm", role_arn: "arn:aws:iam::123456789012:role/sfn", ...after }, unknown, refs: [] }))),
);

const rstudioTypes: Array<[string, RStudioKind]> = [
  ["aws_sagemaker_domain", "domain"],
  ["aws_sagemaker_user_profile", "user_profile"],
  ["aws_sagemaker_app", "app"],
];

const rstudioPart: Arb<Part> = fc.oneof(
  ...rstudioTypes.map(([type, kind]) =>
    fc.tuple(rstudioBody("tf", env, kind), kind === "domain" ? fc.constant<Part["refs"]>([]) : optionalRefs(["domain_id"], "aws_sagemaker_domain", 1)).map(([node, refs]) => rendered(type, "tf", node, refs)),
  ),
);

const policyText = (doc: JsonObject, pretty: boolean) => (pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc));

/** A bucket policy document: random statements, with the statements the rules want mixed in. */
const bucketPolicy: Arb<JsonObject> = fc
  .record({
    doc: policyDocument(fc.array(statement(resourcePattern(bucketName)), { minLength: 1, maxLength: 5 })),
    good: fc.option(fc.tuple(bucketName, fc.boolean(), fc.boolean()), { freq: 2 }),
  })
  .map(({ doc, good }) => {
    if (!good) return doc;
    const [b, tls, both] = good;
    const extra = [goodStatement((suffix) => `arn:aws:s3:::${b}${suffix}`, tls), ...(both ? [goodStatement((suffix) => `arn:aws:s3:::${b}${suffix}`, !tls)] : [])];
    const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement!];
    return { ...doc, Statement: [...extra, ...statements] };
  });

const s3Parts: Arb<Part> = fc.oneof(
  w(5, fc
    .record({ bucket: fc.option(bucketName, { freq: 8 }), inline: fc.option(bucketPolicy, { freq: 5 }), pretty: fc.boolean() })
    .map(({ bucket, inline, pretty }): Part => ({
      type: "aws_s3_bucket",
      after: { ...(bucket !== null ? { bucket } : {}), force_destroy: false, tags: { team: "ml" }, ...(inline ? { policy: policyText(inline, pretty) } : {}) },
      unknown: { arn: true, id: true, ...(bucket === null ? { bucket: true } : {}), ...(inline ? {} : { policy: true }) },
      refs: [],
    }))),
  w(4, fc
    .record({
      bucket: fc.option(bucketName, { freq: 4 }),
      policy: fc.oneof(w(10, bucketPolicy.map((d): Json => d)), w(1, fc.constant<Json>(null)), w(1, fc.constantFrom<Json>("{", "", '"text"', "true", "[]", "null"))),
      pretty: fc.boolean(),
      refs: optionalRefs(["bucket"], "aws_s3_bucket", 1),
    })
    .map(({ bucket, policy, pretty, refs }): Part => ({
      type: "aws_s3_bucket_policy",
      after: { ...(bucket !== null ? { bucket } : {}), ...(typeof policy === "string" ? { policy } : policy !== null ? { policy: policyText(policy as JsonObject, pretty) } : {}) },
      unknown: { id: true, ...(bucket === null ? { bucket: true } : {}), ...(policy === null ? { policy: true } : {}) },
      refs,
    }))),
  w(1, fc.tuple(s3Uri, optionalRefs(["primary_container", 0, "model_data_url"], "aws_s3_bucket", 1)).map(([uri, refs]): Part => ({
    type: "aws_sagemaker_model",
    after: { name: "model", execution_role_arn: "arn:aws:iam::123456789012:role/m", primary_container: [{ image: "img", model_data_url: uri }] },
    unknown: { arn: true, id: true },
    refs,
  }))),
);

/** IAM policies and SCPs: the guardrail transit-guard prints, or random statements. */
const iamPart: Arb<Part> = fc
  .record({
    type: fc.constantFrom("aws_iam_policy", "aws_iam_policy", "aws_iam_role_policy", "aws_organizations_policy"),
    doc: fc.oneof(w(2, fc.constant(goodGuardrail)), w(6, policyDocument(fc.array(statement(fc.constantFrom<Json>("*", "arn:aws:sagemaker:*:*:training-job/*")), { minLength: 1, maxLength: 5 })))),
    pretty: fc.boolean(),
    unknown: fc.oneof(w(12, fc.constant(false)), w(1, fc.constant(true))),
  })
  .map(({ type, doc, pretty, unknown }): Part => {
    const attribute = type === "aws_organizations_policy" ? "content" : "policy";
    return {
      type,
      after: { name: "guardrail", ...(type === "aws_organizations_policy" ? { type: "SERVICE_CONTROL_POLICY" } : {}), ...(unknown ? {} : { [attribute]: policyText(doc, pretty) }) },
      unknown: { arn: true, id: true, ...(unknown ? { [attribute]: true } : {}) },
      refs: [],
    };
  });

const serviceNames = [
  "com.amazonaws.us-east-1.sagemaker.api",
  "com.amazonaws.us-east-1.sagemaker.api-fips",
  "com.amazonaws.us-west-2.sagemaker.runtime",
  "com.amazonaws.us-west-2.sagemaker.runtime-fips",
  "com.amazonaws.eu-west-1.sagemaker.api",
  "com.amazonaws.us-gov-west-1.sagemaker.runtime",
  "com.amazonaws.ca-central-1.sagemaker.runtime",
  "cn.com.amazonaws.cn-north-1.sagemaker.api",
  "com.amazonaws.us-east-1.s3",
  "com.amazonaws.us-east-1.sagemaker.featurestore-runtime",
  "com.amazonaws.${region}.sagemaker.api",
];

const endpointPart: Arb<Part> = fc.option(fc.constantFrom(...serviceNames), { freq: 10 }).map((service): Part => ({
  type: "aws_vpc_endpoint",
  after: { vpc_endpoint_type: "Interface", vpc_id: "vpc-1", ...(service !== null ? { service_name: service } : {}) },
  unknown: { id: true, ...(service === null ? { service_name: true } : {}) },
  refs: [],
}));

const protocol = fc.constantFrom<Json>("-1", "udp", "17", "50", "esp", "tcp", "all", "UDP", "ESP", 50, 17, -1, "6", "icmp");
const ports = fc.constantFrom<[Json, Json]>([500, 500], [500, 500], [0, 0], [0, 65535], [443, 443], [400, 499], [501, 600], [-1, -1], ["500", "500"], [0, 500], [null, null]);

const inlineRule = fc.record({ protocol, ports, self: fc.boolean(), cidr: fc.constantFrom<Json>([], ["0.0.0.0/0"], ["10.0.0.0/8"]), ipv6: fc.constantFrom<Json>([], [], ["::/0"]) }).map(
  (r): JsonObject => ({
    protocol: r.protocol,
    from_port: r.ports[0],
    to_port: r.ports[1],
    self: r.self,
    cidr_blocks: r.cidr,
    ipv6_cidr_blocks: r.ipv6,
    description: "",
    prefix_list_ids: [],
    security_groups: [],
  }),
);

const securityGroupParts: Arb<Part> = fc.oneof(
  w(4, fc.record({ ingress: fc.array(inlineRule, { maxLength: 4 }), egress: fc.array(inlineRule, { maxLength: 4 }) }).map(({ ingress, egress }): Part => ({
    type: "aws_security_group",
    after: { name: "sg", description: "SageMaker", vpc_id: "vpc-1", ingress, egress, revoke_rules_on_delete: false },
    unknown: { arn: true, id: true, owner_id: true },
    refs: [],
  }))),
  w(3, fc
    .record({
      rule: inlineRule,
      type: fc.constantFrom("ingress", "egress"),
      group: optionalRefs(["security_group_id"], "aws_security_group", 8),
      source: optionalRefs(["source_security_group_id"], "aws_security_group", 2),
    })
    .map(({ rule, type, group, source }): Part => ({
      type: "aws_security_group_rule",
      after: { type, protocol: rule.protocol!, from_port: rule.from_port!, to_port: rule.to_port!, self: rule.self!, cidr_blocks: rule.cidr_blocks! },
      unknown: { id: true, security_group_id: true, ...(source.length > 0 ? { source_security_group_id: true } : {}) },
      refs: [...group, ...source],
    }))),
  w(4, fc
    .record({
      direction: fc.constantFrom("ingress", "egress"),
      protocol,
      ports,
      cidr4: fc.constantFrom<Json>(null, null, "0.0.0.0/0", "10.0.0.0/8"),
      cidr6: fc.constantFrom<Json>(null, null, "::/0"),
      group: optionalRefs(["security_group_id"], "aws_security_group", 8),
      peer: optionalRefs(["referenced_security_group_id"], "aws_security_group", 4),
    })
    .map((r): Part => ({
      type: `aws_vpc_security_group_${r.direction}_rule`,
      after: { ip_protocol: r.protocol, from_port: r.ports[0], to_port: r.ports[1], cidr_ipv4: r.cidr4, cidr_ipv6: r.cidr6, description: "IPsec" },
      unknown: { arn: true, id: true, security_group_id: true, ...(r.peer.length > 0 ? { referenced_security_group_id: true } : {}) },
      refs: [...r.group, ...r.peer],
    }))),
);

/** Resources no policy reads (the loader's projection drops them). */
const noisePart: Arb<Part> = fc
  .tuple(fc.constantFrom("aws_instance", "aws_lambda_function", "aws_iam_role", "aws_kms_key", "aws_cloudwatch_log_group"), s3Uri)
  .map(([type, uri]): Part => ({
    type,
    after: { name: "noise", description: uri, policy: JSON.stringify(goodGuardrail), tags: { team: "platform" }, settings: [{ nested: [{ value: 1 }] }] },
    unknown: { arn: true, id: true },
    refs: [],
  }));

/** A bucket policy or guardrail with many distinct wildcard patterns. */
function stressPart(count: { min: number; max: number }): Arb<Part> {
  return fc.tuple(stressStatements(bucketName, count), fc.boolean(), bucketName).map(([statements, iam, b]): Part =>
    iam
      ? { type: "aws_iam_policy", after: { name: "stress", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }, unknown: { arn: true }, refs: [] }
      : { type: "aws_s3_bucket_policy", after: { bucket: b, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }, unknown: { id: true }, refs: [] },
  );
}

const part: Arb<Part> = fc.oneof(
  w(12, jobPart),
  w(5, embeddingPart),
  w(5, rstudioPart),
  w(10, s3Parts),
  w(3, iamPart),
  w(2, endpointPart),
  w(9, securityGroupParts),
  w(4, noisePart),
  w(1, stressPart({ min: 5, max: 40 })),
);

/** One resource change: a part plus where it sits and what happens to it. */
interface Change {
  part: Part;
  module: Module;
  name: string;
  index: number | string | null;
  actions: string[];
  mode: "managed" | "data";
  providerKey: string;
}

const change: Arb<Change> = fc.record({
  part,
  module: fc.oneof(w(6, fc.constant(modules[0]!)), w(4, fc.constantFrom(...modules.slice(1)))),
  name: fc.constantFrom(...names),
  index: fc.oneof(w(8, fc.constant(null)), w(2, fc.integer({ min: 0, max: 2 })), w(1, fc.constantFrom("a", "prod"))),
  actions: fc.oneof(w(14, fc.constant<string[]>(["create"])), w(3, fc.constant<string[]>(["no-op"])), w(2, fc.constant<string[]>(["update"])), w(1, fc.constantFrom<string[]>(["delete"], ["delete", "create"], ["create", "delete"], ["forget"], ["read"]))),
  mode: fc.oneof(w(30, fc.constant<"managed">("managed")), w(1, fc.constant<"data">("data"))),
  providerKey: fc.constantFrom("aws", "aws", "aws", "aws.west", "ml:aws"),
});

const expression = (values: Json[], refs: string[][]): Arb<JsonObject | undefined> =>
  fc.oneof(
    w(4, fc.constantFrom(...values).map((v): JsonObject => ({ constant_value: v }))),
    w(2, fc.constantFrom(...refs).map((r): JsonObject => ({ references: r }))),
    w(1, fc.constantFrom<JsonObject | undefined>({ constant_value: null }, {})),
    w(3, fc.constant(undefined)),
  );

const provider = fc.record({
  region: expression(["us-east-1", "eu-west-1", "us-gov-west-1", "ca-central-1"], [["var.region"], ["local.region"]]),
  fips: expression([true, false, "true", "false"], [["var.fips"], ["local.fips"], ["var.region", "var.fips"]]),
  endpoint: fc.option(expression(["https://api-fips.sagemaker.us-east-1.amazonaws.com", "https://sagemaker.internal.example.com", 42], [["var.endpoint"], ["local.endpoint"]]), { freq: 4 }),
});

const providers = fc.record({
  aws: fc.option(provider, { freq: 8 }),
  west: fc.option(provider, { freq: 2 }),
  module: fc.option(provider, { freq: 2 }),
});

const variables = fc.record({
  region: fc.option(fc.constantFrom<Json>("us-east-1", "eu-west-1", "us-gov-east-1", null)),
  fips: fc.option(fc.constantFrom<Json>(true, false, "true", "TRUE", null)),
  endpoint: fc.option(fc.constantFrom<Json>("https://api-fips.sagemaker.us-west-2.amazonaws.com", "https://example.com")),
});

function renderProvider(p: { region: JsonObject | undefined; fips: JsonObject | undefined; endpoint: JsonObject | undefined | null }, extra: JsonObject): JsonObject {
  const expressions: JsonObject = {};
  if (p.region) expressions.region = p.region;
  if (p.fips) expressions.use_fips_endpoint = p.fips;
  if (p.endpoint) expressions.endpoints = [{ sagemaker: p.endpoint }];
  return { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", ...extra, expressions };
}

function setAt(root: JsonObject, path: Array<string | number>, value: Json): void {
  let current: Json = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const container = current as Record<string | number, Json>;
    const next = container[key];
    if (next === undefined || next === null || typeof next !== "object") container[key] = typeof path[i + 1] === "number" ? [{}] : {};
    current = container[key]!;
  }
  (current as Record<string | number, Json>)[path[path.length - 1]!] = value;
}

interface ConfigModule {
  resources: JsonObject[];
  calls: Map<string, ConfigModule>;
}

const renderModule = (m: ConfigModule): JsonObject => ({
  resources: m.resources,
  ...(m.calls.size > 0
    ? { module_calls: Object.fromEntries([...m.calls].map(([name, call]) => [name, { source: `./modules/${name}`, ...(name === "tenant" ? { for_each_expression: { references: ["local.tenants"] } } : {}), module: renderModule(call) }])) }
    : {}),
});

/** A generated document with what it holds. */
export interface Generated {
  document: JsonObject;
  /** How many resources (changes, template resources, steps, states) it holds. */
  resources: number;
}

/**
 * A document rendered when first read: fast-check builds every shrink candidate it enumerates,
 * and rendering a plan of a thousand resources for each (most never checked) takes minutes.
 */
export function lazyDocument(resources: number, render: () => JsonObject): Generated {
  let cached: JsonObject | undefined;
  return {
    resources,
    get document() {
      cached ??= render();
      return cached;
    },
  };
}

/** A Terraform plan of size.min to size.max resource changes (plus stress policies when asked). */
export function terraformPlan(size: Size, stress?: { min: number; max: number }): Arb<Generated> {
  return fc
    .record({
      changes: fc.array(change, { minLength: size.min, maxLength: size.max }),
      stress: stress ? fc.array(stressPart(stress), { minLength: 1, maxLength: 2 }) : fc.constant<Part[]>([]),
      providers,
      variables,
      envelope: fc.constantFrom("bare", "bare", "bare", "bare", "plan", "terraform"),
      configuration: fc.oneof(w(8, fc.constant(true)), w(1, fc.constant(false))),
      planned: fc.oneof(w(3, fc.constant(false)), w(1, fc.constant(true))),
      prior: fc.oneof(w(3, fc.constant(false)), w(1, fc.constant(true))),
      formatVersion: fc.constantFrom("1.2", "1.2", "1.0", "1.1"),
    })
    .map((p) => {
      const changes = p.changes.concat(p.stress.map((s) => ({ part: s, module: modules[0]!, name: "stress", index: null, actions: ["create"], mode: "managed" as const, providerKey: "aws" })));
      return lazyDocument(changes.length, () => renderPlan(changes, p).document);
    });
}

function renderPlan(
  changes: Change[],
  p: {
    providers: { aws: Parameters<typeof renderProvider>[0] | null; west: Parameters<typeof renderProvider>[0] | null; module: Parameters<typeof renderProvider>[0] | null };
    variables: { region: Json | null; fips: Json | null; endpoint: Json | null };
    envelope: string;
    configuration: boolean;
    planned: boolean;
    prior: boolean;
    formatVersion: string;
  },
): Generated {
  const used = new Set<string>();
  const blocks = new Map<string, JsonObject>();
  const root: ConfigModule = { resources: [], calls: new Map() };
  const resourceChanges: JsonObject[] = [];
  const planned: JsonObject[] = [];
  const prior: JsonObject[] = [];
  for (const c of changes) {
    const type = c.part.type;
    let name = c.name;
    const indexText = c.index === null ? "" : typeof c.index === "number" ? `[${c.index}]` : `["${c.index}"]`;
    const identity = (n: string) => `${c.module.address}|${c.mode}|${type}|${n}${indexText}`;
    for (let n = 2; used.has(identity(name)); n++) name = `${c.name}_${n}`;
    used.add(identity(name));
    const local = `${c.mode === "data" ? "data." : ""}${type}.${name}${indexText}`;
    const address = c.module.address ? `${c.module.address}.${local}` : local;
    const actions = c.mode === "data" ? ["read"] : c.actions;
    const gone = actions.includes("delete") && !actions.includes("create") || actions[0] === "forget";
    const after = gone ? null : c.part.after;
    const before = actions[0] === "create" || actions[0] === "read" ? null : { ...c.part.after, id: `${name}-id` };
    const providerKey = type.startsWith("awscc_") ? "awscc" : c.providerKey;
    resourceChanges.push({
      address,
      ...(c.module.address ? { module_address: c.module.address } : {}),
      mode: c.mode,
      type,
      name,
      ...(c.index === null ? {} : { index: c.index }),
      provider_name: `registry.terraform.io/hashicorp/${type.split("_")[0]}`,
      change: {
        actions,
        before,
        after,
        after_unknown: gone ? {} : c.part.unknown,
        before_sensitive: before ? {} : false,
        after_sensitive: after ? {} : false,
      },
    });
    const state = { address, mode: c.mode, type, name, ...(c.index === null ? {} : { index: c.index }), provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, sensitive_values: {} };
    if (after) planned.push({ ...state, values: after });
    if (before) prior.push({ ...state, values: before });
    const blockKey = `${c.module.calls.join(".")}|${c.mode}|${type}|${name}`;
    if (!blocks.has(blockKey)) {
      const expressions: JsonObject = {};
      for (const [key, value] of Object.entries(c.part.after)) {
        if (value === null || typeof value !== "object") expressions[key] = { constant_value: value };
      }
      for (const ref of c.part.refs) setAt(expressions, ref.path, { references: ref.references });
      const block: JsonObject = { address: `${c.mode === "data" ? "data." : ""}${type}.${name}`, mode: c.mode, type, name, provider_config_key: providerKey, expressions, schema_version: 0 };
      if (typeof c.index === "number") block.count_expression = { references: ["var.instances"] };
      if (typeof c.index === "string") block.for_each_expression = { references: ["var.names"] };
      blocks.set(blockKey, block);
      let target = root;
      for (const call of c.module.calls) {
        let next = target.calls.get(call);
        if (!next) target.calls.set(call, (next = { resources: [], calls: new Map() }));
        target = next;
      }
      target.resources.push(block);
    }
  }
  const providerConfig: JsonObject = {};
  if (p.providers.aws) providerConfig.aws = renderProvider(p.providers.aws, {});
  if (p.providers.west) providerConfig["aws.west"] = renderProvider(p.providers.west, { alias: "west" });
  if (p.providers.module) providerConfig["ml:aws"] = renderProvider(p.providers.module, { module_address: "module.ml" });
  const variables: JsonObject = {};
  for (const [key, value] of Object.entries(p.variables)) if (value !== null) variables[key] = { value };
  const plan: JsonObject = {
    format_version: p.formatVersion,
    terraform_version: "1.9.8",
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(p.planned ? { planned_values: { root_module: { resources: planned } } } : {}),
    resource_changes: resourceChanges,
    ...(p.prior ? { prior_state: { format_version: "1.0", terraform_version: "1.9.8", values: { root_module: { resources: prior } } } } : {}),
    ...(p.configuration ? { configuration: { provider_config: providerConfig, root_module: renderModule(root) } } : {}),
    timestamp: "2026-01-15T10:00:00Z",
    applyable: true,
    complete: true,
    errored: false,
  };
  const document: JsonObject =
    p.envelope === "plan"
      ? { plan, run: { id: "run-1", workspace: { name: "ml" } } }
      : p.envelope === "terraform"
        ? { terraform: plan, spacelift: { run: { id: "r1" } } }
        : plan;
  return { document, resources: resourceChanges.length };
}
