/**
 * Arbitraries of the bodies every input format carries (as API trees, model.ts): the SageMaker jobs
 * and job definitions (TG101-TG106), RStudio domains, user profiles and apps (TG201-TG204), with
 * every kind of value a leaf may take in the format they are rendered in.
 */
import fc from "fast-check";

import { absent, type Format, type Json, type Leaf, list, lit, type Node,obj } from "./model.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });
const terraform = (f: Format) => f === "tf" || f === "awscc";

/** Bucket names the documents share, so that URIs, bucket resources and policies meet. */
const bucketNames = ["ml-data", "ml-artifacts", "training.logs", "team-a-ml", "shared", "b"] as const;

/** Bucket names, with a few that stress string handling. */
export const bucketName: Arb<string> = fc.oneof(
  w(20, fc.constantFrom(...bucketNames)),
  w(1, fc.constantFrom("Ünïcode-bucket", "bucket with space", "bucket\"quote", "x".repeat(70), "bucket-\u0130", "\u00df-bucket", "b\u{1F600}b")),
);

/** An s3:// URI (or something like one). */
export const s3Uri: Arb<string> = fc.oneof(
  w(12, fc.tuple(bucketName, fc.constantFrom("train/", "", "output/model.tar.gz", "a/b/c/")).map(([b, p]) => `s3://${b}/${p}`)),
  w(1, bucketName.map((b) => `S3://${b}/x`)),
  w(1, bucketName.map((b) => `s3://${b}`)),
  w(1, fc.constantFrom("s3://", "s3:///x", "https://ml-data.s3.amazonaws.com/x", "s3://ml-data s3://shared/x")),
);

const paramName = fc.constantFrom("EncryptFlag", "InstanceCount", "Image", "Enabled");

/** The encryption flag: every state reader.flag_state distinguishes, in the format's own ways. */
function flagLeaf(f: Format): Arb<Leaf> {
  const common = [w(6, fc.constant(lit(true))), w(3, fc.constant(lit(false))), w(3, fc.constant(absent))];
  const extra: Record<Format, Array<{ weight: number; arbitrary: Arb<Leaf> }>> = {
    tf: [w(1, fc.constant<Leaf>({ t: "null" })), w(2, fc.constant<Leaf>({ t: "unknown" }))],
    awscc: [w(1, fc.constant<Leaf>({ t: "null" })), w(2, fc.constant<Leaf>({ t: "unknown" }))],
    cfn: [
      w(1, fc.constantFrom<Leaf>(lit("true"), lit("false"), lit("True"), lit("yes"), lit(1))),
      w(2, fc.tuple(paramName, fc.constantFrom<Json>(true, false, "true", "false", "TRUE")).map(([name, v]): Leaf => ({ t: "param", name, v }))),
      w(1, fc.constant<Leaf>({ t: "unknown" })),
      w(2, fc.tuple(fc.constantFrom<Json>(true, false, "true"), fc.constantFrom<Json>(true, false, "false")).map(([a, b]): Leaf => ({ t: "if", a, b }))),
      w(1, fc.constantFrom<Leaf>({ t: "computed" }, { t: "novalue" })),
    ],
    pipeline: [
      w(2, fc.tuple(paramName, fc.constantFrom<Json>(true, false, "true", "false")).map(([name, v]): Leaf => ({ t: "param", name, v }))),
      w(1, fc.constantFrom<Leaf>({ t: "unknown" }, { t: "computed" }, lit("true"))),
    ],
    sfn: [w(2, fc.constant<Leaf>({ t: "unknown" })), w(1, fc.constant(lit("false")))],
    api: [w(1, fc.constantFrom<Leaf>(lit("true"), { t: "null" }))],
    ack: [w(1, fc.constantFrom<Leaf>(lit("true"), { t: "null" }))],
  };
  return fc.oneof(...common, ...extra[f]);
}

/**
 * Instance counts (numbers beyond 32 bits are put into documents by arbitraries.ts, per document
 * rather than per count, so that large documents do not all hold one).
 */
const number: Arb<number> = fc.oneof(
  w(40, fc.integer({ min: 1, max: 8 })),
  w(6, fc.constant(0)),
  w(3, fc.constantFrom(16, 100, 1000)),
);

