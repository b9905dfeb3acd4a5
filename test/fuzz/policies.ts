/**
 * Arbitraries of IAM policy documents: S3 bucket policies (TG401/TG402: Deny statements on
 * aws:SecureTransport and s3:TlsVersion over Resource patterns) and guardrails (TG501: conditions on
 * sagemaker:InterContainerTrafficEncryption over Action patterns), with wildcards (*, ?), regular
 * expression metacharacters, case variants and, in stress documents, hundreds of distinct patterns
 * in one document (which hung the WASM engine when matched with regex.match).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import fc from "fast-check";

import { repoRoot } from "../helpers/repo.ts";
import type { Json, JsonObject } from "./model.ts";

type Arb<T> = fc.Arbitrary<T>;
const w = <T>(weight: number, arbitrary: Arb<T>) => ({ weight, arbitrary });

/** The actions that carry sagemaker:InterContainerTrafficEncryption (the policies' data file). */
const guardedActions: string[] = (
  JSON.parse(readFileSync(path.join(repoRoot, "policies/transit_guard/lib/iam/data.json"), "utf8")) as { actions: string[] }
).actions;

const key = "sagemaker:InterContainerTrafficEncryption";

/** Text with wildcards and regular expression metacharacters. */
const patternText = fc.stringMatching(/^[A-Za-z0-9*?.()+[\]{}^$|\\/-]{0,8}$/);

/** An Action pattern. */
const actionPattern: Arb<string> = fc.oneof(
  w(6, fc.constantFrom(...guardedActions)),
  w(2, fc.constantFrom(...guardedActions).map((a) => a.toLowerCase())),
  w(1, fc.constantFrom(...guardedActions).map((a) => a.toUpperCase())),
  w(6, fc.constantFrom("sagemaker:*", "sagemaker:Create*", "sagemaker:Create*Job", "sagemaker:*Job*", "sagemaker:Create?rainingJob", "*", "s3:*", "S3:*", "s3:Get*", "s3:PutObject", "s3:?etObject", "s3:*Object*", "iam:PassRole", "sagemaker:CreateEndpoint", "sagemaker:**", "sagemaker:Create*Job*Definition", "s*:*")),
  w(2, fc.tuple(fc.constantFrom("s3", "sagemaker", "SageMaker", "iam"), patternText).map(([service, text]) => `${service}:${text}`)),
  // Unicode case mapping: the Kelvin sign lowercases to an ASCII k in Go, the long s and dotted I do not.
  w(1, fc.constantFrom("sagema\u212aer:CreateTrainingJob", "SAGEMA\u212aER:CREATEPROCESSINGJOB", "sagemaker:*\u212a*", "\u017f3:*", "s3:GetObject\u0130", "sagemaker:CreateTra\u0130ningJob", "s3:Get\u00dfObject", "sagemaker:Create\u2028Job")),
);

/** A Resource pattern of a bucket policy, over the given bucket names. */
export function resourcePattern(bucket: Arb<string>): Arb<string> {
  return fc.oneof(
    w(6, bucket.map((b) => `arn:aws:s3:::${b}`)),
    w(6, bucket.map((b) => `arn:aws:s3:::${b}/*`)),
    w(1, bucket.map((b) => `arn:aws:s3:::${b}*`)),
    w(1, bucket.map((b) => `arn:aws-us-gov:s3:::${b}/*`)),
    w(1, bucket.map((b) => `arn:aws:s3:::${b}/prefix/*`)),
    w(1, bucket.map((b) => `arn:aws:s3:::${b.slice(0, 2)}?${b.slice(3)}/*`)),
    w(1, fc.constantFrom("*", "arn:aws:s3:::*", "arn:aws:s3:::*/*", "arn:*:s3:::*", "arn", "")),
    w(1, fc.tuple(bucket, patternText).map(([b, text]) => `arn:aws:s3:::${b}${text}`)),
  );
}

const principal: Arb<Json | undefined> = fc.constantFrom<Json | undefined>(
  "*",
  "*",
  { AWS: "*" },
  { AWS: ["arn:aws:iam::123456789012:root", "*"] },
  { AWS: "arn:aws:iam::123456789012:root" },
  { Service: "sagemaker.amazonaws.com" },
  undefined,
);

