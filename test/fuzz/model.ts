/**
 * The value model of the fuzz generator: a job, RStudio or policy body is generated once as a tree
 * of API fields (PascalCase, as the SageMaker API spells them) whose leaves say what kind of value
 * they are (a literal, absent, unknown until apply, a parameter, a branch, a run-time path), and is
 * rendered into each input format's spelling and indirections: snake_case with one-element lists
 * for Terraform's aws provider (objects for awscc), camelCase for ACK, intrinsics and parameters
 * for CloudFormation, {"Get": ...} for pipelines, "Key.$" JSONPaths for Step Functions.
 *
 * Rendering is deterministic: the same tree gives the same document, so fast-check's shrinking of
 * the tree shrinks the document.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The formats a body is rendered in (reader.rego's contexts; awscc is Terraform with objects). */
export type Format = "tf" | "awscc" | "cfn" | "api" | "pipeline" | "sfn" | "ack";

/** What a leaf of a body is. */
export type Leaf =
  /** A literal value. */
  | { t: "lit"; v: Json }
  /** The key is left out. */
  | { t: "absent" }
  /** An explicit null. */
  | { t: "null" }
  /**
   * Known only later: Terraform after_unknown, a CloudFormation parameter or pipeline parameter
   * without a default, a Step Functions JSONPath.
   */
  | { t: "unknown" }
  /** A CloudFormation Ref to a parameter (pipeline: Get Parameters.X) whose default is v. */
  | { t: "param"; name: string; v: Json }
  /** CloudFormation Fn::If with two branches. */
  | { t: "if"; a: Json; b: Json }
  /** Computed at deploy or run time: Fn::GetAtt, a pipeline step property, a JSONPath. */
  | { t: "computed" }
  /** CloudFormation's Ref AWS::NoValue. */
  | { t: "novalue" };

/** A body: leaves, objects of named fields, lists. */
export type Node = Leaf | { t: "obj"; fields: Array<[string, Node]> } | { t: "list"; items: Node[] };

export const lit = (v: Json): Leaf => ({ t: "lit", v });
export const absent: Leaf = { t: "absent" };
export const obj = (...fields: Array<[string, Node] | null | undefined | false>): Node => ({
  t: "obj",
  fields: fields.filter((f): f is [string, Node] => Array.isArray(f)),
});
export const list = (items: Node[]): Node => ({ t: "list", items });

/** Parameters and conditions a CloudFormation template or pipeline needs for the leaves rendered into it. */
export interface RenderContext {
  /** name -> default (undefined: a parameter without a default). */
  params: Map<string, Json | undefined>;
  conditions: Set<string>;
}

export const newContext = (): RenderContext => ({ params: new Map(), conditions: new Set() });

/**
 * Terraform's spelling of an API key, as reader.rego's snake_case computes it (the regular
 * expression [A-Z][a-z0-9]*|[a-z0-9]+), with the provider's own names for image ARNs.
 */
