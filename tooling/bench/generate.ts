/**
 * Synthetic Terraform plans for the benchmark, in the shape `terraform show -json` writes
 * (format_version "1.2", compact JSON on one line): planned_values, resource_changes, prior_state
 * for resources that already exist, and configuration with provider_config and root_module.
 *
 * About 3 % of the resource changes are aws_sagemaker_training_job (what TG101 checks), in
 * every variant the Terraform adapter distinguishes: encryption flag true, false, null or unknown
 * until apply; one instance, several, instance groups, or an unknown count. The rest are ordinary
 * AWS resources with attribute sets copied from what the AWS provider writes, so that the files
 * have a realistic size (a few KB per resource) and the engines parse what they would in CI.
 *
 * Everything comes from one seeded PRNG, so a plan of a given size is the same file on every
 * machine and run; the generator also returns how many TG101 failures and warnings the default
 * profile must report, which the runner compares with what each engine found.
 *
 * Usage: tsx tooling/bench/generate.ts <resources> [<file>]
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../build/paths.ts";

/**
 * Bumped whenever the generated plans change, so that the runner regenerates stale files in
 * .bench/ instead of measuring an old shape.
 */
export const generatorVersion = 1;

/** The default seed; any other gives a different but equally shaped plan. */
export const defaultSeed = 0x5a6e;

/** Share of the resource changes that are training jobs. */
export const trainingJobShare = 0.03;

/** What a generated plan holds, written next to it as <plan>.meta.json. */
export interface PlanMeta {
  generatorVersion: number;
  seed: number;
  /** Resource changes in the plan. */
  resources: number;
  /** aws_sagemaker_training_job resource changes (including deletions, which are not checked). */
  trainingJobs: number;
  /** Module instances the resources are spread over (root excluded). */
  moduleInstances: number;
  /** Size of the file in bytes. */
  bytes: number;
  /** TG101 findings the default profile must report, derived from how each job was generated. */
  expected: { failures: number; warnings: number };
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: tiny, fast, good enough for test data, and identical on every platform. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  hex(length: number): string {
    let s = "";
    while (s.length < length) s += Math.floor(this.next() * 0x100000000).toString(16).padStart(8, "0");
    return s.slice(0, length);
  }
}

// ---------------------------------------------------------------------------------------------
// Resource shapes

type Json = Record<string, unknown>;

/** What a resource type contributes to the plan for one instance. */
interface Instance {
  /** Planned values (change.after); unknown attributes are absent, as Terraform writes them. */
  after: Json;
  /** change.after_unknown: true for computed attributes, nested blocks mirrored as arrays. */
  unknown: Json;
  /** Values of the computed attributes once the resource exists (prior state, before). */
  computed: Json;
  /** change.after_sensitive. */
  sensitive: Json;
}

interface Context {
  rnd: Random;
  /** Module instance the resource lives in ("" at root), used in names and tags. */
  module: string;
  name: string;
  env: string;
  account: string;
  region: string;
}

const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"];
const envs = ["prod", "staging", "dev", "sandbox"];
const teams = ["ml-platform", "data-eng", "payments", "search", "growth", "infra", "risk"];
const words = [
  "artifacts", "logs", "raw", "curated", "features", "models", "events", "audit", "backup", "assets",
  "web", "api", "worker", "batch", "ingest", "export", "reports", "cache", "queue", "stream",
];

const arn = (c: Context, service: string, resource: string, region = true) =>
  `arn:aws:${service}:${region ? c.region : ""}:${service === "s3" ? "" : c.account}:${resource}`;

const slug = (c: Context) => `${c.env}-${c.module ? `${c.module}-` : ""}${c.name}`.replace(/[^a-z0-9-]/g, "-");

function tags(c: Context): Json {
  return {
    Environment: c.env,
    Team: c.rnd.pick(teams),
    CostCenter: `cc-${c.rnd.int(1000, 9999)}`,
    ManagedBy: "terraform",
    Repository: "github.com/example/infrastructure",
  };
}

const tagsAll = (t: Json): Json => ({ ...t, Owner: "platform@example.com" });

function policyDocument(c: Context, actions: string[], resource: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Allow", Effect: "Allow", Action: actions, Resource: [resource, `${resource}/*`] },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Action: "*",
        Resource: resource,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
        Principal: { AWS: `arn:aws:iam::${c.account}:root` },
      },
    ],
  });
}

function s3Bucket(c: Context): Instance {
  const t = tags(c);
  const bucket = `${slug(c)}-${c.rnd.hex(6)}`;
  return {
    after: { bucket, force_destroy: false, object_lock_enabled: c.rnd.chance(0.1), tags: t, tags_all: tagsAll(t), timeouts: null },
    unknown: {
      acceleration_status: true, acl: true, arn: true, bucket_domain_name: true, bucket_prefix: true,
      bucket_regional_domain_name: true, cors_rule: true, grant: true, hosted_zone_id: true, id: true,
      lifecycle_rule: true, logging: true, object_lock_configuration: true, policy: true, region: true,
      replication_configuration: true, request_payer: true, server_side_encryption_configuration: true,
      tags: {}, tags_all: {}, versioning: true, website: true, website_domain: true, website_endpoint: true,
    },
    computed: {
      arn: `arn:aws:s3:::${bucket}`, id: bucket, bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_regional_domain_name: `${bucket}.s3.${c.region}.amazonaws.com`, hosted_zone_id: "Z3AQBSTGFYJSTF",
      region: c.region, request_payer: "BucketOwner", acceleration_status: "", policy: "",
    },
    sensitive: { tags: {}, tags_all: {} },
  };
}