/** Conditions of bucket policies (aws:SecureTransport, s3:TlsVersion) and guardrails (the encryption key). */
const condition: Arb<JsonObject | undefined> = fc.oneof(
  w(6, fc.constantFrom<Json>("false", false, ["false"], "FALSE", "true").map((v): JsonObject => ({ Bool: { "aws:SecureTransport": v } }))),
  w(1, fc.constantFrom<Json>("false", "true").map((v): JsonObject => ({ BoolIfExists: { "AWS:SecureTransport": v } }))),
  w(4, fc.tuple(fc.constantFrom("NumericLessThan", "NumericLessThanIfExists", "NumericLessThanEquals"), fc.constantFrom<Json>("1.2", "1.3", 1.2, 1.3, "1.3.0", "abc", ["1.2", "1.3"])).map(([op, v]): JsonObject => ({ [op]: { "s3:TlsVersion": v } }))),
  w(1, fc.constant<JsonObject>({ Bool: { "aws:SecureTransport": "false" }, NumericLessThan: { "s3:TlsVersion": "1.3" } })),
  w(1, fc.constant<JsonObject>({ StringNotEquals: { "aws:SourceVpce": "vpce-1" } })),
  w(4, fc.constantFrom<Json>("false", false, ["false"]).map((v): JsonObject => ({ Bool: { [key]: v } }))),
  w(4, fc.constantFrom<Json>("true", true).map((v): JsonObject => ({ Null: { [key]: v } }))),
  w(2, fc.constantFrom<Json>("false", "true").map((v): JsonObject => ({ BoolIfExists: { [key]: v } }))),
  w(1, fc.constant<JsonObject>({ Bool: { [key]: "false" }, Null: { [key]: "true" } })),
  w(1, fc.constant<JsonObject>({ bool: { "SAGEMAKER:intercontainertrafficencryption": "false" } })),
  w(1, fc.constantFrom<JsonObject>(
    { Bool: { "sagema\u212aer:InterContainerTrafficEncryption": "false" } },
    { Null: { "SAGEMA\u212aER:INTERCONTAINERTRAFFICENCRYPTION": "true" } },
    { Bool: { "aws:SecureTran\u017fport": "false" } },
    { Bool: { "aws:SecureTransport": "FAL\u017fE" } },
  )),
  // Numbers as JSON writes them in unusual forms (1e+21, 1e-7, 20 digits), which engines may print back differently.
  w(2, fc.constantFrom<Json>(1e21, 1e-7, 12345678901234567000, 1.5, 2, 0.1, 1.3000000000000003, 5e-324, 1.7976931348623157e308, -0).map((v): JsonObject => ({ NumericLessThan: { "s3:TlsVersion": v } }))),
  w(1, fc.constant<JsonObject>({ Bool: { [key]: "false", "aws:SecureTransport": "false" } })),
  w(2, fc.constant(undefined)),
);

/** One statement; resource gives the Resource values (CloudFormation passes intrinsics). */
export function statement(resource: Arb<Json>): Arb<JsonObject> {
  return fc
    .record({
      sid: fc.option(fc.constantFrom("DenyInsecureTransport", "RequireTls13", "Guard", "Sïd", "")),
      effect: fc.constantFrom("Deny", "Deny", "Allow", "deny"),
      principal,
      not: fc.oneof(w(8, fc.constant(false)), w(1, fc.constant(true))),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 4 }),
      resources: fc.array(resource, { maxLength: 3 }),
      single: fc.boolean(),
      condition,
    })
    .map((s) => {
      const out: JsonObject = {};
      if (s.sid !== null) out.Sid = s.sid;
      out.Effect = s.effect;
      if (s.principal !== undefined) out.Principal = s.principal;
      out[s.not ? "NotAction" : "Action"] = s.single && s.actions.length === 1 ? s.actions[0]! : s.actions;
      if (s.resources.length > 0) out.Resource = s.single && s.resources.length === 1 ? s.resources[0]! : s.resources;
      if (s.condition !== undefined) out.Condition = s.condition;
      return out;
    });
}

/** The statement that TG401 wants (and TG402's TLS floor), over a bucket. */
export function goodStatement(resource: (suffix: string) => Json, tls: boolean): JsonObject {
  return {
    Sid: tls ? "DenyOldTls" : "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [resource(""), resource("/*")],
    Condition: tls ? { NumericLessThan: { "s3:TlsVersion": "1.3" } } : { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** The guardrail TG501 wants: Bool false and Null true over exactly the guarded actions. */
export const goodGuardrail: JsonObject = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "DenyUnencrypted", Effect: "Deny", Action: guardedActions, Resource: "*", Condition: { Bool: { [key]: "false" } } },
    { Sid: "DenyMissing", Effect: "Deny", Action: guardedActions, Resource: "*", Condition: { Null: { [key]: "true" } } },
  ],
};

/**
 * Statements with many distinct wildcard patterns (Action and Resource), made distinct by their
 * position: with count above 100 one document matches more than 100 distinct patterns.
 */
export function stressStatements(bucket: Arb<string>, count: { min: number; max: number }): Arb<JsonObject[]> {
  return fc
    .array(fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), bucket, fc.constantFrom("*", "?", "*?", "?*")), { minLength: count.min, maxLength: count.max })
    .map((items) =>
      items.map(([text, b, wild], i): JsonObject => ({
        Sid: `S${i}`,
        Effect: "Deny",
        Principal: "*",
        Action: [`s3:${text}${i}${wild}`, i % 3 === 0 ? "s3:*" : `sagemaker:Create${text}${wild}${i}`],
        Resource: [`arn:aws:s3:::${b}-${text}${i}${wild}`, `arn:aws:s3:::${b}/${text}${wild}${i}/*`],
        Condition: i % 2 === 0 ? { Bool: { "aws:SecureTransport": "false" } } : { Null: { [key]: "true" } },
      })),
    );
}

/** A policy document (object) from statements: Statement as a list, or a single object. */
export function policyDocument(statements: Arb<JsonObject[]>): Arb<JsonObject> {
  return fc.record({ statements, version: fc.boolean(), single: fc.boolean() }).map((d) => ({
    ...(d.version ? { Version: "2012-10-17" } : {}),
    Statement: d.single && d.statements.length === 1 ? d.statements[0]! : d.statements,
  }));
}
