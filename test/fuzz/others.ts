/**
 * Arbitraries of the single-resource and definition documents: SageMaker API request bodies and
 * Describe* outputs (every operation the policies recognise, pipelines with embedded definitions),
 * ACK manifests, and pipeline and Step Functions definitions as documents of their own.
 */
import fc from "fast-check";

import { type Env, jobBody, type JobKind, type MonitoringVariant, monitoringVariants, rstudioBody, type RStudioKind } from "./bodies.ts";
import { pipelineDefinition, type Size,stateMachine } from "./definitions.ts";
import { type Format, type JsonObject, type Leaf, type Node,renderBody } from "./model.ts";
import { type Generated,lazyDocument } from "./terraform.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });

const apiEnv: Env = { domainId: fc.constantFrom<Leaf>({ t: "lit", v: "d-abc123" }, { t: "absent" }) };

/** [name field, ARN field, status field] of each job kind's Describe* output. */
const describeFields: Record<JobKind, [string, string]> = {
  training: ["TrainingJobArn", "TrainingJobStatus"],
  tuning: ["HyperParameterTuningJobArn", "HyperParameterTuningJobStatus"],
  processing: ["ProcessingJobArn", "ProcessingJobStatus"],
  automl: ["AutoMLJobArn", "AutoMLJobStatus"],
  automl_v2: ["AutoMLJobArn", "AutoMLJobStatus"],
  monitoring_job_definition: ["JobDefinitionArn", "CreationTime"],
  monitoring_schedule: ["MonitoringScheduleArn", "MonitoringScheduleStatus"],
};

const jobKinds: JobKind[] = ["training", "tuning", "processing", "automl", "automl_v2", "monitoring_job_definition", "monitoring_schedule"];

const apiJob: Arb<Generated> = fc
  .tuple(fc.constantFrom(...jobKinds), fc.constantFrom(...monitoringVariants), fc.boolean())
  .chain(([kind, variant, describe]) =>
    jobBody("api", apiEnv, kind, variant).map((node): Generated => {
      const body = renderBody("api", node).value;
      if (describe) {
        const [arn, status] = describeFields[kind];
        body[arn] = `arn:aws:sagemaker:us-east-1:123456789012:job/${kind}`;
        body[status] = status === "CreationTime" ? "2026-01-01T00:00:00Z" : "Completed";
      }
      return { document: body, resources: 1 };
    }),
  );

const apiPipeline = (size: Size): Arb<Generated> =>
  fc.oneof(
    w(6, fc.tuple(pipelineDefinition(size), fc.boolean()).map(([d, describe]): Generated =>
      lazyDocument(1 + d.resources, () => ({
        PipelineName: "pipeline-1",
        PipelineDefinition: JSON.stringify(d.value),
        RoleArn: "arn:aws:iam::123456789012:role/p",
        ...(describe ? { PipelineArn: "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p", PipelineStatus: "Active" } : {}),
      })),
    )),
    w(1, fc.constantFrom<JsonObject>(
      { PipelineName: "p", PipelineDefinitionS3Location: { Bucket: "ml-data", ObjectKey: "p.json" }, RoleArn: "r" },
      { PipelineName: "p", PipelineDefinition: "not json", RoleArn: "r" },
      { PipelineName: "p", PipelineDefinition: "[]", RoleArn: "r" },
      { PipelineName: "p", PipelineDefinition: "true", RoleArn: "r" },
      { PipelineName: "p", PipelineDefinition: "{}", PipelineDefinitionS3Location: { Bucket: "b" } },
    ).map((document): Generated => ({ document, resources: 1 }))),
  );

const rstudioOperations: Array<[RStudioKind, [string, string] | null]> = [
  ["domain", ["DomainArn", "Status"]],
  ["domain", null],
  ["domain_update", null],
  ["user_profile", ["UserProfileArn", "Status"]],
  ["user_profile", null],
  ["app", ["AppArn", "Status"]],
  ["app", null],
];

const apiRStudio: Arb<Generated> = fc.oneof(
  ...rstudioOperations.map(([kind, describe]) =>
    rstudioBody("api", apiEnv, kind).map((node): Generated => {
      const body = renderBody("api", node).value;
      if (describe) {
        body[describe[0]] = `arn:aws:sagemaker:us-east-1:123456789012:${kind}/x`;
        body[describe[1]] = "InService";
      }
      return { document: body, resources: 1 };
    }),
  ),
);

/** A SageMaker API request body or Describe* output; pipelines embed a definition of the given size. */
export function apiDocument(size: Size): Arb<Generated> {
  return fc.oneof(w(10, apiJob), w(3, apiPipeline(size)), w(4, apiRStudio));
}

const ackKinds: Array<[string, "job" | "rstudio", JobKind | RStudioKind, MonitoringVariant]> = [
  ["TrainingJob", "job", "training", "DataQuality"],
  ["HyperParameterTuningJob", "job", "tuning", "DataQuality"],
  ["ProcessingJob", "job", "processing", "DataQuality"],
  ["DataQualityJobDefinition", "job", "monitoring_job_definition", "DataQuality"],
  ["ModelQualityJobDefinition", "job", "monitoring_job_definition", "ModelQuality"],
  ["ModelBiasJobDefinition", "job", "monitoring_job_definition", "ModelBias"],
  ["ModelExplainabilityJobDefinition", "job", "monitoring_job_definition", "ModelExplainability"],
  ["MonitoringSchedule", "job", "monitoring_schedule", "DataQuality"],
  ["Domain", "rstudio", "domain", "DataQuality"],
  ["UserProfile", "rstudio", "user_profile", "DataQuality"],
  ["App", "rstudio", "app", "DataQuality"],
  ["Endpoint", "job", "training", "DataQuality"],
];

const ackEnv: Env = { domainId: fc.constantFrom<Leaf>({ t: "lit", v: "d-abc123" }, { t: "absent" }) };

/** An ACK manifest (sagemaker.services.k8s.aws/v1alpha1, spec in camelCase). */
export const ackManifest: Arb<Generated> = fc.oneof(
  ...ackKinds.map(([kind, family, bodyKind, variant], i) =>
    w(i < 3 || family === "rstudio" ? 3 : 1, fc
      .tuple(
        family === "job" ? jobBody("ack", ackEnv, bodyKind as JobKind, variant) : rstudioBody("ack", ackEnv, bodyKind as RStudioKind),
        fc.option(fc.constantFrom("job-1", "domain-1", "x"), { freq: 10 }),
        fc.oneof(w(10, fc.constant("sagemaker.services.k8s.aws/v1alpha1")), w(1, fc.constant("sagemaker.services.k8s.aws/v1beta1"))),
      )
      .map(([node, name, apiVersion]): Generated => ({
        document: {
          apiVersion,
          kind,
          metadata: { ...(name !== null ? { name } : {}), namespace: "ml" },
          spec: renderBody("ack" as Format, node as Node).value,
        },
        resources: 1,
      }))),
  ),
);

/** A pipeline definition document. */
export const pipelineDocument = (size: Size): Arb<Generated> => pipelineDefinition(size).map((d) => lazyDocument(Math.max(1, d.resources), () => d.value));

/** A state machine document, or a bare map of states. */
export const stepFunctionsDocument = (size: Size): Arb<Generated> =>
  fc.oneof(w(4, stateMachine(size)), w(1, stateMachine({ min: Math.max(1, size.min), max: Math.max(1, size.max) }, true))).map((d) => lazyDocument(Math.max(1, d.resources), () => d.value));