function s3Versioning(c: Context): Instance {
  return {
    after: {
      bucket: `${slug(c)}-${c.rnd.hex(6)}`, expected_bucket_owner: null, mfa: null,
      versioning_configuration: [{ mfa_delete: null, status: "Enabled" }],
    },
    unknown: { id: true, versioning_configuration: [{ mfa_delete: true }] },
    computed: { id: `${slug(c)}-${c.rnd.hex(6)}` },
    sensitive: { versioning_configuration: [{}] },
  };
}

function s3Encryption(c: Context): Instance {
  const key = arn(c, "kms", `key/${c.rnd.hex(8)}-${c.rnd.hex(4)}-${c.rnd.hex(4)}-${c.rnd.hex(4)}-${c.rnd.hex(12)}`);
  return {
    after: {
      bucket: `${slug(c)}-${c.rnd.hex(6)}`, expected_bucket_owner: null,
      rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: key, sse_algorithm: "aws:kms" }], bucket_key_enabled: true }],
    },
    unknown: { id: true, rule: [{ apply_server_side_encryption_by_default: [{}] }] },
    computed: { id: `${slug(c)}-${c.rnd.hex(6)}` },
    sensitive: { rule: [{ apply_server_side_encryption_by_default: [{}] }] },
  };
}

function s3PublicAccessBlock(c: Context): Instance {
  return {
    after: {
      block_public_acls: true, block_public_policy: true, bucket: `${slug(c)}-${c.rnd.hex(6)}`,
      ignore_public_acls: true, restrict_public_buckets: true,
    },
    unknown: { id: true },
    computed: { id: `${slug(c)}-${c.rnd.hex(6)}` },
    sensitive: {},
  };
}

function iamRole(c: Context, service = "lambda.amazonaws.com"): Instance {
  const t = tags(c);
  const name = slug(c).slice(0, 60);
  return {
    after: {
      assume_role_policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": c.account } } }],
      }),
      description: `Role for ${c.name} in ${c.env}`, force_detach_policies: false, max_session_duration: 3600,
      name, path: "/", permissions_boundary: null, tags: t, tags_all: tagsAll(t),
    },
    unknown: { arn: true, create_date: true, id: true, inline_policy: true, managed_policy_arns: true, name_prefix: true, tags: {}, tags_all: {}, unique_id: true },
    computed: {
      arn: `arn:aws:iam::${c.account}:role/${name}`, id: name, create_date: "2024-03-11T09:21:44Z",
      unique_id: `AROA${c.rnd.hex(17).toUpperCase()}`, name_prefix: "", managed_policy_arns: [], inline_policy: [],
    },
    sensitive: { inline_policy: [], managed_policy_arns: [], tags: {}, tags_all: {} },
  };
}

function iamPolicy(c: Context): Instance {
  const t = tags(c);
  const name = slug(c).slice(0, 60);
  return {
    after: {
      description: `Access for ${c.name}`, name, name_prefix: null, path: "/",
      policy: policyDocument(c, ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt", "kms:GenerateDataKey"], `arn:aws:s3:::${slug(c)}`),
      tags: t, tags_all: tagsAll(t),
    },
    unknown: { arn: true, attachment_count: true, id: true, policy_id: true, tags: {}, tags_all: {} },
    computed: { arn: `arn:aws:iam::${c.account}:policy/${name}`, id: `arn:aws:iam::${c.account}:policy/${name}`, attachment_count: 1, policy_id: `ANPA${c.rnd.hex(17).toUpperCase()}` },
    sensitive: { tags: {}, tags_all: {} },
  };
}

function iamAttachment(c: Context): Instance {
  return {
    after: { policy_arn: c.rnd.pick(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]), role: slug(c).slice(0, 60) },
    unknown: { id: true },
    computed: { id: `${slug(c).slice(0, 40)}-${c.rnd.hex(20)}` },
    sensitive: {},
  };
}

