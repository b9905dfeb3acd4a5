/**
 * Counterexamples the fuzzer found (shrunk and reduced, then completed so that the loader accepts
 * them and the CLI can be run on them), checked by test/differential.test.ts on every run besides
 * the generated documents.
 */
import type { Sample } from "./arbitraries.ts";
import type { JsonObject } from "./model.ts";

/** A counterexample and what it showed. */
export interface Regression {
  name: string;
  /** What failed when it was found, and where it was fixed (if it was). */
  note: string;
  sample: Sample;
}

const plan = (changes: JsonObject[]): JsonObject => ({ format_version: "1.2", terraform_version: "1.9.8", resource_changes: changes });

const change = (address: string, type: string, after: JsonObject): JsonObject => ({
  address,
  mode: "managed",
  type,
  name: address.split(".").pop()!,
  change: { actions: ["create"], after, after_unknown: {} },
});

const sample = (kind: Sample["kind"], document: JsonObject): Sample => ({ kind, document, config: { profiles: [] }, resources: 1, mutations: 0, bigNumbers: 0 });

export const regressions: Regression[] = [
  {
    name: "instance counts summing past 2^31",
    note:
      "the embedded engine failed (\"strings: get uint failed\": format_int in WASM reads 32-bit integers) where OPA " +
      "reported TG102 with 2147483652 instances; fixed by 4bcacf2",
    sample: sample(
      "terraform_plan",
      plan([
        change("aws_sagemaker_hyper_parameter_tuning_job.a", "aws_sagemaker_hyper_parameter_tuning_job", {
          training_job_definition: [{ resource_config: [{ instance_placement_config: [{ placement_specifications: [{ instance_count: 5 }] }], instance_preferences: [{ instance_count: 2147483647 }] }] }],
        }),
      ]),
    ),
  },
  {
    name: "a bucket policy of 100 distinct wildcard Action patterns",
    note:
      "the embedded engine failed (\"size_ <= max_size()\", the WASM regex cache; hangs in other runs) where OPA answered, " +
      "found with the policies of a73b8cd (98 distinct patterns in 58 statements); fixed by 21025fa (wildcards without regex)",
    sample: sample(
      "terraform_plan",
      plan([
        change("aws_s3_bucket_policy.stress", "aws_s3_bucket_policy", {
          bucket: "ml-data",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: Array.from({ length: 100 }, (_, i) => ({ Effect: "Deny", Principal: "*", Action: [`s3:a${i}*`, i % 3 === 0 ? "s3:*" : `sagemaker:Createa*${i}`] })),
          }),
        }),
      ]),
    ),
  },
  {
    name: "a lone surrogate escape in a bucket policy held as text",
    note:
      "the embedded engine fails (\"illegal string escape character\": its json.unmarshal refuses \\ud83d) where OPA decodes " +
      "it as U+FFFD and reports TG401 and TG402; fixed: the loader writes lone surrogate escapes in JSON held in strings as \\ufffd (docs/opa-wasm-defects.md, 3)",
    sample: sample(
      "terraform_plan",
      plan([change("module.ml.aws_s3_bucket.main", "aws_s3_bucket", { policy: '{"Statement":[{"Resource":["arn:aws:s3:::b\\ud83d?b/*"]}]}' })]),
    ),
  },
  {
    name: "a lone surrogate escape in a pipeline definition held as text",
    note: "as above, in CreatePipeline's PipelineDefinition: OPA reports TG101, the embedded engine failed; fixed as above",
    sample: sample("sagemaker_api", {
      PipelineName: "p",
      RoleArn: "arn:aws:iam::123456789012:role/p",
      PipelineDefinition: '{"Version":"2020-12-01","Steps":[{"Name":"T\\ud800","Type":"Training","Arguments":{"ResourceConfig":{"InstanceCount":2}}}]}',
    }),
  },
  {
    name: "a policy document that is the JSON text true",
    note:
      "the embedded engine failed (\"illegal value\"): json.is_valid frees the interned boolean it parsed and corrupts memory " +
      "(docs/opa-wasm-defects.md, 2), where OPA finds no policy document; fixed: only texts starting with { are parsed",
    sample: sample("cloudformation", { AWSTemplateFormatVersion: "2010-09-09", Resources: { StressPolicy: { Type: "AWS::IAM::ManagedPolicy", Properties: { PolicyDocument: "true" } } } }),
  },
  {
    name: "an embedded pipeline definition that is the JSON text true",
    note:
      "as above, in a plan's awscc_sagemaker_pipeline: here the embedded engine fails with \"RuntimeError: memory access " +
      "out of bounds\" where OPA reports TG107; fixed as above",
    sample: sample(
      "terraform_plan",
      plan([change("awscc_sagemaker_pipeline.main", "awscc_sagemaker_pipeline", { pipeline_definition: { pipeline_definition_body: "true" } })]),
    ),
  },
  {
    name: "a state machine definition that is the JSON text true, beside a bucket",
    note:
      "as above, in a SAM state machine's Definition: with a bucket in the template the embedded engine hangs (stopped by " +
      "its time bound) where OPA answers in milliseconds with TG107, TG401 and TG402; fixed as above",
    sample: sample("cloudformation", {
      Resources: {
        Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: "b" } },
        StateMachine: { Type: "AWS::Serverless::StateMachine", Properties: { Definition: "true" } },
      },
    }),
  },
  {
    name: "a pipeline definition that is the JSON text false",
    note: "as above, in CreatePipeline's PipelineDefinition: OPA reports TG107 (not a definition), the embedded engine failed; fixed as above",
    sample: sample("sagemaker_api", { PipelineName: "p", RoleArn: "arn:aws:iam::123456789012:role/p", PipelineDefinition: "false" }),
  },
];
