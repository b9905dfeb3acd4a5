/**
 * Synthetic Terraform plans, as `terraform show -json` writes them (format 1.2, one line): planned_values,
 * resource_changes, prior_state, configuration; from one seeded PRNG, so the same file on every machine.
 *  - ordinary: 3 % aws_sagemaker_training_job in every variant TG101 distinguishes (flag true, false, null,
 *    unknown; one instance, several, instance groups, unknown count) among 12 common AWS types;
 *  - mix: buckets with bucket or inline policies (TLS denies, wildcards in Resource), training jobs in security
 *    groups with inline or separate rules, data- and model-quality monitoring definitions writing to buckets in
 *    and outside the plan, IAM policies with many statements and guardrails, VPC endpoints, ordinary resources.
 * The generator counts the findings it planted for TG101, TG105, TG501 and TG601 (PlanMeta.expected).
 * Usage: tsx tooling/bench/generate.ts <ordinary|mix> <resources> [<file>]
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";

import { repoRoot } from "../build/paths.ts";

/** Bumped whenever the generated plans change, so that the runner regenerates stale files. */
export const generatorVersion = 2;
const defaultSeed = 0x5a6e;
export type Shape = "ordinary" | "mix";
type Level = "deny" | "warn";
type Counts = { failures: number; warnings: number };

/** What a generated plan holds (<plan>.meta.json); expected: the findings the default profile must report, by rule. */
export interface PlanMeta { generatorVersion: number; shape: Shape; seed: number; resources: number; bytes: number; moduleInstances: number; expected: Record<string, Counts> }

/** mulberry32: tiny, fast, identical on every platform. */
class Random {
  constructor(private state: number) {}
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int = (min: number, max: number) => min + Math.floor(this.float() * (max - min + 1));
  chance = (p: number) => this.float() < p;
  pick = <T>(items: readonly T[]): T => items[Math.floor(this.float() * items.length)]!;
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let r = this.float() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items[items.length - 1]![0];
  }
  hex(length: number): string {
    let s = "";
    while (s.length < length) s += Math.floor(this.float() * 0x100000000).toString(16).padStart(8, "0");
    return s.slice(0, length);
  }
}

type Json = Record<string, unknown>;

/**
 * One resource instance: planned values, after_unknown, the computed values (known once it exists),
 * after_sensitive, expressions of its configuration block beyond the generic ones (references to other
 * resources), and the findings it must produce under the default profile (unless deleted).
 */
interface Instance { after: Json; unknown: Json; computed: Json; sensitive: Json; config?: Json; expect?: Array<[string, Level]> }
interface Context { rnd: Random; module: string; name: string; env: string; account: string; region: string }

const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];
const envs = ["prod", "staging", "dev", "sandbox"];
const teams = ["ml-platform", "data-eng", "payments", "search", "growth", "infra", "risk"];
const words = "artifacts logs raw curated features models events audit backup assets web api worker batch ingest export reports cache queue stream".split(" ");
const arn = (c: Context, service: string, resource: string) => `arn:aws:${service}:${c.region}:${c.account}:${resource}`;
const slug = (c: Context) => `${c.env}-${c.module ? `${c.module}-` : ""}${c.name}`.replace(/[^a-z0-9-]/g, "-");
const uuid = (c: Context) => `${c.rnd.hex(8)}-${c.rnd.hex(4)}-${c.rnd.hex(4)}-${c.rnd.hex(4)}-${c.rnd.hex(12)}`;
const tags = (c: Context, extra: Json = {}): Json => ({ Environment: c.env, Team: c.rnd.pick(teams), CostCenter: `cc-${c.rnd.int(1000, 9999)}`, ManagedBy: "terraform", Repository: "github.com/example/infrastructure", ...extra });
const ref = (type: string, name: string, attribute = "id") => ({ references: [`${type}.${name}.${attribute}`, `${type}.${name}`] });

/** Nested blocks as Terraform mirrors them in after_unknown and after_sensitive: [{}…] per block, {} per map. */
function mirror(after: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(after)) {
    if (Array.isArray(value)) out[key] = value.map((v) => (v !== null && typeof v === "object" ? {} : false));
    else if (value !== null && typeof value === "object") out[key] = {};
  }
  return out;
}

/** An instance from its planned values and the attributes computed at apply (unknown in the plan). */
function res(after: Json, computed: Json, extra: Pick<Instance, "config" | "expect"> = {}, nulls = ""): Instance {
  for (const key of nulls.split(" ").filter(Boolean)) computed[key] = null;
  if (after.tags && !Array.isArray(after.tags)) after.tags_all = { ...(after.tags as Json), Owner: "platform@example.com" };
  const shape = mirror(after);
  const unknown = { ...shape, ...Object.fromEntries(Object.keys(computed).map((key) => [key, true])) };
  return { after, computed, unknown, sensitive: shape, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Ordinary AWS resources

function s3Bucket(c: Context, bucket = `${slug(c)}-${c.rnd.hex(6)}`, policy?: string): Instance {
  return res(
    { bucket, force_destroy: false, object_lock_enabled: c.rnd.chance(0.1), ...(policy ? { policy } : {}), tags: tags(c), timeouts: null },
    {
      arn: `arn:aws:s3:::${bucket}`, id: bucket, bucket_domain_name: `${bucket}.s3.amazonaws.com`, bucket_prefix: "",
      bucket_regional_domain_name: `${bucket}.s3.${c.region}.amazonaws.com`, hosted_zone_id: "Z3AQBSTGFYJSTF", region: c.region,
      request_payer: "BucketOwner", acceleration_status: "", ...(policy ? {} : { policy: "" }),
    },
    {}, "acl cors_rule grant lifecycle_rule logging object_lock_configuration replication_configuration server_side_encryption_configuration versioning website website_domain website_endpoint",
  );
}

/** The separate bucket settings, by type. */
const bucketParts: Record<string, (c: Context) => Instance> = {
  aws_s3_bucket_versioning: (c) => res({ bucket: `${slug(c)}-${c.rnd.hex(6)}`, expected_bucket_owner: null, mfa: null, versioning_configuration: [{ mfa_delete: null, status: "Enabled" }] }, { id: slug(c) }),
  aws_s3_bucket_server_side_encryption_configuration: (c) => res({ bucket: `${slug(c)}-${c.rnd.hex(6)}`, expected_bucket_owner: null, rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: arn(c, "kms", `key/${uuid(c)}`), sse_algorithm: "aws:kms" }], bucket_key_enabled: true }] }, { id: slug(c) }),
  aws_s3_bucket_public_access_block: (c) => res({ block_public_acls: true, block_public_policy: true, bucket: `${slug(c)}-${c.rnd.hex(6)}`, ignore_public_acls: true, restrict_public_buckets: true }, { id: slug(c) }),
};