function instance(c: Context): Instance {
  const t = { ...tags(c), Name: slug(c) };
  return {
    after: {
      ami: `ami-0${c.rnd.hex(16)}`, associate_public_ip_address: false, credit_specification: [],
      disable_api_stop: false, disable_api_termination: false, ebs_optimized: true, get_password_data: false,
      hibernation: false, iam_instance_profile: slug(c).slice(0, 60), instance_type: c.rnd.pick(["t3.medium", "m6i.large", "m6i.xlarge", "c6i.2xlarge", "r6i.large"]),
      launch_template: [], monitoring: true, source_dest_check: true, subnet_id: `subnet-0${c.rnd.hex(16)}`,
      tags: t, tags_all: tagsAll(t), timeouts: null, user_data_replace_on_change: false, volume_tags: null,
      metadata_options: [{ http_endpoint: "enabled", http_put_response_hop_limit: 1, http_tokens: "required", instance_metadata_tags: "disabled" }],
      root_block_device: [{ delete_on_termination: true, encrypted: true, tags: null, volume_size: c.rnd.pick([20, 50, 100]), volume_type: "gp3" }],
    },
    unknown: {
      arn: true, availability_zone: true, capacity_reservation_specification: true, cpu_core_count: true, cpu_options: true,
      cpu_threads_per_core: true, credit_specification: [], ebs_block_device: true, enclave_options: true, ephemeral_block_device: true,
      host_id: true, host_resource_group_arn: true, id: true, instance_initiated_shutdown_behavior: true, instance_lifecycle: true,
      instance_market_options: true, instance_state: true, ipv6_address_count: true, ipv6_addresses: true, key_name: true,
      launch_template: [], maintenance_options: true, metadata_options: [{}], network_interface: true, outpost_arn: true,
      password_data: true, placement_group: true, placement_partition_number: true, primary_network_interface_id: true,
      private_dns: true, private_dns_name_options: true, private_ip: true, public_dns: true, public_ip: true,
      root_block_device: [{ device_name: true, iops: true, kms_key_id: true, throughput: true, volume_id: true }],
      secondary_private_ips: true, security_groups: true, spot_instance_request_id: true, tags: {}, tags_all: {}, tenancy: true,
      user_data: true, user_data_base64: true, vpc_security_group_ids: true,
    },
    computed: {
      arn: arn(c, "ec2", `instance/i-0${c.rnd.hex(16)}`), availability_zone: `${c.region}a`, id: `i-0${c.rnd.hex(16)}`,
      private_ip: `10.${c.rnd.int(0, 255)}.${c.rnd.int(0, 255)}.${c.rnd.int(1, 254)}`, private_dns: "ip-10-0-0-1.ec2.internal",
      instance_state: "running", tenancy: "default", public_ip: "", public_dns: "", key_name: "",
      vpc_security_group_ids: [`sg-0${c.rnd.hex(16)}`], security_groups: [], primary_network_interface_id: `eni-0${c.rnd.hex(16)}`,
    },
    sensitive: { credit_specification: [], ebs_block_device: [], launch_template: [], metadata_options: [{}], root_block_device: [{}], tags: {}, tags_all: {} },
  };
}

function securityGroup(c: Context): Instance {
  const t = tags(c);
  const rule = (port: number, cidr: string) => ({
    cidr_blocks: [cidr], description: `Allow ${port}`, from_port: port, ipv6_cidr_blocks: [], prefix_list_ids: [],
    protocol: "tcp", security_groups: [], self: false, to_port: port,
  });
  const ingress = Array.from({ length: c.rnd.int(1, 3) }, () => rule(c.rnd.pick([443, 5432, 6379, 8080, 9092]), `10.${c.rnd.int(0, 255)}.0.0/16`));
  return {
    after: {
      description: `Security group for ${c.name}`, egress: [{ ...rule(0, "0.0.0.0/0"), protocol: "-1", description: "all egress" }],
      ingress, name: slug(c), revoke_rules_on_delete: false, tags: t, tags_all: tagsAll(t), timeouts: null, vpc_id: `vpc-0${c.rnd.hex(16)}`,
    },
    unknown: { arn: true, egress: [{ cidr_blocks: [false], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [] }], id: true, ingress: ingress.map(() => ({ cidr_blocks: [false], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [] })), name_prefix: true, owner_id: true, tags: {}, tags_all: {} },
    computed: { arn: arn(c, "ec2", `security-group/sg-0${c.rnd.hex(16)}`), id: `sg-0${c.rnd.hex(16)}`, owner_id: c.account, name_prefix: "" },
    sensitive: { egress: [{ cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [] }], ingress: ingress.map(() => ({ cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [] })), tags: {}, tags_all: {} },
  };
}

function lambdaFunction(c: Context): Instance {
  const t = tags(c);
  const name = slug(c).slice(0, 64);
  return {
    after: {
      architectures: ["arm64"], code_signing_config_arn: null, dead_letter_config: [], description: `${c.name} handler`,
      environment: [{ variables: { LOG_LEVEL: "info", STAGE: c.env, TABLE_NAME: `${slug(c)}-table`, POWERTOOLS_SERVICE_NAME: c.name } }],
      ephemeral_storage: [{ size: 512 }], file_system_config: [], filename: "build/handler.zip", function_name: name,
      handler: "index.handler", image_config: [], image_uri: null, kms_key_arn: null, layers: null, memory_size: c.rnd.pick([128, 256, 512, 1024]),
      package_type: "Zip", publish: false, replace_security_groups_on_destroy: null, replacement_security_group_ids: null,
      reserved_concurrent_executions: -1, runtime: c.rnd.pick(["nodejs20.x", "python3.12", "java21"]), s3_bucket: null, s3_key: null,
      s3_object_version: null, skip_destroy: false, source_code_hash: c.rnd.hex(43), tags: t, tags_all: tagsAll(t), timeout: c.rnd.pick([3, 30, 60, 300]),
      timeouts: null, tracing_config: [{ mode: "Active" }], vpc_config: [],
    },
    unknown: {
      architectures: [false], arn: true, code_sha256: true, dead_letter_config: [], environment: [{ variables: {} }], ephemeral_storage: [{}],
      file_system_config: [], id: true, image_config: [], invoke_arn: true, last_modified: true, logging_config: true, qualified_arn: true,
      qualified_invoke_arn: true, role: true, signing_job_arn: true, signing_profile_version_arn: true, snap_start: [], source_code_size: true,
      tags: {}, tags_all: {}, tracing_config: [{}], version: true, vpc_config: [],
    },
    computed: {
      arn: arn(c, "lambda", `function:${name}`), id: name, invoke_arn: `arn:aws:apigateway:${c.region}:lambda:path/2015-03-31/functions/${arn(c, "lambda", `function:${name}`)}/invocations`,
      last_modified: "2024-05-02T10:14:03.000+0000", qualified_arn: arn(c, "lambda", `function:${name}:$LATEST`), version: "$LATEST",
      role: `arn:aws:iam::${c.account}:role/${name}`, source_code_size: c.rnd.int(10_000, 9_000_000), code_sha256: c.rnd.hex(43),
    },
    sensitive: { architectures: [], dead_letter_config: [], environment: [{ variables: {} }], ephemeral_storage: [{}], tags: {}, tags_all: {}, tracing_config: [{}], vpc_config: [] },
  };
}