function snake(key: string): string {
  const special: Record<string, string> = { SageMakerImageArn: "SagemakerImageArn", SageMakerImageVersionArn: "SagemakerImageVersionArn" };
  const source = special[key] ?? key;
  return (source.match(/[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? []).join("_").toLowerCase();
}

/** ACK's spelling of an API key (first letter lower case; ARN, URL and ID in capitals where ACK writes them). */
function camel(key: string): string {
  const special: Record<string, string> = {
    SageMakerImageArn: "sageMakerImageARN",
    SageMakerImageVersionArn: "sageMakerImageVersionARN",
    RStudioConnectUrl: "rStudioConnectURL",
    RStudioPackageManagerUrl: "rStudioPackageManagerURL",
    DomainId: "domainID",
  };
  return special[key] ?? `${key.slice(0, 1).toLowerCase()}${key.slice(1)}`;
}

const spell = (format: Format, key: string) =>
  format === "tf" || format === "awscc" ? snake(key) : format === "ack" ? camel(key) : key;

/** The rendered value of a node, and the mirror of it that Terraform writes as after_unknown. */
interface Rendered {
  /** undefined: the key is left out. */
  value: Json | undefined;
  /** Terraform: true where unknown, objects and lists mirroring the value elsewhere; undefined: nothing unknown. */
  unknown?: Json;
  /** Step Functions: the key must be written with ".$" (a JSONPath). */
  path?: boolean;
}

function leaf(format: Format, node: Leaf, ctx: RenderContext): Rendered {
  switch (node.t) {
    case "lit":
      return { value: node.v };
    case "absent":
      return { value: undefined };
    case "null":
      return { value: null };
    case "novalue":
      return format === "cfn" ? { value: { Ref: "AWS::NoValue" } } : { value: undefined };
    case "unknown":
      if (format === "tf" || format === "awscc") return { value: undefined, unknown: true };
      if (format === "cfn") {
        if (!ctx.params.has("Unset")) ctx.params.set("Unset", undefined);
        return { value: { Ref: "Unset" } };
      }
      if (format === "pipeline") {
        if (!ctx.params.has("Unset")) ctx.params.set("Unset", undefined);
        return { value: { Get: "Parameters.Unset" } };
      }
      if (format === "sfn") return { value: "$.job.settings", path: true };
      return { value: undefined };
    case "param":
      if (format === "cfn") {
        ctx.params.set(node.name, node.v);
        return { value: { Ref: node.name } };
      }
      if (format === "pipeline") {
        ctx.params.set(node.name, node.v);
        return { value: { Get: `Parameters.${node.name}` } };
      }
      return { value: node.v };
    case "if":
      if (format === "cfn") {
        ctx.conditions.add("UseA");
        return { value: { "Fn::If": ["UseA", node.a, node.b] } };
      }
      return { value: node.a };
    case "computed":
      if (format === "cfn") return { value: { "Fn::GetAtt": ["Settings", "Value"] } };
      if (format === "pipeline") return { value: { Get: "Steps.Prepare.Properties.Output" } };
      if (format === "sfn") return { value: "$$.Execution.Input.value", path: true };
      if (format === "tf" || format === "awscc") return { value: undefined, unknown: true };
      return { value: undefined };
  }
}

/** Renders a node in a format; returns the value and (Terraform) its after_unknown mirror. */
export function render(format: Format, node: Node, ctx: RenderContext = newContext()): Rendered {
  if (node.t === "obj") {
    const value: JsonObject = {};
    const unknown: JsonObject = {};
    let anyUnknown = false;
    for (const [key, child] of node.fields) {
      const rendered = render(format, child, ctx);
      const name = spell(format, key);
      if (rendered.value !== undefined) value[rendered.path ? `${name}.$` : name] = rendered.value;
      if (rendered.unknown !== undefined) {
        unknown[name] = rendered.unknown;
        anyUnknown = true;
      }
    }
    // The aws provider writes a single nested block as a one-element list.
    if (format === "tf") return { value: [value], ...(anyUnknown ? { unknown: [unknown] } : {}) };
    return { value, ...(anyUnknown ? { unknown } : {}) };
  }
  if (node.t === "list") {
    const values: Json[] = [];
    const unknowns: Json[] = [];
    let anyUnknown = false;
    for (const item of node.items) {
      const rendered = render(format, item, ctx);
      // A nested block inside a list is an element, not a one-element list of its own.
      const value = format === "tf" && item.t === "obj" && Array.isArray(rendered.value) ? rendered.value[0]! : rendered.value;
      const unknown = format === "tf" && item.t === "obj" && Array.isArray(rendered.unknown) ? rendered.unknown[0]! : rendered.unknown;
      values.push(value === undefined ? null : value);
      unknowns.push(unknown ?? (item.t === "obj" ? {} : false));
      if (unknown !== undefined) anyUnknown = true;
    }
    return { value: values, ...(anyUnknown ? { unknown: unknowns } : {}) };
  }
  return leaf(format, node, ctx);
}

/** Renders a body object's fields at the top level (a Terraform resource's attributes are not a nested block). */
export function renderBody(format: Format, node: Node, ctx: RenderContext = newContext()): { value: JsonObject; unknown: JsonObject } {
  if (node.t !== "obj") return { value: {}, unknown: {} };
  const value: JsonObject = {};
  const unknown: JsonObject = {};
  for (const [key, child] of node.fields) {
    const r = render(format, child, ctx);
    const name = spell(format, key);
    if (r.value !== undefined) value[r.path ? `${name}.$` : name] = r.value;
    if (r.unknown !== undefined) unknown[name] = r.unknown;
  }
  return { value, unknown };
}

/** CloudFormation Parameters (and Conditions) for what the leaves rendered into a template referred to. */
export function cfnParameters(ctx: RenderContext): { Parameters?: JsonObject; Conditions?: JsonObject } {
  const out: { Parameters?: JsonObject; Conditions?: JsonObject } = {};
  if (ctx.params.size > 0) {
    out.Parameters = Object.fromEntries(
      [...ctx.params].map(([name, v]): [string, JsonObject] => [name, v === undefined ? { Type: "String" } : { Type: "String", Default: v }]),
    );
  }
  if (ctx.conditions.size > 0) {
    out.Conditions = Object.fromEntries([...ctx.conditions].map((c) => [c, { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] }]));
  }
  return out;
}

/** Pipeline Parameters for what the leaves rendered into a definition referred to. */
export function pipelineParameters(ctx: RenderContext): Json[] {
  return [...ctx.params].map(([name, v]): JsonObject =>
    v === undefined ? { Name: name, Type: "String" } : { Name: name, Type: typeof v === "number" ? "Integer" : typeof v === "boolean" ? "Boolean" : "String", DefaultValue: v },
  );
}
