/**
 * Arbitraries of CloudFormation (and SAM) templates: every SageMaker job and job definition type,
 * pipelines and state machines with definitions as strings, objects, Fn::Sub, Fn::ToJsonString,
 * Fn::Join or stored elsewhere; RStudio domains, user profiles and apps; buckets and bucket policies
 * whose Resource patterns are built with Fn::Sub, Fn::GetAtt and Fn::Join; IAM policies and SCPs;
 * VPC endpoints; security groups with inline and separate rules. Values come as literals, Ref to
 * parameters with and without defaults, Fn::If, Fn::GetAtt and AWS::NoValue.
 */
import fc from "fast-check";

import { bucketName, type Env, jobBody, type JobKind, type MonitoringVariant, rstudioBody, type RStudioKind } from "./bodies.ts";
import { pipelineDefinition, type Size,stateMachine } from "./definitions.ts";
import { cfnParameters, type Json, type JsonObject, type Leaf, newContext, type Node, renderBody, type RenderContext } from "./model.ts";
import { goodGuardrail, goodStatement, policyDocument, resourcePattern, statement, stressStatements } from "./policies.ts";
import { type Generated,lazyDocument } from "./terraform.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });

/** Logical IDs are <Base><n>; references name the first few, so that some resolve and some do not. */
const idOf = (base: string, n: number) => (n === 1 ? base : `${base}${n}`);
const refTo = (base: string): Arb<string> => fc.oneof(w(6, fc.constant(idOf(base, 1))), w(3, fc.constant(idOf(base, 2))), w(1, fc.constant(`Missing${base}`)));

const sgReference: Arb<Json> = fc.oneof(
  w(4, refTo("SecurityGroup").map((id): Json => ({ Ref: id }))),
  w(2, refTo("SecurityGroup").map((id): Json => ({ "Fn::GetAtt": [id, "GroupId"] }))),
  w(1, refTo("SecurityGroup").map((id): Json => ({ "Fn::GetAtt": `${id}.GroupId` }))),
  w(1, fc.constantFrom<Json>("sg-0123456789abcdef0", { "Fn::ImportValue": "sg" })),
);

const env: Env = {
  securityGroupId: sgReference,
  domainId: fc.oneof(
    w(3, refTo("Domain").map((id): Leaf => ({ t: "lit", v: { Ref: id } }))),
    w(2, refTo("Domain").map((id): Leaf => ({ t: "lit", v: { "Fn::GetAtt": [id, "DomainId"] } }))),
    w(1, refTo("Domain").map((id): Leaf => ({ t: "lit", v: { "Fn::GetAtt": `${id}.DomainId` } }))),
    w(1, fc.constant<Leaf>({ t: "lit", v: "d-abc123" })),
    w(1, fc.constant<Leaf>({ t: "absent" })),
  ),
};

/** One template resource: its base name and type, and how to render it (given the template's context). */
interface Resource {
  base: string;
  type: string;
  /** Properties (rendered into ctx's parameters and conditions); null: no Properties at all. */
  properties: (ctx: RenderContext) => JsonObject | null;
  resources: number;
}

const node = (base: string, type: string, body: Node, extra: JsonObject = {}): Resource => ({
  base,
  type,
  properties: (ctx) => ({ ...renderBody("cfn", body, ctx).value, ...extra }),
  resources: 1,
});