function logGroup(c: Context): Instance {
  const t = tags(c);
  const name = `/aws/${c.rnd.pick(["lambda", "ecs", "sagemaker/TrainingJobs", "vendedlogs"])}/${slug(c)}`;
  return {
    after: { kms_key_id: null, log_group_class: "STANDARD", name, name_prefix: null, retention_in_days: c.rnd.pick([7, 30, 90, 365]), skip_destroy: false, tags: t, tags_all: tagsAll(t) },
    unknown: { arn: true, id: true, tags: {}, tags_all: {} },
    computed: { arn: arn(c, "logs", `log-group:${name}`), id: name },
    sensitive: { tags: {}, tags_all: {} },
  };
}

function kmsKey(c: Context): Instance {
  const t = tags(c);
  const id = `${c.rnd.hex(8)}-${c.rnd.hex(4)}-${c.rnd.hex(4)}-${c.rnd.hex(4)}-${c.rnd.hex(12)}`;
  return {
    after: {
      bypass_policy_lockout_safety_check: false, custom_key_store_id: null, customer_master_key_spec: "SYMMETRIC_DEFAULT",
      deletion_window_in_days: 30, description: `CMK for ${c.name}`, enable_key_rotation: true, is_enabled: true, key_usage: "ENCRYPT_DECRYPT",
      multi_region: false, rotation_period_in_days: 365, tags: t, tags_all: tagsAll(t), xks_key_id: null,
    },
    unknown: { arn: true, id: true, key_id: true, policy: true, tags: {}, tags_all: {} },
    computed: { arn: arn(c, "kms", `key/${id}`), id, key_id: id, policy: policyDocument(c, ["kms:*"], "*") },
    sensitive: { tags: {}, tags_all: {} },
  };
}

function sqsQueue(c: Context): Instance {
  const t = tags(c);
  const name = slug(c).slice(0, 80);
  return {
    after: {
      content_based_deduplication: false, delay_seconds: 0, fifo_queue: false, max_message_size: 262144, message_retention_seconds: 345600,
      name, receive_wait_time_seconds: 20, sqs_managed_sse_enabled: true, tags: t, tags_all: tagsAll(t), visibility_timeout_seconds: 30,
      redrive_policy: JSON.stringify({ deadLetterTargetArn: arn(c, "sqs", `${name}-dlq`), maxReceiveCount: 5 }),
    },
    unknown: { arn: true, deduplication_scope: true, fifo_throughput_limit: true, id: true, kms_data_key_reuse_period_seconds: true, kms_master_key_id: true, name_prefix: true, policy: true, redrive_allow_policy: true, tags: {}, tags_all: {}, url: true },
    computed: { arn: arn(c, "sqs", name), id: `https://sqs.${c.region}.amazonaws.com/${c.account}/${name}`, url: `https://sqs.${c.region}.amazonaws.com/${c.account}/${name}`, policy: "" },
    sensitive: { tags: {}, tags_all: {} },
  };
}

function dynamoTable(c: Context): Instance {
  const t = tags(c);
  const name = slug(c);
  return {
    after: {
      attribute: [{ name: "pk", type: "S" }, { name: "sk", type: "S" }], billing_mode: "PAY_PER_REQUEST", deletion_protection_enabled: true,
      global_secondary_index: [], hash_key: "pk", import_table: [], local_secondary_index: [], name, on_demand_throughput: [],
      point_in_time_recovery: [{ enabled: true }], range_key: "sk", read_capacity: null, replica: [], restore_date_time: null,
      restore_source_name: null, restore_to_latest_time: null, server_side_encryption: [{ enabled: true, kms_key_arn: null }],
      table_class: "STANDARD", tags: t, tags_all: tagsAll(t), timeouts: null, ttl: [{ attribute_name: "expires_at", enabled: true }], write_capacity: null,
    },
    unknown: { arn: true, attribute: [{}, {}], global_secondary_index: [], id: true, import_table: [], local_secondary_index: [], on_demand_throughput: [], point_in_time_recovery: [{}], replica: [], server_side_encryption: [{ kms_key_arn: true }], stream_arn: true, stream_label: true, stream_view_type: true, tags: {}, tags_all: {}, ttl: [{}] },
    computed: { arn: arn(c, "dynamodb", `table/${name}`), id: name, stream_arn: "", stream_label: "", stream_view_type: "" },
    sensitive: { attribute: [{}, {}], global_secondary_index: [], point_in_time_recovery: [{}], replica: [], server_side_encryption: [{}], tags: {}, tags_all: {}, ttl: [{}] },
  };
}