function iamRole(c: Context): Instance {
  const name = slug(c).slice(0, 60);
  const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: c.rnd.pick(["lambda.amazonaws.com", "sagemaker.amazonaws.com", "ec2.amazonaws.com"]) }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": c.account } } }] };
  return res(
    { assume_role_policy: JSON.stringify(trust), description: `Role for ${c.name} in ${c.env}`, force_detach_policies: false, max_session_duration: 3600, name, path: "/", permissions_boundary: null, tags: tags(c) },
    { arn: `arn:aws:iam::${c.account}:role/${name}`, id: name, create_date: "2024-03-11T09:21:44Z", unique_id: `AROA${c.rnd.hex(17).toUpperCase()}`, name_prefix: "", managed_policy_arns: [], inline_policy: [] },
  );
}

const iamAttachment = (c: Context) =>
  res({ policy_arn: c.rnd.pick(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]), role: slug(c).slice(0, 60) }, { id: `${slug(c).slice(0, 40)}-${c.rnd.hex(20)}` });

function instance(c: Context): Instance {
  return res(
    {
      ami: `ami-0${c.rnd.hex(16)}`, associate_public_ip_address: false, credit_specification: [], disable_api_stop: false, disable_api_termination: false, ebs_optimized: true,
      get_password_data: false, hibernation: false, iam_instance_profile: slug(c).slice(0, 60), instance_type: c.rnd.pick(["t3.medium", "m6i.large", "c6i.2xlarge"]), launch_template: [],
      monitoring: true, source_dest_check: true, subnet_id: `subnet-0${c.rnd.hex(16)}`, tags: tags(c, { Name: slug(c) }), timeouts: null, user_data_replace_on_change: false, volume_tags: null,
      metadata_options: [{ http_endpoint: "enabled", http_put_response_hop_limit: 1, http_tokens: "required", instance_metadata_tags: "disabled" }],
      root_block_device: [{ delete_on_termination: true, encrypted: true, tags: null, volume_size: c.rnd.pick([20, 50, 100]), volume_type: "gp3" }],
    },
    {
      arn: arn(c, "ec2", `instance/i-0${c.rnd.hex(16)}`), availability_zone: `${c.region}a`, id: `i-0${c.rnd.hex(16)}`, instance_state: "running", tenancy: "default", public_ip: "",
      private_ip: `10.${c.rnd.int(0, 255)}.${c.rnd.int(0, 255)}.${c.rnd.int(1, 254)}`, private_dns: "ip-10-0-0-1.ec2.internal", public_dns: "", key_name: "",
      vpc_security_group_ids: [`sg-0${c.rnd.hex(16)}`], security_groups: [], primary_network_interface_id: `eni-0${c.rnd.hex(16)}`,
    },
    {}, "capacity_reservation_specification cpu_options ebs_block_device enclave_options ephemeral_block_device host_id instance_lifecycle ipv6_addresses maintenance_options network_interface outpost_arn password_data placement_group private_dns_name_options secondary_private_ips spot_instance_request_id user_data user_data_base64",
  );
}

const sgRule = (port: number, cidr: string, protocol = "tcp", self = false) =>
  ({ cidr_blocks: cidr ? [cidr] : [], description: `Allow ${port}`, from_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol, security_groups: [], self, to_port: port });

function securityGroup(c: Context, ingress = Array.from({ length: c.rnd.int(1, 3) }, () => sgRule(c.rnd.pick([443, 5432, 6379, 8080, 9092]), `10.${c.rnd.int(0, 255)}.0.0/16`)), egress = [sgRule(0, "0.0.0.0/0", "-1")]): Instance {
  return res(
    { description: `Security group for ${c.name}`, egress, ingress, name: slug(c), revoke_rules_on_delete: false, tags: tags(c), timeouts: null, vpc_id: `vpc-0${c.rnd.hex(16)}` },
    { arn: arn(c, "ec2", `security-group/sg-0${c.rnd.hex(16)}`), id: `sg-0${c.rnd.hex(16)}`, owner_id: c.account, name_prefix: "" },
  );
}

function lambdaFunction(c: Context): Instance {
  const name = slug(c).slice(0, 64);
  return res(
    {
      architectures: ["arm64"], code_signing_config_arn: null, dead_letter_config: [], description: `${c.name} handler`,
      environment: [{ variables: { LOG_LEVEL: "info", STAGE: c.env, TABLE_NAME: `${slug(c)}-table`, POWERTOOLS_SERVICE_NAME: c.name } }],
      ephemeral_storage: [{ size: 512 }], file_system_config: [], filename: "build/handler.zip", function_name: name, handler: "index.handler", image_config: [],
      image_uri: null, kms_key_arn: null, layers: null, memory_size: c.rnd.pick([128, 256, 512, 1024]), package_type: "Zip", publish: false,
      reserved_concurrent_executions: -1, runtime: c.rnd.pick(["nodejs20.x", "python3.12", "java21"]), s3_bucket: null, s3_key: null, skip_destroy: false,
      source_code_hash: c.rnd.hex(43), tags: tags(c), timeout: c.rnd.pick([3, 30, 60, 300]), timeouts: null, tracing_config: [{ mode: "Active" }], vpc_config: [],
    },
    {
      arn: arn(c, "lambda", `function:${name}`), id: name, invoke_arn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn(c, "lambda", `function:${name}`)}/invocations`,
      last_modified: "2024-05-02T10:14:03.000+0000", qualified_arn: arn(c, "lambda", `function:${name}:$LATEST`), version: "$LATEST", role: `arn:aws:iam::${c.account}:role/${name}`,
      source_code_size: c.rnd.int(10_000, 9_000_000), code_sha256: c.rnd.hex(43),
    },
    {}, "logging_config qualified_invoke_arn signing_job_arn snap_start",
  );
}

function logGroup(c: Context): Instance {
  const name = `/aws/${c.rnd.pick(["lambda", "ecs", "sagemaker/TrainingJobs", "vendedlogs"])}/${slug(c)}`;
  return res({ kms_key_id: null, log_group_class: "STANDARD", name, name_prefix: null, retention_in_days: c.rnd.pick([7, 30, 90, 365]), skip_destroy: false, tags: tags(c) }, { arn: arn(c, "logs", `log-group:${name}`), id: name });
}

function kmsKey(c: Context): Instance {
  const id = uuid(c);
  const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${c.account}:root` }, Action: "kms:*", Resource: "*" }] });
  return res(
    { bypass_policy_lockout_safety_check: false, custom_key_store_id: null, customer_master_key_spec: "SYMMETRIC_DEFAULT", deletion_window_in_days: 30, description: `CMK for ${c.name}`, enable_key_rotation: true, is_enabled: true, key_usage: "ENCRYPT_DECRYPT", multi_region: false, rotation_period_in_days: 365, tags: tags(c), xks_key_id: null },
    { arn: arn(c, "kms", `key/${id}`), id, key_id: id, policy },
  );
}