const jobTypes: Array<[string, string, JobKind, MonitoringVariant]> = [
  ["TrainingJob", "AWS::SageMaker::TrainingJob", "training", "DataQuality"],
  ["ProcessingJob", "AWS::SageMaker::ProcessingJob", "processing", "DataQuality"],
  ["AutoMLJob", "AWS::SageMaker::AutoMLJob", "automl", "DataQuality"],
  ["AutoMLJobV2", "AWS::SageMaker::AutoMLJob", "automl_v2", "DataQuality"],
  ["DataQuality", "AWS::SageMaker::DataQualityJobDefinition", "monitoring_job_definition", "DataQuality"],
  ["ModelQuality", "AWS::SageMaker::ModelQualityJobDefinition", "monitoring_job_definition", "ModelQuality"],
  ["ModelBias", "AWS::SageMaker::ModelBiasJobDefinition", "monitoring_job_definition", "ModelBias"],
  ["ModelExplainability", "AWS::SageMaker::ModelExplainabilityJobDefinition", "monitoring_job_definition", "ModelExplainability"],
  ["Schedule", "AWS::SageMaker::MonitoringSchedule", "monitoring_schedule", "DataQuality"],
  ["Tuning", "AWS::SageMaker::HyperParameterTuningJob", "tuning", "DataQuality"],
];

const jobResource: Arb<Resource> = fc.oneof(
  ...jobTypes.map(([base, type, kind, variant], i) => w(i === 0 ? 6 : 2, jobBody("cfn", env, kind, variant).map((body) => node(base, type, body)))),
);

const small: Size = { min: 0, max: 3 };

/** How an embedded definition is written in a template. */
const embedded = (definition: Arb<{ value: JsonObject; resources: number }>): Arb<[Json, number]> =>
  fc.oneof(
    w(4, definition.map((d): [Json, number] => [JSON.stringify(d.value), d.resources])),
    w(2, definition.map((d): [Json, number] => [d.value, d.resources])),
    w(2, definition.map((d): [Json, number] => [{ "Fn::Sub": JSON.stringify(d.value).replace('"Version"', '"Region": "${AWS::Region}", "Version"') }, d.resources])),
    w(1, definition.map((d): [Json, number] => [{ "Fn::Sub": [JSON.stringify(d.value), { Bucket: { Ref: "Bucket" } }] }, d.resources])),
    w(2, definition.map((d): [Json, number] => [{ "Fn::ToJsonString": d.value }, d.resources])),
    w(1, fc.constantFrom<[Json, number]>([{ "Fn::Join": ["", ["{", "}"]] }, 0], [{ "Fn::GetAtt": ["X", "Y"] }, 0], ["not json", 0], [{ "Fn::Sub": "{" }, 0], [[1, 2], 0], ["true", 0], [{ "Fn::Sub": "false" }, 0])),
  );

const pipelineResource: Arb<Resource> = fc.oneof(
  w(5, embedded(pipelineDefinition(small)).map(([body, n]): Resource => ({
    base: "Pipeline",
    type: "AWS::SageMaker::Pipeline",
    properties: () => ({ PipelineName: "p", RoleArn: "arn:aws:iam::123456789012:role/p", PipelineDefinition: { PipelineDefinitionBody: body } }),
    resources: 1 + n,
  }))),
  w(1, fc.constant<Resource>({
    base: "Pipeline",
    type: "AWS::SageMaker::Pipeline",
    properties: () => ({ PipelineName: "p", RoleArn: "r", PipelineDefinition: { PipelineDefinitionS3Location: { Bucket: "ml-data", Key: "p.json" } } }),
    resources: 1,
  })),
);

const stateMachineResource: Arb<Resource> = fc.oneof(
  w(5, fc.tuple(embedded(stateMachine(small)), fc.constantFrom("Definition", "DefinitionString"), fc.constantFrom("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")).map(([[body, n], key, type]): Resource => ({
    base: "StateMachine",
    type,
    properties: () => ({ RoleArn: "arn:aws:iam::123456789012:role/sfn", [key]: body }),
    resources: 1 + n,
  }))),
  w(1, fc.constantFrom("DefinitionS3Location", "DefinitionUri").map((key): Resource => ({
    base: "StateMachine",
    type: key === "DefinitionUri" ? "AWS::Serverless::StateMachine" : "AWS::StepFunctions::StateMachine",
    properties: () => ({ [key]: key === "DefinitionUri" ? "s3://ml-data/sm.json" : { Bucket: "ml-data", Key: "sm.json" } }),
    resources: 1,
  }))),
);