function subnet(c: Context): Instance {
  const t = { ...tags(c), Name: slug(c) };
  return {
    after: {
      assign_ipv6_address_on_creation: false, availability_zone: `${c.region}${c.rnd.pick(["a", "b", "c"])}`, cidr_block: `10.${c.rnd.int(0, 255)}.${c.rnd.int(0, 255)}.0/24`,
      customer_owned_ipv4_pool: null, enable_dns64: false, enable_lni_at_device_index: null, enable_resource_name_dns_a_record_on_launch: false,
      enable_resource_name_dns_aaaa_record_on_launch: false, ipv6_cidr_block: null, ipv6_native: false, map_customer_owned_ip_on_launch: null,
      map_public_ip_on_launch: false, outpost_arn: null, tags: t, tags_all: tagsAll(t), timeouts: null, vpc_id: `vpc-0${c.rnd.hex(16)}`,
    },
    unknown: { arn: true, availability_zone_id: true, id: true, ipv6_cidr_block_association_id: true, owner_id: true, private_dns_hostname_type_on_launch: true, tags: {}, tags_all: {} },
    computed: { arn: arn(c, "ec2", `subnet/subnet-0${c.rnd.hex(16)}`), id: `subnet-0${c.rnd.hex(16)}`, availability_zone_id: "use1-az1", owner_id: c.account, private_dns_hostname_type_on_launch: "ip-name" },
    sensitive: { tags: {}, tags_all: {} },
  };
}

function route53Record(c: Context): Instance {
  const name = `${c.name}.${c.env}.example.com`;
  return {
    after: {
      alias: [], allow_overwrite: null, cidr_routing_policy: [], failover_routing_policy: [], geolocation_routing_policy: [],
      geoproximity_routing_policy: [], health_check_id: null, latency_routing_policy: [], multivalue_answer_routing_policy: null,
      name, records: [`10.${c.rnd.int(0, 255)}.${c.rnd.int(0, 255)}.${c.rnd.int(1, 254)}`], set_identifier: null, timeouts: null, ttl: 300, type: "A",
      weighted_routing_policy: [], zone_id: `Z0${c.rnd.hex(18).toUpperCase()}`,
    },
    unknown: { alias: [], cidr_routing_policy: [], failover_routing_policy: [], fqdn: true, geolocation_routing_policy: [], geoproximity_routing_policy: [], id: true, latency_routing_policy: [], records: [false], weighted_routing_policy: [] },
    computed: { fqdn: name, id: `Z0${c.rnd.hex(18).toUpperCase()}_${name}_A` },
    sensitive: { alias: [], records: [], weighted_routing_policy: [] },
  };
}

function sagemakerEndpointConfig(c: Context): Instance {
  const t = tags(c);
  return {
    after: {
      async_inference_config: [], data_capture_config: [], kms_key_arn: null, name: slug(c), name_prefix: null,
      production_variants: [{
        accelerator_type: null, container_startup_health_check_timeout_in_seconds: null, core_dump_config: [], enable_ssm_access: null,
        inference_ami_version: null, initial_instance_count: c.rnd.int(1, 4), initial_variant_weight: 1, instance_type: "ml.g5.xlarge",
        managed_instance_scaling: [], model_data_download_timeout_in_seconds: null, model_name: `${slug(c)}-model`, routing_config: [],
        serverless_config: [], variant_name: "primary", volume_size_in_gb: null,
      }],
      shadow_production_variants: [], tags: t, tags_all: tagsAll(t),
    },
    unknown: { arn: true, async_inference_config: [], data_capture_config: [], id: true, production_variants: [{ core_dump_config: [], managed_instance_scaling: [], routing_config: [], serverless_config: [] }], shadow_production_variants: [], tags: {}, tags_all: {} },
    computed: { arn: arn(c, "sagemaker", `endpoint-config/${slug(c)}`), id: slug(c) },
    sensitive: { async_inference_config: [], data_capture_config: [], production_variants: [{}], shadow_production_variants: [], tags: {}, tags_all: {} },
  };
}

/** The other resource types, weighted roughly as they occur in AWS estates. */
const otherTypes: ReadonlyArray<readonly [[string, (c: Context) => Instance], number]> = [
  [["aws_s3_bucket", s3Bucket], 10],
  [["aws_s3_bucket_versioning", s3Versioning], 5],
  [["aws_s3_bucket_server_side_encryption_configuration", s3Encryption], 5],
  [["aws_s3_bucket_public_access_block", s3PublicAccessBlock], 5],
  [["aws_iam_role", (c) => iamRole(c)], 10],
  [["aws_iam_policy", iamPolicy], 6],
  [["aws_iam_role_policy_attachment", iamAttachment], 12],
  [["aws_instance", instance], 8],
  [["aws_security_group", securityGroup], 8],
  [["aws_lambda_function", lambdaFunction], 6],
  [["aws_cloudwatch_log_group", logGroup], 8],
  [["aws_kms_key", kmsKey], 3],
  [["aws_sqs_queue", sqsQueue], 4],
  [["aws_dynamodb_table", dynamoTable], 3],
  [["aws_subnet", subnet], 4],
  [["aws_route53_record", route53Record], 5],
  [["aws_sagemaker_endpoint_configuration", sagemakerEndpointConfig], 1],
];

// ---------------------------------------------------------------------------------------------
// Training jobs: the variants the adapter distinguishes

type Flag = "true" | "false" | "null" | "unknown";
type Shape = "single" | "multi" | "groups" | "unknown";

const flags: ReadonlyArray<readonly [Flag, number]> = [["true", 40], ["false", 25], ["null", 20], ["unknown", 15]];
const shapes: ReadonlyArray<readonly [Shape, number]> = [["single", 35], ["multi", 35], ["groups", 20], ["unknown", 10]];
const images = [
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311",
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310",
  "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
  "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1",
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom-trainer:4.2.0",
];