/** An instance count, in the format's ways (numbers, text, parameters, unknowns). */
function countLeaf(f: Format): Arb<Leaf> {
  const common = [w(10, number.map(lit)), w(2, fc.constant(absent))];
  const extra: Record<Format, Array<{ weight: number; arbitrary: Arb<Leaf> }>> = {
    tf: [w(1, fc.constant<Leaf>({ t: "null" })), w(2, fc.constant<Leaf>({ t: "unknown" }))],
    awscc: [w(1, fc.constant<Leaf>({ t: "null" })), w(2, fc.constant<Leaf>({ t: "unknown" }))],
    cfn: [
      w(2, fc.constantFrom<Leaf>(lit("4"), lit("1"), lit("04"), lit(" 2"), lit("two"), lit(2.5), lit(-1))),
      w(2, fc.tuple(paramName, fc.constantFrom<Json>(1, 4, "3", "x")).map(([name, v]): Leaf => ({ t: "param", name, v }))),
      w(1, fc.constantFrom<Leaf>({ t: "unknown" }, { t: "computed" }, { t: "if", a: 1, b: 8 }, { t: "if", a: "2", b: 1 })),
    ],
    pipeline: [
      w(2, fc.tuple(paramName, fc.constantFrom<Json>(1, 2, 8, "4")).map(([name, v]): Leaf => ({ t: "param", name, v }))),
      w(1, fc.constantFrom<Leaf>({ t: "unknown" }, { t: "computed" })),
    ],
    sfn: [w(2, fc.constant<Leaf>({ t: "unknown" }))],
    api: [w(1, fc.constantFrom<Leaf>(lit("2"), lit(1.5)))],
    ack: [w(1, fc.constantFrom<Leaf>(lit("2")))],
  };
  return fc.oneof(...common, ...extra[f]);
}

const images = [
  "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311",
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/tensorflow-training:2.14-gpu",
  "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-training:2.1",
  "522234722520.dkr.ecr.us-east-1.amazonaws.com/forecasting-deepar:1",
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/custom/Linear-Learner:latest",
  "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-image:1",
  "XGBOOST-İmage",
];

/** A container image. */
function imageLeaf(f: Format): Arb<Leaf> {
  const extra = f === "cfn"
    ? [w(1, fc.tuple(fc.constantFrom(...images), fc.constantFrom(...images)).map(([a, b]): Leaf => ({ t: "if", a, b })))]
    : terraform(f) ? [w(1, fc.constant<Leaf>({ t: "unknown" }))] : [];
  return fc.oneof(w(8, fc.constantFrom(...images).map(lit)), w(2, fc.constant(absent)), ...extra);
}

/** A container that is usually there, sometimes absent, and in a plan sometimes unknown as a whole. */
function container(f: Format, node: Arb<Node>): Arb<Node> {
  return fc.oneof(
    w(10, node),
    w(1, fc.constant<Node>(absent)),
    ...(terraform(f) ? [w(1, fc.constant<Node>({ t: "unknown" }))] : []),
  );
}

/** A list of items that is usually given, and in a plan sometimes unknown (reader.unknown_list). */
function maybeList(f: Format, items: Arb<Node[]>): Arb<Node | null> {
  return fc.option(
    fc.oneof(w(8, items.map(list)), ...(terraform(f) || f === "sfn" || f === "cfn" ? [w(1, fc.constant<Node>({ t: "unknown" }))] : [])),
    { freq: 3 },
  );
}

/** Values a body's cross-references take (security groups, domains), per document kind. */
export interface Env {
  /** A SecurityGroupIds item, or undefined when the format names none in the body. */
  securityGroupId?: Arb<Json>;
  /** A DomainId value. */
  domainId: Arb<Leaf>;
}

const vpc = (f: Format, env: Env): Arb<Node | null> =>
  fc.option(
    env.securityGroupId
      ? fc.array(env.securityGroupId, { minLength: 1, maxLength: 2 }).map((ids) => obj(["SecurityGroupIds", lit(ids)], ["Subnets", lit(["subnet-0a1b2c3d"])]))
      : terraform(f)
        ? fc.constant(obj(["SecurityGroupIds", { t: "unknown" }], ["Subnets", lit(["subnet-0a1b2c3d"])]))
        : fc.constant(obj(["SecurityGroupIds", lit(["sg-0123456789abcdef0"])], ["Subnets", lit(["subnet-0a1b2c3d"])])),
    { freq: 2 },
  );