const rstudioTypes: Array<[string, string, RStudioKind]> = [
  ["Domain", "AWS::SageMaker::Domain", "domain"],
  ["UserProfile", "AWS::SageMaker::UserProfile", "user_profile"],
  ["App", "AWS::SageMaker::App", "app"],
];

const rstudioResource: Arb<Resource> = fc.oneof(...rstudioTypes.map(([base, type, kind]) => rstudioBody("cfn", env, kind).map((body) => node(base, type, body))));

const bucketNameValue: Arb<Leaf | Json> = fc.oneof(
  w(8, bucketName.map((b): Json => b)),
  w(1, bucketName.map((b): Leaf => ({ t: "param", name: "BucketName", v: b }))),
  w(1, fc.constantFrom<Json>({ "Fn::Sub": "${AWS::StackName}-data" }, { "Fn::Join": ["-", ["ml", { Ref: "AWS::AccountId" }]] }, { "Fn::Sub": ["${Name}", { Name: "ml-data" }] })),
);

/** Resource values of a template's bucket policy: intrinsics over the template's buckets, or text. */
const cfnResourcePattern: Arb<Json> = fc.oneof(
  w(4, resourcePattern(bucketName)),
  w(2, fc.tuple(refTo("Bucket"), fc.constantFrom("", "/*")).map(([id, suffix]): Json => ({ "Fn::Sub": `arn:\${AWS::Partition}:s3:::\${${id}}${suffix}` }))),
  w(2, fc.tuple(refTo("Bucket"), fc.constantFrom("", "/*")).map(([id, suffix]): Json => ({ "Fn::Sub": `\${${id}.Arn}${suffix}` }))),
  w(1, refTo("Bucket").map((id): Json => ({ "Fn::GetAtt": [id, "Arn"] }))),
  w(1, refTo("Bucket").map((id): Json => ({ "Fn::Join": ["", [{ "Fn::GetAtt": [id, "Arn"] }, "/*"]] }))),
  w(1, refTo("Bucket").map((id): Json => ({ "Fn::Join": ["", ["arn:aws:s3:::", { Ref: id }, "/*"]] }))),
);

const s3Resources: Arb<Resource> = fc.oneof(
  w(5, fc.option(bucketNameValue, { freq: 6 }).map((name): Resource => ({
    base: "Bucket",
    type: "AWS::S3::Bucket",
    properties: (ctx): JsonObject => {
      if (name === null) return {};
      if (name !== null && typeof name === "object" && "t" in name && (name as Leaf).t === "param") {
        const leaf = name as Extract<Leaf, { t: "param" }>;
        ctx.params.set(leaf.name, leaf.v);
        return { BucketName: { Ref: leaf.name } };
      }
      return { BucketName: name as Json };
    },
    resources: 1,
  }))),
  w(4, fc
    .record({
      bucket: fc.oneof(w(6, refTo("Bucket").map((id): Json => ({ Ref: id }))), w(2, bucketName.map((b): Json => b))),
      doc: policyDocument(fc.array(statement(cfnResourcePattern), { minLength: 1, maxLength: 5 })),
      good: fc.option(fc.tuple(refTo("Bucket"), fc.boolean()), { freq: 2 }),
      text: fc.oneof(w(4, fc.constant(false)), w(1, fc.constant(true))),
    })
    .map(({ bucket, doc, good, text }): Resource => {
      let document = doc;
      if (good) {
        const [id, tls] = good;
        const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement!];
        document = { ...doc, Statement: [goodStatement((suffix) => ({ "Fn::Sub": `arn:\${AWS::Partition}:s3:::\${${id}}${suffix}` }), tls), ...statements] };
      }
      return { base: "BucketPolicy", type: "AWS::S3::BucketPolicy", properties: () => ({ Bucket: bucket, PolicyDocument: text ? JSON.stringify(document) : document }), resources: 1 };
    })),
);