/** A training job instance, and the finding (if any) TG101 must report for it. */
function trainingJob(c: Context): Instance & { outcome: "pass" | "deny" | "warn" } {
  const flag = c.rnd.weighted(flags);
  const shape = c.rnd.weighted(shapes);
  const t = tags(c);
  const type = c.rnd.pick(["ml.p4d.24xlarge", "ml.g5.12xlarge", "ml.m5.xlarge", "ml.trn1.32xlarge"]);
  const resourceConfig: Json = {
    instance_type: type, instance_groups: [], instance_placement_config: [], keep_alive_period_in_seconds: null,
    training_plan_arn: null, volume_kms_key_id: null, volume_size_in_gb: c.rnd.pick([50, 100, 500]),
  };
  const resourceUnknown: Json = { instance_groups: [], instance_placement_config: [] };
  let instances: number | "unknown";
  if (shape === "single") {
    resourceConfig.instance_count = 1;
    instances = 1;
  } else if (shape === "multi") {
    instances = c.rnd.int(2, 16);
    resourceConfig.instance_count = instances;
  } else if (shape === "groups") {
    const groups = Array.from({ length: c.rnd.int(2, 3) }, (_, i) => ({
      instance_count: c.rnd.int(1, 4), instance_group_name: `group-${i}`, instance_type: type,
    }));
    resourceConfig.instance_count = null;
    resourceConfig.instance_type = null;
    resourceConfig.instance_groups = groups;
    resourceUnknown.instance_groups = groups.map(() => ({}));
    instances = groups.reduce((sum, g) => sum + g.instance_count, 0);
  } else {
    // e.g. instance_count = var.nodes with the variable computed from another resource
    resourceUnknown.instance_count = true;
    instances = "unknown";
  }
  const after: Json = {
    algorithm_specification: [{
      algorithm_name: null, container_arguments: null, container_entrypoint: null, enable_sagemaker_metrics_time_series: null,
      metric_definitions: [{ name: "train:loss", regex: "loss=([0-9\\.]+)" }], training_image: c.rnd.pick(images),
      training_input_mode: "File", training_image_config: [],
    }],
    checkpoint_config: [{ local_path: "/opt/ml/checkpoints", s3_uri: `s3://${slug(c)}/checkpoints/` }],
    enable_managed_spot_training: c.rnd.chance(0.3), enable_network_isolation: true, environment: null,
    hyper_parameters: { epochs: String(c.rnd.int(1, 50)), learning_rate: "0.0001", batch_size: String(c.rnd.pick([32, 64, 128])) },
    input_data_config: [{
      channel_name: "train", compression_type: null, content_type: null,
      data_source: [{ file_system_data_source: [], s3_data_source: [{ attribute_names: null, s3_data_distribution_type: "FullyReplicated", s3_data_type: "S3Prefix", s3_uri: `s3://${slug(c)}/train/` }] }],
      input_mode: null, record_wrapper_type: null, shuffle_config: [],
    }],
    output_data_config: [{ compression_type: null, kms_key_id: null, s3_output_path: `s3://${slug(c)}/output/` }],
    resource_config: [resourceConfig],
    stopping_condition: [{ max_pending_time_in_seconds: null, max_runtime_in_seconds: 86400, max_wait_time_in_seconds: null }],
    tags: t, tags_all: tagsAll(t), training_job_name: slug(c).slice(0, 63), vpc_config: [],
  };
  const unknown: Json = {
    algorithm_specification: [{ metric_definitions: [{}], training_image_config: [] }], arn: true, checkpoint_config: [{}], id: true,
    role_arn: true, tags: {}, tags_all: {}, resource_config: [resourceUnknown],
    input_data_config: [{ data_source: [{ file_system_data_source: [], s3_data_source: [{}] }], shuffle_config: [] }],
    output_data_config: [{}], stopping_condition: [{}], vpc_config: [], hyper_parameters: {},
  };
  // Terraform writes an unset optional attribute as null, and one unknown until apply not at all
  // (only after_unknown says it will have a value).
  if (flag === "true") after.enable_inter_container_traffic_encryption = true;
  else if (flag === "false") after.enable_inter_container_traffic_encryption = false;
  else if (flag === "null") after.enable_inter_container_traffic_encryption = null;
  else unknown.enable_inter_container_traffic_encryption = true;
  const outcome = flag === "true" ? "pass" : instances === 1 ? "warn" : "deny";
  return {
    after,
    unknown,
    computed: {
      arn: arn(c, "sagemaker", `training-job/${slug(c).slice(0, 63)}`), id: slug(c).slice(0, 63),
      role_arn: `arn:aws:iam::${c.account}:role/${slug(c).slice(0, 60)}`,
    },
    sensitive: { tags: {}, tags_all: {} },
    outcome,
  };
}

// ---------------------------------------------------------------------------------------------
// Plan assembly

const provider = "registry.terraform.io/hashicorp/aws";

interface ModuleInstance {
  /** Module instance address, e.g. module.tenant["t0042"].module.storage ("" for root). */
  address: string;
  /** Module call path without instance keys, e.g. ["tenant", "storage"] (configuration is per call). */
  calls: string[];
}

/** Configuration of one module call: its resource blocks and its own module calls. */
interface ConfigModule {
  resources: Map<string, Json>;
  calls: Map<string, { source: string; forEach: boolean; module: ConfigModule }>;
}