/** The ordinary resource types, weighted roughly as they occur in AWS estates. */
const otherTypes: ReadonlyArray<readonly [readonly [string, (c: Context) => Instance], number]> = [
  [["aws_s3_bucket", (c) => s3Bucket(c)], 10], ...Object.entries(bucketParts).map((part) => [part, 5] as const),
  [["aws_iam_role", iamRole], 12], [["aws_iam_policy", (c) => iamPolicy(c, false)], 6], [["aws_iam_role_policy_attachment", iamAttachment], 14],
  [["aws_instance", instance], 11], [["aws_security_group", (c) => securityGroup(c)], 9], [["aws_lambda_function", lambdaFunction], 9],
  [["aws_cloudwatch_log_group", logGroup], 10], [["aws_kms_key", kmsKey], 4],
];

// ---------------------------------------------------------------------------------------------
// SageMaker jobs and what the other rules read

type Flag = "true" | "false" | "null" | "unknown";
const flags: ReadonlyArray<readonly [Flag, number]> = [["true", 40], ["false", 25], ["null", 20], ["unknown", 15]];
const images = ["763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311", "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-trainer:4.2.0"];
/** Unencrypted: a warning on one instance, a failure on more (or an unknown count). */
const level = (flag: Flag, instances: number | "unknown"): Level | undefined => (flag === "true" ? undefined : instances === 1 ? "warn" : "deny");

/** securityGroup: the group (same module) vpc_config names; ipsecMissing: it lacks IKE/ESP (TG601 when the flag is true). */
interface JobOptions { flag?: Flag; securityGroup?: string; buckets?: [string, string]; ipsecMissing?: boolean }

function trainingJob(c: Context, o: JobOptions = {}): Instance {
  const flag = o.flag ?? c.rnd.weighted(flags);
  const shape = c.rnd.weighted([["single", 35], ["multi", 35], ["groups", 20], ["unknown", 10]] as const);
  const type = c.rnd.pick(["ml.p4d.24xlarge", "ml.g5.12xlarge", "ml.m5.xlarge", "ml.trn1.32xlarge"]);
  const config: Json = { instance_type: type, instance_groups: [], instance_placement_config: [], keep_alive_period_in_seconds: null, training_plan_arn: null, volume_kms_key_id: null, volume_size_in_gb: c.rnd.pick([50, 100, 500]) };
  const configUnknown: Json = { instance_groups: [], instance_placement_config: [] };
  let instances: number | "unknown" = "unknown";
  if (shape === "single" || shape === "multi") config.instance_count = instances = shape === "single" ? 1 : c.rnd.int(2, 16);
  else if (shape === "groups") {
    const groups = Array.from({ length: c.rnd.int(2, 3) }, (_, i) => ({ instance_count: c.rnd.int(1, 4), instance_group_name: `group-${i}`, instance_type: type }));
    Object.assign(config, { instance_count: null, instance_type: null, instance_groups: groups });
    configUnknown.instance_groups = groups.map(() => ({}));
    instances = groups.reduce((sum, g) => sum + g.instance_count, 0);
  } else configUnknown.instance_count = true; // instance_count = var.nodes, computed from another resource
  const [input, output] = o.buckets ?? [slug(c), slug(c)];
  const job = res(
    {
      algorithm_specification: [{ algorithm_name: null, container_arguments: null, container_entrypoint: null, enable_sagemaker_metrics_time_series: null, metric_definitions: [{ name: "train:loss", regex: "loss=([0-9\\.]+)" }], training_image: c.rnd.pick(images), training_input_mode: "File", training_image_config: [] }],
      checkpoint_config: [{ local_path: "/opt/ml/checkpoints", s3_uri: `s3://${output}/checkpoints/${c.name}/` }], enable_managed_spot_training: c.rnd.chance(0.3), enable_network_isolation: true, environment: null,
      hyper_parameters: { epochs: String(c.rnd.int(1, 50)), learning_rate: "0.0001", batch_size: String(c.rnd.pick([32, 64, 128])) },
      input_data_config: [{ channel_name: "train", compression_type: null, content_type: null, data_source: [{ file_system_data_source: [], s3_data_source: [{ attribute_names: null, s3_data_distribution_type: "FullyReplicated", s3_data_type: "S3Prefix", s3_uri: `s3://${input}/train/` }] }], input_mode: null, record_wrapper_type: null, shuffle_config: [] }],
      output_data_config: [{ compression_type: null, kms_key_id: null, s3_output_path: `s3://${output}/output/` }], resource_config: [config],
      stopping_condition: [{ max_pending_time_in_seconds: null, max_runtime_in_seconds: 86400, max_wait_time_in_seconds: null }],
      tags: tags(c), training_job_name: slug(c).slice(0, 63), vpc_config: o.securityGroup ? [{ subnets: [`subnet-0${c.rnd.hex(16)}`, `subnet-0${c.rnd.hex(16)}`] }] : [],
    },
    { arn: arn(c, "sagemaker", `training-job/${slug(c).slice(0, 63)}`), id: slug(c).slice(0, 63), role_arn: `arn:aws:iam::${c.account}:role/${slug(c).slice(0, 60)}` },
    o.securityGroup ? { config: { vpc_config: [{ security_group_ids: ref("aws_security_group", o.securityGroup), subnets: { references: ["var.subnet_ids"] } }] } } : {},
  );
  Object.assign(job.unknown, { resource_config: [configUnknown], ...(o.securityGroup ? { vpc_config: [{ security_group_ids: true }] } : {}) });
  // Terraform writes an unset optional attribute as null, and one unknown until apply not at all.
  if (flag === "unknown") job.unknown.enable_inter_container_traffic_encryption = true;
  else job.after.enable_inter_container_traffic_encryption = flag === "null" ? null : flag === "true";
  const due = level(flag, instances);
  job.expect = [...(due ? [["TG101", due] as [string, Level]] : []), ...(o.ipsecMissing && flag === "true" ? [["TG601", "warn"] as [string, Level]] : [])];
  return job;
}

