/**
 * `transit-guard guardrail`: prints a service control policy that requires inter-container traffic
 * encryption on every action that carries the condition key, in the two statements TG501 asks for
 * (a Deny on Bool false, and a Deny on Null true so that a request cannot skip the flag).
 *
 * The actions and the key are read from policies/transit_guard/lib/iam/data.json, the file the
 * Rego policies read as data.transit_guard.lib.iam and the bundles ship: one list for both.
 */
import { readFileSync } from "node:fs";

import type { Command } from "commander";

import { packagePath } from "../package-root.ts";
import type { Io } from "./main.ts";

/** The data file shared with the policies (data.transit_guard.lib.iam). */
export const guardrailDataFile = packagePath("policies", "transit_guard", "lib", "iam", "data.json");

/** What data.json holds: the actions that carry the key, and the key. */
export interface GuardrailData {
  actions: string[];
  condition_key: string;
}

/** One statement of an IAM policy document. */
interface PolicyStatement {
  Sid: string;
  Effect: "Deny";
  Action: string[];
  Resource: string;
  Condition: Record<string, Record<string, string>>;
}

/** An IAM policy document (an SCP is one). */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Reads the shared data file. */
export function readGuardrailData(file: string = guardrailDataFile): GuardrailData {
  const data = JSON.parse(readFileSync(file, "utf8")) as Partial<GuardrailData>;
  if (!Array.isArray(data.actions) || data.actions.length === 0 || typeof data.condition_key !== "string") {
    throw new Error(`${file} does not list actions and a condition_key`);
  }
  return { actions: data.actions, condition_key: data.condition_key };
}

/**
 * The SCP: deny the actions when the flag is false, and when it is absent (SageMaker defaults it
 * to false, and Bool does not match a missing key).
 */
export function guardrailPolicy(data: GuardrailData = readGuardrailData()): PolicyDocument {
  const statement = (Sid: string, operator: string, value: string): PolicyStatement => ({
    Sid,
    Effect: "Deny",
    Action: [...data.actions],
    Resource: "*",
    Condition: { [operator]: { [data.condition_key]: value } },
  });
  return {
    Version: "2012-10-17",
    Statement: [
      statement("DenyInterContainerTrafficEncryptionFalse", "Bool", "false"),
      statement("DenyInterContainerTrafficEncryptionMissing", "Null", "true"),
    ],
  };
}

/** Registers `transit-guard guardrail`. */
export function registerGuardrailCommand(cli: Command, io: Io, exit: { code: number }): void {
  cli
    .command("guardrail")
    .description(
      "print a service control policy (JSON) that denies the SageMaker actions carrying " +
        "sagemaker:InterContainerTrafficEncryption unless it is true",
    )
    .action(() => {
      io.stdout(`${JSON.stringify(guardrailPolicy(), null, 2)}\n`);
      exit.code = 0;
    });
}