const newConfigModule = (): ConfigModule => ({ resources: new Map(), calls: new Map() });

/** One resource change, already serialised (the plan is written piecewise, never as one string). */
interface Rendered {
  module: string;
  change: string;
  planned: string;
  prior?: string;
}

/** Module instances proportional to plan size: about one per 60 resources, as in large estates. */
function moduleInstances(rnd: Random, resources: number): ModuleInstance[] {
  const fixed: ModuleInstance[] = [
    { address: "module.network", calls: ["network"] },
    { address: "module.data_lake", calls: ["data_lake"] },
    { address: "module.ml_platform", calls: ["ml_platform"] },
    { address: "module.ml_platform.module.training", calls: ["ml_platform", "training"] },
    { address: "module.observability", calls: ["observability"] },
  ];
  const tenants = Math.max(1, Math.round(resources / 60));
  const result = [...fixed];
  for (let i = 0; i < tenants; i++) {
    const key = `t${String(i).padStart(5, "0")}`;
    result.push({ address: `module.tenant["${key}"]`, calls: ["tenant"] });
    if (rnd.chance(0.5)) result.push({ address: `module.tenant["${key}"].module.storage`, calls: ["tenant", "storage"] });
  }
  return result;
}

function configFor(root: ConfigModule, calls: string[]): ConfigModule {
  let current = root;
  for (const call of calls) {
    let next = current.calls.get(call);
    if (!next) {
      next = { source: `./modules/${call}`, forEach: call === "tenant", module: newConfigModule() };
      current.calls.set(call, next);
    }
    current = next.module;
  }
  return current;
}

function configResource(type: string, name: string, after: Json, count: "count" | "for_each" | undefined): Json {
  // A few attributes as constants and the rest as references, as terraform show -json writes them.
  const expressions: Json = {};
  let i = 0;
  for (const [key, value] of Object.entries(after)) {
    if (i++ >= 6 || key === "tags_all") continue;
    expressions[key] =
      typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? { constant_value: value }
        : { references: [`local.${key}`, "local"] };
  }
  const block: Json = {
    address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: "aws", expressions, schema_version: 0,
  };
  if (count === "count") block.count_expression = { references: ["var.instances"] };
  if (count === "for_each") block.for_each_expression = { references: ["var.names"] };
  return block;
}

function renderConfig(module: ConfigModule): Json {
  const result: Json = { resources: [...module.resources.values()] };
  if (module.calls.size > 0) {
    result.module_calls = Object.fromEntries(
      [...module.calls].map(([name, call]) => [
        name,
        {
          source: call.source,
          ...(call.forEach ? { for_each_expression: { references: ["local.tenants"] } } : {}),
          module: renderConfig(call.module),
        },
      ]),
    );
  }
  return result;
}

/** The state before the change: the configured values plus the computed ones, now known. */
function before(instance: Instance): Json {
  return { ...instance.after, ...instance.computed };
}

/**
 * Generates a plan with the given number of resource changes and writes it to file (compact JSON,
 * as terraform show -json does). Returns what it holds.
 */