const resourceConfig = (f: Format): Arb<Node> =>
  fc
    .record({
      count: countLeaf(f),
      groups: maybeList(f, fc.array(countLeaf(f), { minLength: 1, maxLength: 3 }).map((cs) => cs.map((c, i) => obj(["InstanceGroupName", lit(`g${i}`)], ["InstanceCount", c], ["InstanceType", lit("ml.p4d.24xlarge")])))),
      placement: fc.option(fc.array(countLeaf(f), { maxLength: 3 }), { freq: 5 }),
      preferences: maybeList(f, fc.array(countLeaf(f), { maxLength: 3 }).map((cs) => cs.map((c) => obj(["InstanceType", lit("ml.g5.xlarge")], ["InstanceCount", c])))),
    })
    .map((r) =>
      obj(
        ["InstanceCount", r.count],
        ["InstanceType", lit("ml.p4d.24xlarge")],
        ["VolumeSizeInGB", lit(100)],
        r.groups && ["InstanceGroups", r.groups],
        r.placement && ["InstancePlacementConfig", obj(["PlacementSpecifications", list(r.placement.map((c) => obj(["InstanceCount", c], ["UltraServerId", lit("u-1")])))])],
        r.preferences && ["InstancePreferences", r.preferences],
      ),
    );

const name = (prefix: string) => fc.integer({ min: 0, max: 9 }).map((i) => lit(`${prefix}-${i}`));

/** CreateTrainingJob. */
function trainingBody(f: Format, env: Env): Arb<Node> {
  return fc
    .record({
      name: name("training"),
      flag: flagLeaf(f),
      rc: container(f, resourceConfig(f)),
      image: imageLeaf(f),
      inputs: fc.array(s3Uri, { maxLength: 2 }),
      output: fc.option(s3Uri),
      vpc: vpc(f, env),
    })
    .map((b) =>
      obj(
        ["TrainingJobName", b.name],
        ["RoleArn", lit("arn:aws:iam::123456789012:role/sagemaker")],
        ["AlgorithmSpecification", obj(["TrainingImage", b.image], ["TrainingInputMode", lit("File")])],
        ["EnableInterContainerTrafficEncryption", b.flag],
        ["ResourceConfig", b.rc],
        b.inputs.length > 0 && ["InputDataConfig", list(b.inputs.map((uri, i) => obj(["ChannelName", lit(`c${i}`)], ["DataSource", obj(["S3DataSource", obj(["S3DataType", lit("S3Prefix")], ["S3Uri", lit(uri)])])])))],
        b.output !== null && ["OutputDataConfig", obj(["S3OutputPath", lit(b.output)])],
        b.vpc && ["VpcConfig", b.vpc],
        ["StoppingCondition", obj(["MaxRuntimeInSeconds", lit(86400)])],
      ),
    );
}

const tuningDefinition = (f: Format, env: Env): Arb<Node> =>
  fc
    .record({
      flag: flagLeaf(f),
      rc: fc.option(resourceConfig(f), { freq: 4 }),
      hp: fc.option(fc.record({ count: countLeaf(f), configs: maybeList(f, fc.array(countLeaf(f), { maxLength: 3 }).map((cs) => cs.map((c) => obj(["InstanceCount", c], ["InstanceType", lit("ml.m5.xlarge")])))) }), { freq: 3 }),
      image: imageLeaf(f),
      vpc: vpc(f, env),
    })
    .map((d) =>
      obj(
        ["AlgorithmSpecification", obj(["TrainingImage", d.image])],
        ["EnableInterContainerTrafficEncryption", d.flag],
        d.rc && ["ResourceConfig", d.rc],
        d.hp && ["HyperParameterTuningResourceConfig", obj(["InstanceCount", d.hp.count], d.hp.configs && ["InstanceConfigs", d.hp.configs])],
        d.vpc && ["VpcConfig", d.vpc],
        ["RoleArn", lit("arn:aws:iam::123456789012:role/sagemaker")],
      ),
    );

/** CreateHyperParameterTuningJob (TrainingJobDefinition and/or TrainingJobDefinitions). */
function tuningBody(f: Format, env: Env): Arb<Node> {
  return fc
    .record({
      name: name("tuning"),
      single: fc.option(tuningDefinition(f, env), { freq: 5 }),
      multi: fc.option(fc.array(tuningDefinition(f, env), { maxLength: 3 }), { freq: 3 }),
    })
    .map((b) =>
      obj(
        ["HyperParameterTuningJobName", b.name],
        ["HyperParameterTuningJobConfig", obj(["Strategy", lit("Bayesian")], ["ResourceLimits", obj(["MaxNumberOfTrainingJobs", lit(10)], ["MaxParallelTrainingJobs", lit(2)])])],
        b.single && ["TrainingJobDefinition", b.single],
        b.multi && ["TrainingJobDefinitions", list(b.multi)],
      ),
    );
}