/** aws_sagemaker_data_quality_job_definition (blocks) or awscc_sagemaker_model_quality_job_definition (objects). */
function monitoringDefinition(c: Context, awscc: boolean, report: string, baseline: string): Instance {
  const flag = c.rnd.weighted<"true" | "false" | "null" | "absent">([["true", 45], ["false", 20], ["null", 15], ["absent", 20]]);
  const instances = c.rnd.weighted([[1, 40], [2, 40], [4, 20]] as const);
  const due = level(flag === "true" ? "true" : "false", instances);
  const expect: Array<[string, Level]> = due ? [["TG105", due]] : [];
  const endpoint = `${slug(c)}-endpoint`.slice(0, 63);
  const computed = { arn: arn(c, "sagemaker", `monitoring-job-definition/${slug(c)}`), id: slug(c), role_arn: `arn:aws:iam::${c.account}:role/sagemaker-monitor` };
  const encryption = flag === "absent" ? undefined : flag === "null" ? null : flag === "true";
  if (!awscc) {
    return res({
      data_quality_app_specification: [{ environment: null, image_uri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer", post_analytics_processor_source_uri: null, record_preprocessor_source_uri: null }],
      data_quality_baseline_config: [{ baselining_job_name: null, constraints_resource: [{ s3_uri: `s3://${baseline}/baseline/constraints.json` }], statistics_resource: [{ s3_uri: `s3://${baseline}/baseline/statistics.json` }] }],
      data_quality_job_input: [{ batch_transform_input: [], endpoint_input: [{ endpoint_name: endpoint, local_path: "/opt/ml/processing/input/endpoint", s3_data_distribution_type: "FullyReplicated", s3_input_mode: "File" }] }],
      data_quality_job_output_config: [{ kms_key_id: "alias/model-monitor", monitoring_outputs: [{ s3_output: [{ local_path: "/opt/ml/processing/output", s3_upload_mode: "EndOfJob", s3_uri: `s3://${report}/data-quality/${c.name}` }] }] }],
      job_resources: [{ cluster_config: [{ instance_count: instances, instance_type: "ml.m5.xlarge", volume_kms_key_id: null, volume_size_in_gb: 30 }] }],
      name: `${slug(c)}-dq`.slice(0, 63), network_config: encryption === undefined ? [] : [{ enable_inter_container_traffic_encryption: encryption, enable_network_isolation: null, vpc_config: [] }],
      stopping_condition: [{ max_runtime_in_seconds: 3600 }], tags: tags(c, { endpoint }),
    }, computed, { expect });
  }
  return res({
    endpoint_name: endpoint, job_definition_name: `${slug(c)}-mq`.slice(0, 63),
    job_resources: { cluster_config: { instance_count: instances, instance_type: "ml.m5.2xlarge", volume_kms_key_id: null, volume_size_in_gb: 50 } },
    model_quality_app_specification: { container_arguments: null, container_entrypoint: null, environment: null, image_uri: "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer", post_analytics_processor_source_uri: null, problem_type: c.rnd.pick(["BinaryClassification", "Regression"]), record_preprocessor_source_uri: null },
    model_quality_baseline_config: { baselining_job_name: null, constraints_resource: { s3_uri: `s3://${baseline}/model-quality/constraints.json` } },
    model_quality_job_input: { batch_transform_input: null, endpoint_input: { endpoint_name: endpoint, inference_attribute: "0", local_path: "/opt/ml/processing/input/endpoint", s3_data_distribution_type: "FullyReplicated", s3_input_mode: "File" }, ground_truth_s3_input: { s3_uri: `s3://${baseline}/ground-truth/${c.name}` } },
    model_quality_job_output_config: { kms_key_id: null, monitoring_outputs: [{ s3_output: { local_path: "/opt/ml/processing/output", s3_upload_mode: "EndOfJob", s3_uri: `s3://${report}/model-quality/${c.name}` } }] },
    network_config: encryption === undefined ? null : { enable_inter_container_traffic_encryption: encryption, enable_network_isolation: false, vpc_config: null },
    stopping_condition: { max_runtime_in_seconds: 1800 }, tags: [{ key: "endpoint", value: endpoint }],
  }, { ...computed, creation_time: null, job_definition_arn: computed.arn }, { expect });
}

/** A bucket policy: TLS denies (some partial), grants on key prefixes, and now and then a bucket-name wildcard. */
function bucketPolicy(c: Context, bucket: string): string {
  const arns = [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`];
  const deny = (sid: string, resource: string[], condition: Json) => ({ Sid: sid, Effect: "Deny", Principal: "*", Action: "s3:*", Resource: resource, Condition: condition });
  const statements: Json[] = [];
  if (c.rnd.chance(0.85)) statements.push(deny("DenyInsecureTransport", c.rnd.chance(0.1) ? [arns[1]!] : arns, { Bool: { "aws:SecureTransport": "false" } }));
  if (c.rnd.chance(0.7)) statements.push(deny("DenyOutdatedTls", arns, { NumericLessThan: { "s3:TlsVersion": c.rnd.chance(0.7) ? "1.3" : "1.2" } }));
  for (let i = c.rnd.int(1, 4); i > 0; i--) {
    const prefix = c.rnd.pick(["train", "output", "checkpoints", "baseline", "reports", "raw", "curated"]);
    statements.push({ Sid: `Grant${prefix}${i}`, Effect: "Allow", Principal: { AWS: `arn:aws:iam::${c.account}:role/${c.rnd.pick(teams)}-sagemaker` }, Action: c.rnd.pick([["s3:GetObject", "s3:ListBucket"], ["s3:PutObject", "s3:AbortMultipartUpload"], ["s3:GetObject*", "s3:PutObject*"]]), Resource: [arns[0]!, `arn:aws:s3:::${bucket}/${prefix}/*`] });
  }
  if (c.rnd.chance(0.05)) statements.push(deny("DenyInsecureTransportFamily", [`arn:aws:s3:::${bucket.replace(/-[0-9a-f]+$/, "")}-*`, `arn:aws:s3:::${bucket.replace(/-[0-9a-f]+$/, "")}-*/*`], { Bool: { "aws:SecureTransport": "false" } }));
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const services: Record<string, string[]> = {
  s3: ["Object", "ObjectTagging", "Bucket", "BucketPolicy", "MultipartUpload", "ObjectVersion", "BucketLocation"],
  sagemaker: ["TrainingJob", "ProcessingJob", "Model", "Endpoint", "EndpointConfig", "MonitoringSchedule", "DataQualityJobDefinition", "Pipeline", "Experiment", "FeatureGroup"],
  ecr: ["Image", "Repository", "LayerUpload", "AuthorizationToken"], logs: ["LogGroup", "LogStream", "LogEvents", "QueryDefinition"],
  kms: ["Key", "Alias", "Grant", "DataKey"], cloudwatch: ["MetricData", "Alarm", "Dashboard"], glue: ["Table", "Database", "Partition", "Crawler"],
  ec2: ["NetworkInterface", "SecurityGroup", "Subnet", "VpcEndpoint"], athena: ["QueryExecution", "WorkGroup"], secretsmanager: ["SecretValue", "Secret"],
};
const verbs = ["Get", "List", "Describe", "Put", "Create", "Delete", "Update", "Start", "Stop", "Batch", "Tag", "Search"];
const guarded = ["sagemaker:CreateTrainingJob", "sagemaker:CreateHyperParameterTuningJob", "sagemaker:CreateProcessingJob", "sagemaker:CreateAutoMLJob", "sagemaker:CreateAutoMLJobV2", "sagemaker:CreateDataQualityJobDefinition", "sagemaker:CreateModelQualityJobDefinition", "sagemaker:CreateModelBiasJobDefinition", "sagemaker:CreateModelExplainabilityJobDefinition", "sagemaker:CreateMonitoringSchedule", "sagemaker:UpdateMonitoringSchedule"];

function actionPattern(rnd: Random): string {
  const service = rnd.pick(Object.keys(services));
  const noun = rnd.pick(services[service]!);
  const verb = rnd.pick(verbs);
  return rnd.weighted([[`${service}:${verb}${noun}`, 40], [`${service}:${verb}*`, 25], [`${service}:*${noun}*`, 15], [`${service}:${verb}${noun}*`, 15], [`${service}:*`, 5]]);
}

/** An IAM policy (with many statements); with guardrails, each problem variant is one TG501 warning. */
function iamPolicy(c: Context, many: boolean, guardrails = false): Instance {
  const name = slug(c).slice(0, 60);
  const statements: Json[] = Array.from({ length: many ? c.rnd.int(4, 24) : c.rnd.int(1, 4) }, (_, i) => ({
    Sid: `S${i}`, Effect: c.rnd.chance(0.9) ? "Allow" : "Deny", Action: Array.from({ length: c.rnd.int(1, 5) }, () => actionPattern(c.rnd)),
    Resource: c.rnd.pick(["*", `arn:aws:s3:::${c.env}-*`, `arn:aws:sagemaker:${c.region}:${c.account}:*/${c.name}-*`, [`arn:aws:logs:${c.region}:${c.account}:log-group:/aws/sagemaker/*`, "arn:aws:ecr:*:*:repository/*"]]),
    ...(c.rnd.chance(0.2) ? { Condition: { StringEquals: { "aws:RequestedRegion": c.region } } } : {}),
  }));
  const expect: Array<[string, Level]> = [];
  if (guardrails) {
    const key = "sagemaker:InterContainerTrafficEncryption";
    const some = guarded.filter(() => c.rnd.chance(0.5)).concat("sagemaker:CreateTrainingJob").filter((a, i, all) => all.indexOf(a) === i);
    const variant = c.rnd.weighted([["pair", 50], ["bool-only", 20], ["null-on-wildcard", 15], ["allow-if-exists", 15]] as const);
    const deny = (sid: string, actions: string[], condition: Json) => ({ Sid: sid, Effect: "Deny", Action: actions, Resource: "*", Condition: condition });
    if (variant === "pair") statements.push(deny("DenyUnencrypted", guarded, { Bool: { [key]: "false" } }), deny("DenyMissingFlag", guarded, { Null: { [key]: "true" } }));
    if (variant === "bool-only") statements.push(deny("DenyUnencrypted", some, { Bool: { [key]: "false" } }));
    if (variant === "null-on-wildcard") statements.push(deny("DenyUnencrypted", ["sagemaker:Create*"], { Bool: { [key]: "false" } }), deny("DenyMissingFlag", ["sagemaker:Create*"], { Null: { [key]: "true" } }));
    if (variant === "allow-if-exists") statements.push({ Sid: "AllowEncryptedJobs", Effect: "Allow", Action: some, Resource: "*", Condition: { BoolIfExists: { [key]: "true" } } });
    if (variant !== "pair") expect.push(["TG501", "warn"]);
  }
  return res(
    { description: `Access for ${c.name}`, name, name_prefix: null, path: "/", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }), tags: tags(c) },
    { arn: `arn:aws:iam::${c.account}:policy/${name}`, id: `arn:aws:iam::${c.account}:policy/${name}`, attachment_count: 1, policy_id: `ANPA${c.rnd.hex(17).toUpperCase()}` },
    { expect },
  );
}

/** A separate security group rule resource for the group `group` of the same module. */
function groupRule(type: string, group: string, after: Json): Instance {
  const vpc = type.startsWith("aws_vpc_");
  return res({ description: "IPsec within the group", ...after, ...(vpc ? { cidr_ipv4: null, cidr_ipv6: null, prefix_list_id: null, tags: null } : { cidr_blocks: null, ipv6_cidr_blocks: null, prefix_list_ids: null, timeouts: null }) },
    {}, { config: { security_group_id: ref("aws_security_group", group), ...(vpc ? { referenced_security_group_id: ref("aws_security_group", group) } : {}) } },
    `id security_group_id security_group_rule_id ${vpc ? "arn referenced_security_group_id" : "source_security_group_id"}`);
}

function vpcEndpoint(c: Context, service: string): Instance {
  const gateway = service === "s3" || service === "dynamodb";
  const fips = !gateway && service.startsWith("sagemaker.") && c.rnd.chance(0.3) ? "-fips" : "";
  return res(
    { service_name: `com.amazonaws.${c.region}.${service}${fips}`, vpc_endpoint_type: gateway ? "Gateway" : "Interface", vpc_id: `vpc-0${c.rnd.hex(16)}`, private_dns_enabled: !gateway, subnet_ids: gateway ? [] : [`subnet-0${c.rnd.hex(16)}`, `subnet-0${c.rnd.hex(16)}`], auto_accept: null, policy: null, tags: tags(c, { Name: service }), timeouts: null },
    { arn: arn(c, "ec2", `vpc-endpoint/vpce-0${c.rnd.hex(16)}`), id: `vpce-0${c.rnd.hex(16)}`, owner_id: c.account, requester_managed: false, state: "available" },
    {}, "cidr_blocks dns_entry network_interface_ids prefix_list_id route_table_ids security_group_ids",
  );
}

// ---------------------------------------------------------------------------------------------
// Plan assembly

const provider = "registry.terraform.io/hashicorp/aws";
type Action = "create" | "no-op" | "update" | "delete";
const actions: ReadonlyArray<readonly [Action, number]> = [["create", 70], ["no-op", 20], ["update", 8], ["delete", 2]];
interface ModuleInstance { address: string; calls: string[] }
interface ConfigModule { resources: Map<string, Json>; calls: Map<string, { forEach: boolean; module: ConfigModule }> }
interface Entry { type: string; name: string; key?: string | number; style?: "count" | "for_each"; made: Instance }
interface Rendered { module: string; change: string; planned: string; prior?: string }
const root: ModuleInstance = { address: "", calls: [] };

/** Module instances proportional to plan size: about one per 60 resources, as in large estates. */
function moduleInstances(rnd: Random, resources: number): ModuleInstance[] {
  const result = [["network"], ["data_lake"], ["ml_platform"], ["ml_platform", "training"], ["observability"]].map((calls) => ({ address: calls.map((c) => `module.${c}`).join("."), calls }));
  for (let i = 0; i < Math.max(1, Math.round(resources / 60)); i++) {
    const address = `module.tenant["t${String(i).padStart(5, "0")}"]`;
    result.push({ address, calls: ["tenant"] });
    if (rnd.chance(0.5)) result.push({ address: `${address}.module.storage`, calls: ["tenant", "storage"] });
  }
  return result;
}

function configFor(top: ConfigModule, calls: string[]): ConfigModule {
  let current = top;
  for (const call of calls) {
    if (!current.calls.has(call)) current.calls.set(call, { forEach: call === "tenant" || call === "ml_team", module: { resources: new Map(), calls: new Map() } });
    current = current.calls.get(call)!.module;
  }
  return current;
}

/** A configuration block: a few attributes as constants, the rest as references, and the instance's own references. */
function configBlock(e: Entry): Json {
  const expressions: Json = {};
  for (const [key, value] of Object.entries(e.made.after).slice(0, 6)) {
    if (key !== "tags_all") expressions[key] = ["string", "number", "boolean"].includes(typeof value) ? { constant_value: value } : { references: [`local.${key}`, "local"] };
  }
  const repeat = e.style === "count" ? { count_expression: { references: ["var.instances"] } } : e.style === "for_each" ? { for_each_expression: { references: ["var.names"] } } : {};
  return { address: `${e.type}.${e.name}`, mode: "managed", type: e.type, name: e.name, provider_config_key: "aws", expressions: { ...expressions, ...e.made.config }, schema_version: 0, ...repeat };
}

const renderConfig = (m: ConfigModule): Json => ({
  resources: [...m.resources.values()],
  ...(m.calls.size > 0 ? { module_calls: Object.fromEntries([...m.calls].map(([name, call]) => [name, { source: `./modules/${name}`, ...(call.forEach ? { for_each_expression: { references: ["local.tenants"] } } : {}), module: renderConfig(call.module) }])) } : {}),
});

/** What one draw adds: resources in one module instance, and the action they share (mix stacks). */
interface Draw { module: ModuleInstance; entries: Entry[]; action?: Action }
type Drawer = (ctx: (module: ModuleInstance, name: string) => Context, used: (module: ModuleInstance) => string) => Draw;

function ordinary(rnd: Random, modules: ModuleInstance[], resources: number): Drawer {
  const jobsWanted = Math.round(resources * 0.03);
  let jobs = 0;
  let drawn = 0;
  return (ctx, used) => {
    // Training jobs are drawn with probability (jobs left / slots left): exactly jobsWanted, spread evenly.
    const isJob = rnd.float() < (jobsWanted - jobs) / Math.max(1, resources - drawn);
    const module = isJob ? rnd.weighted([[modules[3]!, 3], [modules[2]!, 1], [rnd.pick(modules), 4], [root, 2]]) : rnd.chance(0.12) ? root : rnd.pick(modules);
    const [type, build] = isJob ? (["aws_sagemaker_training_job", (c: Context) => trainingJob(c)] as const) : rnd.weighted(otherTypes);
    const name = used(module);
    const style = isJob ? undefined : rnd.weighted<"single" | "count" | "for_each">([["single", 70], ["count", 18], ["for_each", 12]]);
    const keys: Array<string | number | undefined> = !style || style === "single" ? [undefined] : style === "count" ? Array.from({ length: rnd.int(2, 4) }, (_, i) => i) : envs.slice(0, rnd.int(2, 3));
    jobs += isJob ? 1 : 0;
    drawn += keys.length;
    return {
      module,
      entries: keys.map((key) => ({ type, name, key, style: style === "single" ? undefined : style, made: build(ctx(module, `${name}${key === undefined ? "" : `-${key}`}`)) })),
    };
  };
}

function mix(rnd: Random, modules: ModuleInstance[]): Drawer {
  const buckets: string[] = [];
  let teams = 0;
  /** A bucket of the plan (one of the last 50) three times in four, otherwise one outside it. */
  const bucket = () => (buckets.length > 0 && rnd.chance(0.75) ? buckets[Math.max(0, buckets.length - 1 - rnd.int(0, 49))]! : `shared-datasets-${rnd.pick(envs)}-${rnd.hex(4)}`);
  return (ctx, used) => {
    const stack = rnd.weighted([["data", 20], ["training", 8], ["monitoring", 10], ["iam", 10], ["network", 3], ["other", 40]] as const);
    // The first training stacks go to a for_each module with the same names in each instance.
    const team = stack === "training" && teams < 3;
    const module = team
      ? { address: `module.ml_team["${["vision", "nlp", "tabular"][teams++]}"]`, calls: ["ml_team"] }
      : stack === "training" ? rnd.weighted([[root, 5], [modules[3]!, 3], [modules[2]!, 2]]) : rnd.chance(0.15) ? root : rnd.pick(modules);
    const name = team ? "this" : used(module);
    const c = ctx(module, name);
    const entry = (type: string, made: Instance, local = name): Entry => ({ type, name: local, made });
    const entries: Entry[] = [];
    if (stack === "data") {
      const bucketName = `${slug(c)}-${rnd.hex(6)}`;
      buckets.push(bucketName);
      const policy = bucketPolicy(c, bucketName);
      const inline = rnd.chance(0.2);
      entries.push(entry("aws_s3_bucket", s3Bucket(c, bucketName, inline ? policy : undefined)));
      if (!inline && rnd.chance(0.9)) {
        const unknown = rnd.chance(0.08); // built from an ARN computed at apply
        const made = res(unknown ? { bucket: bucketName } : { bucket: bucketName, policy }, { id: bucketName }, { config: { bucket: ref("aws_s3_bucket", name), policy: ref("data.aws_iam_policy_document", name, "json") } });
        if (unknown) made.unknown.policy = true;
        entries.push(entry("aws_s3_bucket_policy", made));
      }
      if (rnd.chance(0.4)) {
        const [type, build] = rnd.pick(Object.entries(bucketParts));
        entries.push(entry(type, build(c)));
      }
    } else if (stack === "training") {
      const variant = team ? "https-only" : rnd.weighted([["self-all", 35], ["https-only", 20], ["vpc-rules", 30], ["ike-only", 15]] as const);
      const self = (protocol: string, port = 0) => sgRule(port, "", protocol, true);
      const inbound = variant === "self-all" ? [self("-1")] : variant === "https-only" ? [self("tcp", 443)] : [];
      entries.push(entry("aws_security_group", securityGroup(c, inbound, variant === "self-all" ? [self("-1"), sgRule(443, "0.0.0.0/0")] : [sgRule(0, "0.0.0.0/0", "-1")])));
      if (variant === "vpc-rules") {
        entries.push(entry("aws_vpc_security_group_ingress_rule", groupRule("aws_vpc_security_group_ingress_rule", name, { ip_protocol: "udp", from_port: 500, to_port: 500 }), `${name}_ike`));
        entries.push(entry("aws_vpc_security_group_ingress_rule", groupRule("aws_vpc_security_group_ingress_rule", name, { ip_protocol: "50", from_port: null, to_port: null }), `${name}_esp`));
      }
      if (variant === "ike-only") entries.push(entry("aws_security_group_rule", groupRule("aws_security_group_rule", name, { type: "ingress", protocol: "udp", from_port: 500, to_port: 500, self: true }), `${name}_ike`));
      const inVpc = team || rnd.chance(0.8);
      entries.push(entry("aws_sagemaker_training_job", trainingJob(c, {
        ...(team ? { flag: "true" as const } : {}), ...(inVpc ? { securityGroup: name } : {}), buckets: [bucket(), bucket()],
        ipsecMissing: inVpc && (variant === "https-only" || variant === "ike-only"),
      })));
    } else if (stack === "monitoring") {
      const awscc = rnd.chance(0.4);
      entries.push(entry(awscc ? "awscc_sagemaker_model_quality_job_definition" : "aws_sagemaker_data_quality_job_definition", monitoringDefinition(c, awscc, bucket(), bucket())));
    } else if (stack === "iam") {
      entries.push(entry("aws_iam_policy", iamPolicy(c, true, rnd.chance(0.35))));
    } else if (stack === "network") {
      entries.push(entry("aws_security_group", securityGroup(c, [sgRule(443, "10.0.0.0/8")])));
      for (const service of ["sagemaker.api", "sagemaker.runtime", "s3", "sts", "logs", "ecr.api", "ecr.dkr"].filter((_, i) => i < 3 || rnd.chance(0.4))) {
        entries.push(entry("aws_vpc_endpoint", vpcEndpoint(c, service), `${name}_${service.replace(/\W/g, "_")}`));
      }
    } else {
      const [type, build] = rnd.weighted(otherTypes);
      entries.push(entry(type, build(c)));
    }
    return { module, entries, action: team ? "create" : rnd.weighted(actions) };
  };
}

/** Generates a plan of the given shape with the given number of resource changes into file. */
export function generatePlan(shape: Shape, resources: number, file: string, seed = defaultSeed): PlanMeta {
  const rnd = new Random(seed ^ resources ^ (shape === "mix" ? 0x3c3c : 0));
  const modules = moduleInstances(rnd, resources);
  const configRoot: ConfigModule = { resources: new Map(), calls: new Map() };
  const names = new Set<string>();
  const rendered: Rendered[] = [];
  const expected: Record<string, Counts> = {};
  for (const rule of shape === "mix" ? ["TG101", "TG105", "TG501", "TG601"] : ["TG101"]) expected[rule] = { failures: 0, warnings: 0 };
  const used = (module: ModuleInstance) => {
    let name = rnd.pick(words);
    for (let n = 2; names.has(`${module.address}/${name}`); n++) name = `${rnd.pick(words)}_${n}`;
    names.add(`${module.address}/${name}`);
    return name;
  };
  const ctx = (module: ModuleInstance, name: string): Context => ({
    rnd, module: module.calls.join("-"), name, env: rnd.pick(envs), account: String(100000000000 + rnd.int(0, 899999999)), region: rnd.pick(regions),
  });
  const draw = shape === "ordinary" ? ordinary(rnd, modules, resources) : mix(rnd, modules);

  while (rendered.length < resources) {
    const { module, entries, action: shared } = draw(ctx, used);
    const config = configFor(configRoot, module.calls);
    for (const e of entries.slice(0, resources - rendered.length)) {
      const { made, key } = e;
      const local = `${e.type}.${e.name}${key === undefined ? "" : typeof key === "number" ? `[${key}]` : `["${key}"]`}`;
      const address = module.address ? `${module.address}.${local}` : local;
      const action = shared ?? rnd.weighted(actions);
      for (const [rule, due] of action === "delete" ? [] : made.expect ?? []) expected[rule]![due === "deny" ? "failures" : "warnings"] += 1;
      if (!config.resources.has(`${e.type}.${e.name}`)) config.resources.set(`${e.type}.${e.name}`, configBlock(e));
      const prior = action === "create" ? null : { ...made.after, ...made.computed };
      const after = action === "delete" ? null : action === "no-op" ? prior : made.after;
      if (action === "update" && prior) prior.tags = { ...(prior.tags as Json), Team: "unowned" };
      const common = { address, ...(module.address ? { module_address: module.address } : {}), mode: "managed", type: e.type, name: e.name, ...(key === undefined ? {} : { index: key }), provider_name: provider };
      const change = {
        ...common,
        change: { actions: [action], before: prior, after, after_unknown: action === "create" || action === "update" ? made.unknown : {}, before_sensitive: prior ? made.sensitive : false, after_sensitive: after ? made.sensitive : false },
      };
      const planned = { ...common, schema_version: 0, values: after ?? {}, sensitive_values: made.sensitive };
      delete (planned as Json).module_address;
      rendered.push({
        module: module.address, change: JSON.stringify(change), planned: action === "delete" ? "" : JSON.stringify(planned),
        prior: prior ? JSON.stringify({ ...planned, values: prior }) : undefined,
      });
    }
  }

  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let bytes = 0;
  const write = (text: string) => void (bytes += writeSync(fd, text));
  try {
    write(`{"format_version":"1.2","terraform_version":"1.9.8","variables":{"environment":{"value":"prod"}},"planned_values":`);
    writeModuleTree(write, rendered, (r) => r.planned);
    write(`,"resource_changes":[`);
    rendered.forEach((r, i) => write(i === 0 ? r.change : `,${r.change}`));
    write(`],"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":`);
    writeModuleTree(write, rendered, (r) => r.prior ?? "");
    write(`},"configuration":${JSON.stringify({ provider_config: { aws: { name: "aws", full_name: provider, version_constraint: "~> 5.80", expressions: { region: { constant_value: "us-east-1" } } } }, root_module: renderConfig(configRoot) })}`);
    write(`,"timestamp":"2025-01-15T10:00:00Z","applyable":true,"complete":true,"errored":false}\n`);
  } finally {
    closeSync(fd);
  }
  return { generatorVersion, shape, seed, resources: rendered.length, bytes, moduleInstances: new Set(rendered.map((r) => r.module)).size - 1, expected };
}

/** {"root_module": {resources, child_modules}}, each resource under its module instance, as planned_values nests them. */
function writeModuleTree(write: (text: string) => void, rendered: Rendered[], pick: (r: Rendered) => string): void {
  interface Node { resources: string[]; children: Map<string, Node> }
  const nodes = new Map<string, Node>([["", { resources: [], children: new Map() }]]);
  const nodeFor = (address: string): Node => {
    if (nodes.has(address)) return nodes.get(address)!;
    const cut = address.lastIndexOf(".module.");
    const node: Node = { resources: [], children: new Map() };
    nodeFor(cut === -1 ? "" : address.slice(0, cut)).children.set(address, node);
    nodes.set(address, node);
    return node;
  };
  for (const r of rendered) if (pick(r)) nodeFor(r.module).resources.push(pick(r));
  const emit = (node: Node, address: string) => {
    write(address ? `{"address":${JSON.stringify(address)},"resources":[` : `{"root_module":{"resources":[`);
    node.resources.forEach((text, i) => write(i === 0 ? text : `,${text}`));
    write("]");
    if (node.children.size > 0) {
      write(`,"child_modules":[`);
      [...node.children].forEach(([child, childNode], i) => {
        if (i > 0) write(",");
        emit(childNode, child);
      });
      write("]");
    }
    write(address ? "}" : "}}");
  };
  emit(nodes.get("")!, "");
}

/** The generated plan of a shape and size in the git-ignored .bench/ folder. */
export const planPath = (shape: Shape, resources: number) => path.join(repoRoot, ".bench", `${shape}-${resources}.tfplan.json`);
export const metaPath = (plan: string) => `${plan}.meta.json`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [shape, count, out] = process.argv.slice(2);
  const resources = Number(count);
  if ((shape !== "ordinary" && shape !== "mix") || !Number.isInteger(resources) || resources < 1) throw new Error("usage: generate.ts <ordinary|mix> <resources> [<file>]");
  const file = out ?? planPath(shape, resources);
  const started = performance.now();
  const meta = generatePlan(shape, resources, file);
  writeFileSync(metaPath(file), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(JSON.stringify({ file, ...meta, ms: Math.round(performance.now() - started) }));
}