const iamResource: Arb<Resource> = fc
  .record({
    type: fc.constantFrom("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy", "AWS::Organizations::Policy"),
    doc: fc.oneof(w(2, fc.constant(goodGuardrail)), w(6, policyDocument(fc.array(statement(fc.constantFrom<Json>("*", { "Fn::Sub": "arn:${AWS::Partition}:sagemaker:*:*:*" })), { minLength: 1, maxLength: 5 })))),
    text: fc.boolean(),
  })
  .map(({ type, doc, text }): Resource => ({
    base: "Guardrail",
    type,
    properties: () => ({ [type === "AWS::Organizations::Policy" ? "Content" : "PolicyDocument"]: text ? JSON.stringify(doc) : doc, ...(type === "AWS::Organizations::Policy" ? { Type: "SERVICE_CONTROL_POLICY", Name: "g" } : { PolicyName: "g" }) }),
    resources: 1,
  }));

const endpointResource: Arb<Resource> = fc
  .constantFrom<Json>(
    "com.amazonaws.us-east-1.sagemaker.api",
    "com.amazonaws.eu-west-1.sagemaker.runtime",
    "com.amazonaws.us-west-2.sagemaker.api-fips",
    "com.amazonaws.us-gov-east-1.sagemaker.api",
    { "Fn::Sub": "com.amazonaws.${AWS::Region}.sagemaker.api" },
    { "Fn::Sub": "com.amazonaws.${AWS::Region}.sagemaker.runtime-fips" },
    { "Fn::Join": [".", ["com.amazonaws", { Ref: "AWS::Region" }, "sagemaker", "runtime"]] },
    { "Fn::Join": ["", ["com.amazonaws.", { Ref: "Region" }, ".sagemaker.api"]] },
    "com.amazonaws.us-east-1.s3",
  )
  .map((service): Resource => ({ base: "Endpoint", type: "AWS::EC2::VPCEndpoint", properties: () => ({ ServiceName: service, VpcId: "vpc-1", VpcEndpointType: "Interface" }), resources: 1 }));

const protocol = fc.constantFrom<Json>("-1", "udp", "17", "50", "esp", "tcp", -1, 50, 17, "UDP");
const ports = fc.constantFrom<[Json, Json]>([500, 500], [0, 0], [0, 65535], [443, 443], [501, 600], ["500", "500"], [-1, -1]);

const cfnRule = (peerKey: string, self: string): Arb<JsonObject> =>
  fc.record({ protocol, ports, peer: fc.constantFrom("self", "self", "cidr", "cidr6", "other", "none") }).map((r) => ({
    IpProtocol: r.protocol,
    FromPort: r.ports[0],
    ToPort: r.ports[1],
    ...(r.peer === "self" ? { [peerKey]: { Ref: self } } : r.peer === "cidr" ? { CidrIp: "0.0.0.0/0" } : r.peer === "cidr6" ? { CidrIpv6: "::/0" } : r.peer === "other" ? { [peerKey]: "sg-other" } : {}),
  }));

const securityGroupResources: Arb<Resource> = fc.oneof(
  w(3, fc.record({ ingress: fc.option(fc.array(cfnRule("SourceSecurityGroupId", "SecurityGroup"), { maxLength: 3 })), egress: fc.option(fc.array(cfnRule("DestinationSecurityGroupId", "SecurityGroup"), { maxLength: 3 })) }).map((g): Resource => ({
    base: "SecurityGroup",
    type: "AWS::EC2::SecurityGroup",
    properties: () => ({ GroupDescription: "SageMaker", VpcId: "vpc-1", ...(g.ingress ? { SecurityGroupIngress: g.ingress } : {}), ...(g.egress ? { SecurityGroupEgress: g.egress } : {}) }),
    resources: 1,
  }))),
  w(3, fc.tuple(fc.constantFrom("Ingress", "Egress"), sgReference, refTo("SecurityGroup"), fc.boolean()).chain(([direction, group, self, selfPeer]) =>
    cfnRule(direction === "Ingress" ? "SourceSecurityGroupId" : "DestinationSecurityGroupId", self).map((rule): Resource => ({
      base: `SecurityGroup${direction}`,
      type: `AWS::EC2::SecurityGroup${direction}`,
      properties: () => ({ GroupId: selfPeer ? { "Fn::GetAtt": [self, "GroupId"] } : group, ...rule }),
      resources: 1,
    })),
  )),
);