const networkConfig = (f: Format, env: Env): Arb<Node> =>
  container(f, fc.record({ flag: flagLeaf(f), vpc: vpc(f, env) }).map((n) => obj(["EnableInterContainerTrafficEncryption", n.flag], n.vpc && ["VpcConfig", n.vpc])));

const cluster = (f: Format): Arb<Node> =>
  container(f, countLeaf(f).map((c) => obj(["ClusterConfig", obj(["InstanceCount", c], ["InstanceType", lit("ml.m5.xlarge")], ["VolumeSizeInGB", lit(30)])])));

/** CreateProcessingJob. */
function processingBody(f: Format, env: Env): Arb<Node> {
  return fc
    .record({ name: name("processing"), network: networkConfig(f, env), resources: cluster(f), image: imageLeaf(f), input: fc.option(s3Uri) })
    .map((b) =>
      obj(
        ["ProcessingJobName", b.name],
        ["RoleArn", lit("arn:aws:iam::123456789012:role/sagemaker")],
        ["AppSpecification", obj(["ImageUri", b.image])],
        ["NetworkConfig", b.network],
        ["ProcessingResources", b.resources],
        b.input !== null && ["ProcessingInputs", list([obj(["InputName", lit("input")], ["S3Input", obj(["S3Uri", lit(b.input)], ["LocalPath", lit("/opt/ml/processing/input")])])])],
      ),
    );
}

/** CreateAutoMLJob (v1, AutoMLJobConfig.SecurityConfig) or CreateAutoMLJobV2 (SecurityConfig). */
function automlBody(f: Format, env: Env, version: 1 | 2): Arb<Node> {
  return fc.record({ name: name("automl"), flag: flagLeaf(f), input: s3Uri, vpc: vpc(f, env), security: fc.boolean() }).map((b) => {
    const security = b.security || b.flag.t !== "absent" ? obj(["EnableInterContainerTrafficEncryption", b.flag], b.vpc && ["VpcConfig", b.vpc]) : null;
    return version === 1
      ? obj(
          ["AutoMLJobName", b.name],
          ["AutoMLJobConfig", obj(["CompletionCriteria", obj(["MaxCandidates", lit(10)])], security && ["SecurityConfig", security])],
          ["InputDataConfig", list([obj(["DataSource", obj(["S3DataSource", obj(["S3DataType", lit("S3Prefix")], ["S3Uri", lit(b.input)])])], ["TargetAttributeName", lit("y")])])],
          ["OutputDataConfig", obj(["S3OutputPath", lit(b.input)])],
          ["RoleArn", lit("arn:aws:iam::123456789012:role/sagemaker")],
        )
      : obj(
          ["AutoMLJobName", b.name],
          ["AutoMLJobInputDataConfig", list([obj(["ChannelType", lit("training")], ["DataSource", obj(["S3DataSource", obj(["S3Uri", lit(b.input)])])])])],
          ["AutoMLProblemTypeConfig", obj(["TabularJobConfig", obj(["TargetAttributeName", lit("y")])])],
          ["OutputDataConfig", obj(["S3OutputPath", lit(b.input)])],
          security && ["SecurityConfig", security],
          ["RoleArn", lit("arn:aws:iam::123456789012:role/sagemaker")],
        );
  });
}

export const monitoringVariants = ["DataQuality", "ModelQuality", "ModelBias", "ModelExplainability"] as const;
export type MonitoringVariant = (typeof monitoringVariants)[number];

/** Create{DataQuality,ModelQuality,ModelBias,ModelExplainability}JobDefinition. */
function monitoringDefinitionBody(f: Format, env: Env, variant: MonitoringVariant): Arb<Node> {
  return fc
    .record({ name: name("monitoring"), network: networkConfig(f, env), resources: cluster(f), image: imageLeaf(f), output: s3Uri })
    .map((b) =>
      obj(
        ["JobDefinitionName", b.name],
        [`${variant}AppSpecification`, obj(["ImageUri", b.image])],
        [`${variant}JobInput`, obj(["EndpointInput", obj(["EndpointName", lit("endpoint")], ["LocalPath", lit("/opt/ml/processing/input")])])],
        [`${variant}JobOutputConfig`, obj(["MonitoringOutputs", list([obj(["S3Output", obj(["S3Uri", lit(b.output)], ["LocalPath", lit("/opt/ml/processing/output")])])])])],
        ["JobResources", b.resources],
        ["NetworkConfig", b.network],
        ["RoleArn", lit("arn:aws:iam::123456789012:role/sagemaker")],
      ),
    );
}