export function generatePlan(resources: number, file: string, seed = defaultSeed): PlanMeta {
  const rnd = new Random(seed ^ resources);
  const modules = moduleInstances(rnd, resources);
  const configRoot = newConfigModule();
  const used = new Set<string>();
  const rendered: Rendered[] = [];
  const jobsWanted = Math.round(resources * trainingJobShare);
  let jobs = 0;
  const expected = { failures: 0, warnings: 0 };

  while (rendered.length < resources) {
    const remaining = resources - rendered.length;
    // Training jobs are drawn with probability (jobs left / slots left): exactly jobsWanted of
    // them, spread over the whole plan.
    const isJob = rnd.float() < (jobsWanted - jobs) / remaining;
    const module = isJob
      ? rnd.weighted<ModuleInstance>([[modules[3]!, 3], [modules[2]!, 1], [rnd.pick(modules), 4], [{ address: "", calls: [] }, 2]])
      : rnd.chance(0.12) ? { address: "", calls: [] } : rnd.pick(modules);
    const [type, build] = isJob ? (["aws_sagemaker_training_job", trainingJob] as const) : rnd.weighted(otherTypes);
    let name = rnd.pick(words);
    for (let n = 2; used.has(`${module.address}/${type}.${name}`); n++) name = `${rnd.pick(words)}_${n}`;
    used.add(`${module.address}/${type}.${name}`);
    const style = rnd.weighted<"single" | "count" | "for_each">([["single", 70], ["count", 18], ["for_each", 12]]);
    const keys: Array<string | number | undefined> =
      isJob || style === "single" ? [undefined]
      : style === "count" ? Array.from({ length: rnd.int(2, 4) }, (_, i) => i)
      : Array.from({ length: rnd.int(2, 3) }, (_, i) => envs[i]!);
    const blockConfig = configFor(configRoot, module.calls);

    for (const key of keys.slice(0, Math.max(1, resources - rendered.length))) {
      const index = key === undefined ? "" : typeof key === "number" ? `[${key}]` : `["${key}"]`;
      const local = `${type}.${name}${index}`;
      const address = module.address ? `${module.address}.${local}` : local;
      const context: Context = {
        rnd, module: module.calls.join("-"), name: `${name}${key === undefined ? "" : `-${key}`}`,
        env: rnd.pick(envs), account: String(100000000000 + rnd.int(0, 899999999)), region: rnd.pick(regions),
      };
      const made = build(context);
      const action = rnd.weighted<"create" | "no-op" | "update" | "delete">([["create", 70], ["no-op", 20], ["update", 8], ["delete", 2]]);
      if (isJob) {
        jobs += 1;
        const outcome = (made as ReturnType<typeof trainingJob>).outcome;
        if (action !== "delete" && outcome === "deny") expected.failures += 1;
        if (action !== "delete" && outcome === "warn") expected.warnings += 1;
      }
      if (!blockConfig.resources.has(`${type}.${name}`)) {
        blockConfig.resources.set(`${type}.${name}`, configResource(type, name, made.after, style === "single" ? undefined : style));
      }
      const prior = action === "create" ? null : before(made);
      const after = action === "delete" ? null : action === "no-op" ? prior : made.after;
      if (action === "update" && prior) prior.tags = { ...(prior.tags as Json), Team: "unowned" };
      const change: Json = {
        address,
        ...(module.address ? { module_address: module.address } : {}),
        mode: "managed", type, name, ...(key === undefined ? {} : { index: key }),
        provider_name: provider,
        change: {
          actions: [action],
          before: prior,
          after,
          after_unknown: action === "create" || action === "update" ? made.unknown : {},
          before_sensitive: prior ? made.sensitive : false,
          after_sensitive: after ? made.sensitive : false,
        },
      };
      const planned: Json = {
        address, mode: "managed", type, name, ...(key === undefined ? {} : { index: key }), provider_name: provider,
        schema_version: 0, values: after ?? {}, sensitive_values: made.sensitive,
      };
      rendered.push({
        module: module.address,
        change: JSON.stringify(change),
        planned: action === "delete" ? "" : JSON.stringify(planned),
        prior: prior ? JSON.stringify({ ...planned, values: prior }) : undefined,
      });
    }
  }

  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let bytes = 0;
  const write = (text: string) => {
    bytes += writeSync(fd, text);
  };
  try {
    write(`{"format_version":"1.2","terraform_version":"1.9.8","variables":{"environment":{"value":"prod"}},`);
    write(`"planned_values":`);
    writeModuleTree(write, rendered, (r) => r.planned);
    write(`,"resource_changes":[`);
    rendered.forEach((r, i) => write(i === 0 ? r.change : `,${r.change}`));
    write(`],"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":`);
    writeModuleTree(write, rendered, (r) => r.prior ?? "");
    write(`},"configuration":`);
    write(JSON.stringify({
      provider_config: {
        aws: { name: "aws", full_name: provider, version_constraint: "~> 5.80", expressions: { region: { constant_value: "us-east-1" } } },
      },
      root_module: renderConfig(configRoot),
    }));
    write(`,"timestamp":"2025-01-15T10:00:00Z","applyable":true,"complete":true,"errored":false}\n`);
  } finally {
    closeSync(fd);
  }
  return {
    generatorVersion, seed, resources: rendered.length, trainingJobs: jobs, moduleInstances: modules.length, bytes, expected,
  };
}

/**
 * Writes {"root_module": {resources, child_modules}} with each resource under its module
 * instance, as planned_values and prior_state.values nest them.
 */
function writeModuleTree(write: (text: string) => void, rendered: Rendered[], pick: (r: Rendered) => string): void {
  interface Node { resources: string[]; children: Map<string, Node> }
  const root: Node = { resources: [], children: new Map() };
  const nodes = new Map<string, Node>([["", root]]);
  const nodeFor = (address: string): Node => {
    const existing = nodes.get(address);
    if (existing) return existing;
    const cut = address.lastIndexOf(".module.");
    const parent = nodeFor(cut === -1 ? "" : address.slice(0, cut));
    const node: Node = { resources: [], children: new Map() };
    parent.children.set(address, node);
    nodes.set(address, node);
    return node;
  };
  for (const r of rendered) {
    const text = pick(r);
    if (text) nodeFor(r.module).resources.push(text);
  }
  const emit = (node: Node, address: string) => {
    write(address ? `{"address":${JSON.stringify(address)},"resources":[` : `{"root_module":{"resources":[`);
    node.resources.forEach((text, i) => write(i === 0 ? text : `,${text}`));
    write("]");
    if (node.children.size > 0) {
      write(`,"child_modules":[`);
      let first = true;
      for (const [child, childNode] of node.children) {
        if (!first) write(",");
        first = false;
        emit(childNode, child);
      }
      write("]");
    }
    write(address ? "}" : "}}");
  };
  emit(root, "");
}

/** The path of the generated plan of a given size in the git-ignored .bench/ folder. */
export function planPath(resources: number): string {
  return path.join(repoRoot, ".bench", `plan-${resources}.tfplan.json`);
}

/** Where the runner finds what a generated plan holds (written next to the plan). */
export function metaPath(plan: string): string {
  return `${plan}.meta.json`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const resources = Number(process.argv[2] ?? "1000");
  if (!Number.isInteger(resources) || resources < 1) throw new Error("usage: generate.ts <resources> [<file>]");
  const file = process.argv[3] ?? planPath(resources);
  const started = performance.now();
  const meta = generatePlan(resources, file);
  writeFileSync(metaPath(file), `${JSON.stringify(meta, null, 2)}\n`);
  console.log(JSON.stringify({ file, ...meta, ms: Math.round(performance.now() - started) }));
}