const noiseResource: Arb<Resource> = fc.constantFrom("AWS::Lambda::Function", "AWS::SNS::Topic", "AWS::IAM::Role").map((type): Resource => ({
  base: "Other",
  type,
  properties: () => ({ Code: { S3Bucket: "ml-data", S3Key: "code.zip" }, Description: "s3://shared/x", Policies: [{ PolicyDocument: goodGuardrail }] }),
  resources: 1,
}));

/** A policy with many distinct wildcard patterns, as a bucket policy or an IAM policy. */
function stressResource(count: { min: number; max: number }): Arb<Resource> {
  return fc.tuple(stressStatements(bucketName, count), fc.boolean()).map(([statements, iam]): Resource => ({
    base: iam ? "StressPolicy" : "StressBucketPolicy",
    type: iam ? "AWS::IAM::ManagedPolicy" : "AWS::S3::BucketPolicy",
    properties: (): JsonObject => (iam ? { PolicyDocument: { Statement: statements } } : { Bucket: { Ref: "Bucket" }, PolicyDocument: { Statement: statements } }),
    resources: 1,
  }));
}

const resource: Arb<Resource> = fc.oneof(
  w(12, jobResource),
  w(3, pipelineResource),
  w(3, stateMachineResource),
  w(5, rstudioResource),
  w(9, s3Resources),
  w(3, iamResource),
  w(2, endpointResource),
  w(7, securityGroupResources),
  w(3, noiseResource),
  w(1, stressResource({ min: 5, max: 40 })),
  w(1, fc.constant<Resource>({ base: "Bare", type: "AWS::SageMaker::TrainingJob", properties: () => null, resources: 1 })),
);

/** A template of size.min to size.max resources (plus stress policies when asked). */
export function cloudformationTemplate(size: Size, stress?: { min: number; max: number }): Arb<Generated> {
  return fc
    .record({
      resources: fc.array(resource, { minLength: Math.max(1, size.min), maxLength: Math.max(1, size.max) }),
      stress: stress ? fc.array(stressResource(stress), { minLength: 1, maxLength: 2 }) : fc.constant<Resource[]>([]),
      sam: fc.oneof(w(6, fc.constant(false)), w(1, fc.constant(true))),
      version: fc.boolean(),
    })
    .map(({ resources, stress: extra, sam, version }) => {
      const all = [...resources, ...extra];
      return lazyDocument(all.reduce((n, r) => n + r.resources, 0), () => render(all, sam, version));
    });
}

/** The template: logical IDs <Base><n>, parameters and conditions for what the resources refer to. */
function render(resources: Resource[], sam: boolean, version: boolean): JsonObject {
  const ctx = newContext();
  const counters = new Map<string, number>();
  const rendered: JsonObject = {};
  for (const r of resources) {
    const n = (counters.get(r.base) ?? 0) + 1;
    counters.set(r.base, n);
    const properties = r.properties(ctx);
    rendered[idOf(r.base, n)] = { Type: r.type, ...(properties === null ? {} : { Properties: properties }) };
  }
  const { Parameters, Conditions } = cfnParameters(ctx);
  const document: JsonObject = {
    ...(version ? { AWSTemplateFormatVersion: "2010-09-09" } : {}),
    ...(sam ? { Transform: "AWS::Serverless-2016-10-31" } : {}),
    ...(Parameters ? { Parameters } : {}),
    ...(Conditions ? { Conditions } : {}),
    Resources: rendered,
  };
  return document;
}
