/**
 * JSON Schema validation with one shared Ajv instance in strict mode; every schema is compiled
 * once, on first use. The input kind comes from the policies (entrypoint document_kind); this
 * module only checks the document against that kind's schema.
 */
import { readdirSync,readFileSync } from "node:fs";
import path from "node:path";

import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { isMap, isSeq, parseDocument } from "yaml";

import { InputError } from "../errors.ts";
import { packagePath } from "../package-root.ts";
import type { DocumentKind, Finding, Waiver } from "../types.ts";
import { jsonPathOffset } from "./json-offset.ts";
import { lineColumn, type ParsedDocument } from "./read.ts";

const schemaDir = packagePath("schemas");
const base = "https://sagemaker-transit-guard.dev/schemas/";

/** The options of Ajv here and in the test that checks the schemas themselves (test/schemas.test.ts). */
export const ajvOptions = { strict: true, allowUnionTypes: true, verbose: true } as const;

/** The project's schemas (schemas/*.schema.json and schemas/input/), parsed. */
export function projectSchemas(): object[] {
  return ["", "input"].flatMap((dir) =>
    readdirSync(path.join(schemaDir, dir))
      .filter((f) => f.endsWith(".schema.json"))
      .map((name) => JSON.parse(readFileSync(path.join(schemaDir, dir, name), "utf8")) as object),
  );
}

// The schemas are the package's own, checked against the JSON Schema meta-schema by the tests
// (test/schemas.test.ts): checking them again at every start (compiling the meta-schema) took
// 45 ms of every run.
const ajv = new Ajv2020({ ...ajvOptions, validateSchema: false });
for (const schema of projectSchemas()) ajv.addSchema(schema);

function validator<T>(ref: string): ValidateFunction<T> {
  const validate = ajv.getSchema<T>(`${base}${ref}`);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
}

/** The errors of the last finding validation, for test messages. */
export function findingErrors(value: unknown): string {
  const validate = validator<Finding>("finding.schema.json");
  return validate(value) ? "" : ajv.errorsText(validate.errors);
}

/**
 * Validates a waiver file (schemas/waivers.schema.json) and returns its waivers. Throws an
 * InputError naming the file, the line and column, the entry (waivers[i]) and the problem.
 */
export function validateWaivers(document: ParsedDocument): Waiver[] {
  const validate = validator<{ waivers: Waiver[] }>("waivers.schema.json");
  if (validate(document.value)) return document.value.waivers;
  const error = mostSpecific(validate.errors ?? []);
  const segments = pointerSegments(error.instancePath);
  const where = segments.length === 0 ? "the file" : segments.reduce((s, seg) => (/^\d+$/.test(seg) ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), "");
  const params = error.params as { missingProperty?: string; additionalProperty?: string; type?: string };
  const problem =
    error.keyword === "required"
      ? `has no "${params.missingProperty}"`
      : error.keyword === "additionalProperties"
        ? `has an unknown field "${params.additionalProperty}"`
        : error.keyword === "type"
          ? `must be ${params.type === "array" ? "a list" : `a ${params.type}`}, not ${JSON.stringify(error.data)}`
          : `is ${JSON.stringify(error.data)}`;
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  throw new InputError(document.file, locate(document, segments), `${where} ${problem}${description ? `: ${description}` : ""}`);
}

/** What is wrong with a settings file: the most specific schema error, where it is, and its line:column. */
export interface SchemaProblem {
  error: ErrorObject;
  /** The path of the offending value (empty: the document itself). */
  segments: string[];
  location: string | undefined;
}

/**
 * Validates a parsed settings file against a schema of schemas/ (e.g. "config.schema.json");
 * undefined when it is valid. The caller words the message (tooling/config).
 */
export function schemaProblem(document: ParsedDocument, schema: string): SchemaProblem | undefined {
  const validate = validator(schema);
  if (validate(document.value)) return undefined;
  const error = mostSpecific(validate.errors ?? []);
  const segments = pointerSegments(error.instancePath);
  return { error, segments, location: locate(document, segments) };
}

/**
 * Validates a document against the schema of its kind. Throws an InputError with the line and
 * column of the first offending value.
 */
export function validateDocument(document: ParsedDocument, kind: DocumentKind): void {
  const envelope = kind.path ?? [];
  let target: unknown = document.value;
  for (const key of envelope) target = (target as Record<string, unknown>)[key];
  const ref =
    kind.kind === "sagemaker_api"
      ? `input/sagemaker_api.schema.json#/$defs/${kind.operation}`
      : `input/${kind.kind}.schema.json`;
  const validate = validator(ref);
  if (validate(target)) {
    if (kind.kind === "terraform_plan") checkAddresses(document, envelope, target);
    return;
  }
  const error = mostSpecific(validate.errors ?? []);
  const segments = [...envelope, ...pointerSegments(error.instancePath)];
  const where = segments.length ? `/${segments.join("/")}` : "the document";
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const reason = `${where} ${describe(error)}${description ? ` (${description})` : ""}`;
  throw new InputError(document.file, locate(document, segments), reason);
}

/**
 * Refuses two resource changes of one address. Terraform never writes them (an address names one
 * resource instance), the policies index changes by address (one would hide the other, or the
 * engine stops on the conflict), and OPA fails on them too.
 */
function checkAddresses(document: ParsedDocument, envelope: string[], plan: unknown): void {
  const changes = (plan as { resource_changes?: unknown } | null)?.resource_changes;
  if (!Array.isArray(changes)) return;
  const first = new Map<string, number>();
  changes.forEach((change: unknown, index) => {
    const address = (change as { address?: unknown } | null)?.address;
    if (typeof address !== "string") return;
    const earlier = first.get(address);
    if (earlier === undefined) {
      first.set(address, index);
      return;
    }
    const list = [...envelope, "resource_changes"].join(".");
    throw new InputError(
      document.file,
      locate(document, [...envelope, "resource_changes", String(index)]),
      `${list}[${index}]: duplicate resource address ${JSON.stringify(address)} (as ${list}[${earlier}])`,
    );
  });
}

function mostSpecific(errors: ErrorObject[]): ErrorObject {
  return errors.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), errors[0]!);
}

function describe(error: ErrorObject): string {
  if (error.keyword === "enum") {
    return `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}, not ${JSON.stringify(error.data)}`;
  }
  if (error.keyword === "pattern" || error.keyword === "const") {
    return `is ${JSON.stringify(error.data)}, which is not supported`;
  }
  return error.message ?? "is invalid";
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * "line:column" of the value at a path, found by scanning JSON text or re-parsing YAML (only ever
 * on error).
 */
export function locate(document: ParsedDocument, segments: string[]): string | undefined {
  const text = document.text;
  if (document.format === "json" || (document.format === undefined && /^\s*[{[]/.test(text))) {
    try {
      const offset = jsonPathOffset(text, segments);
      if (offset !== undefined) return lineColumn(text, offset);
    } catch {
      // not JSON after all: read it as YAML below
    }
  }
  try {
    let node: unknown = parseDocument(text, { keepSourceTokens: false }).contents;
    for (const segment of segments) {
      if (isMap(node)) node = node.get(segment, true);
      else if (isSeq(node)) node = node.get(Number(segment), true);
      else break;
    }
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineColumn(text, range[0]) : undefined;
  } catch {
    return undefined;
  }
}