/** CreateMonitoringSchedule: an inline job definition, or the name of a separate one. */
function monitoringScheduleBody(f: Format, env: Env): Arb<Node> {
  return fc
    .record({
      name: name("schedule"),
      inline: fc.option(fc.record({ network: networkConfig(f, env), resources: cluster(f), image: imageLeaf(f) }), { freq: 4 }),
      named: fc.boolean(),
      unknownDefinition: terraform(f) ? fc.boolean() : fc.constant(false),
    })
    .map((b) =>
      obj(
        ["MonitoringScheduleName", b.name],
        [
          "MonitoringScheduleConfig",
          obj(
            ["ScheduleConfig", obj(["ScheduleExpression", lit("cron(0 * ? * * *)")])],
            b.inline
              ? ["MonitoringJobDefinition", obj(["MonitoringAppSpecification", obj(["ImageUri", b.inline.image])], ["MonitoringResources", b.inline.resources], ["NetworkConfig", b.inline.network])]
              : b.unknownDefinition && ["MonitoringJobDefinition", { t: "unknown" }],
            (b.named || !b.inline) && ["MonitoringJobDefinitionName", lit("data-quality-definition")],
            ["MonitoringType", lit("DataQuality")],
          ),
        ],
      ),
    );
}

export type JobKind = "training" | "tuning" | "processing" | "automl" | "automl_v2" | "monitoring_job_definition" | "monitoring_schedule";

/** A job body of a kind. */
export function jobBody(f: Format, env: Env, kind: JobKind, variant: MonitoringVariant = "DataQuality"): Arb<Node> {
  switch (kind) {
    case "training":
      return trainingBody(f, env);
    case "tuning":
      return tuningBody(f, env);
    case "processing":
      return processingBody(f, env);
    case "automl":
      return automlBody(f, env, 1);
    case "automl_v2":
      return automlBody(f, env, 2);
    case "monitoring_job_definition":
      return monitoringDefinitionBody(f, env, variant);
    case "monitoring_schedule":
      return monitoringScheduleBody(f, env);
  }
}

// ---------------------------------------------------------------------------------------------
// RStudio

const rstudioImages = [
  "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2021.09",
  "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2022.02",
  "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2022.12",
  "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-workbench-2025.05-sagemaker-1.0",
  "arn:aws:sagemaker:us-east-1:081325390199:image/RSTUDIO-WORKBENCH-2023.3",
  "arn:aws:sagemaker:us-east-1:123456789012:image/custom-r 2022.02.2-485.pro2",
  "arn:aws:sagemaker:us-east-1:123456789012:image-version/custom-r/2022.02.1+461.pro1",
  "2022.02.2-485.pro2",
  "2022.02.2-485.pro1",
  "2023.03.0+386.pro1",
  "2021.09.2-382.pro1",
  "9999.99.99-9999.pro99",
  "arn:aws:sagemaker:us-east-1:081325390199:image/rstudio-wor\u212abench-2022.02",
  "arn:aws:sagemaker:us-east-1:081325390199:image/RSTUDIO-WOR\u212aBENCH-2021.09",
  "2022.02.2-485.PRO2",
  "2022.02.2-485.pro\u0662",
  "arn:aws:sagemaker:us-east-1:123456789012:image/custom-r",
  "",
];

function rstudioImageLeaf(f: Format): Arb<Leaf> {
  return fc.oneof(
    w(10, fc.constantFrom(...rstudioImages).map(lit)),
    w(2, fc.constant(absent)),
    ...(terraform(f) || f === "cfn" ? [w(1, fc.constant<Leaf>({ t: "unknown" }))] : []),
    ...(f === "cfn" ? [w(1, fc.constantFrom<Leaf>({ t: "computed" }, { t: "if", a: rstudioImages[0]!, b: rstudioImages[3]! }, { t: "param", name: "Image", v: rstudioImages[1]! }))] : []),
  );
}

const resourceSpec = (f: Format): Arb<Node> =>
  fc.record({ arn: rstudioImageLeaf(f), version: fc.option(rstudioImageLeaf(f), { freq: 4 }) }).map((s) => obj(["SageMakerImageArn", s.arn], s.version && ["SageMakerImageVersionArn", s.version], ["InstanceType", lit("system")]));

const urls = [
  "https://connect.example.com",
  "http://connect.example.com",
  " HTTP://pm.example.com",
  "\u00a0http://pm.example.com",
  "\u2003http://x.example.com",
  "\u0085http://x.example.com",
  "\u3000HTTP://x.example.com",
  "\u200bhttp://x.example.com",
  "\ufeffhttp://x.example.com",
  "http://x.example.com\u00a0",
  "ftp://files",
  "https://pm.example.com/http://",
];

const urlLeaf = (f: Format): Arb<Leaf> => fc.oneof(w(6, fc.constantFrom(...urls).map(lit)), w(3, fc.constant(absent)), ...(terraform(f) ? [w(1, fc.constant<Leaf>({ t: "unknown" }))] : []));

export type RStudioKind = "domain" | "domain_update" | "user_profile" | "app";

/** CreateDomain / UpdateDomain / Create(Update)UserProfile / CreateApp bodies with or without RStudio. */
export function rstudioBody(f: Format, env: Env, kind: RStudioKind): Arb<Node> {
  const settings = fc.record({
    spec: fc.option(resourceSpec(f), { freq: 4 }),
    connect: urlLeaf(f),
    packages: urlLeaf(f),
  });
  const userSettings = fc.record({
    session: fc.option(fc.record({ spec: fc.option(resourceSpec(f), { freq: 4 }) }), { freq: 3 }),
    server: fc.boolean(),
  });
  const rstudioSettings = (s: { spec: Node | null; connect: Leaf; packages: Leaf }) =>
    obj(s.spec && ["DefaultResourceSpec", s.spec], ["RStudioConnectUrl", s.connect], ["RStudioPackageManagerUrl", s.packages], ["DomainExecutionRoleArn", lit("arn:aws:iam::123456789012:role/rstudio")]);
  const user = (u: { session: { spec: Node | null } | null; server: boolean }) =>
    obj(
      ["ExecutionRole", lit("arn:aws:iam::123456789012:role/sagemaker")],
      u.session && ["RSessionAppSettings", obj(u.session.spec && ["DefaultResourceSpec", u.session.spec])],
      u.server && ["RStudioServerProAppSettings", obj(["AccessStatus", lit("ENABLED")], ["UserGroup", lit("R_STUDIO_USER")])],
    );
  switch (kind) {
    case "domain":
      return fc.record({ name: name("domain"), rstudio: fc.option(settings, { freq: 5 }), user: userSettings }).map((b) =>
        obj(
          ["DomainName", b.name],
          ["AuthMode", lit("IAM")],
          ["DomainSettings", obj(b.rstudio && ["RStudioServerProDomainSettings", rstudioSettings(b.rstudio)])],
          ["DefaultUserSettings", user(b.user)],
          ["SubnetIds", lit(["subnet-1"])],
          ["VpcId", lit("vpc-1")],
        ),
      );
    case "domain_update":
      return fc.record({ id: name("d"), rstudio: fc.option(settings, { freq: 5 }), user: fc.option(userSettings) }).map((b) =>
        obj(
          ["DomainId", b.id],
          b.rstudio && ["DomainSettingsForUpdate", obj(["RStudioServerProDomainSettingsForUpdate", rstudioSettings(b.rstudio)])],
          b.user && ["DefaultUserSettings", user(b.user)],
        ),
      );
    case "user_profile":
      return fc.record({ name: name("user"), domain: env.domainId, user: userSettings, create: fc.boolean() }).map((b) =>
        obj(
          ["DomainId", b.domain],
          ["UserProfileName", b.name],
          ["UserSettings", user(b.user)],
          b.create && ["Tags", list([obj(["Key", lit("team")], ["Value", lit("ml")])])],
        ),
      );
    case "app":
      return fc
        .record({ name: name("app"), domain: env.domainId, type: fc.constantFrom("RStudioServerPro", "RSessionGateway", "JupyterServer", "KernelGateway"), spec: fc.option(resourceSpec(f), { freq: 4 }) })
        .map((b) =>
          obj(["DomainId", b.domain], ["UserProfileName", lit("user-1")], ["AppType", lit(b.type)], ["AppName", b.name], b.spec && ["ResourceSpec", b.spec]),
        );
  }
}
