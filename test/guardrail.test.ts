/**
 * `transit-guard guardrail`: the SCP it prints passes TG501 in every engine, a weakened copy does
 * not, and the generator reads the same action list as the Rego (policies/transit_guard/lib/iam/
 * data.json, data.transit_guard.lib.iam.actions under opa eval and in the WASM bundle's data).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import { guardrailDataFile, guardrailPolicy, type PolicyDocument,readGuardrailData } from "../tooling/cli/guardrail-command.ts";
import { readBundle } from "../tooling/engine/tarball.ts";
import { defaultBundle } from "../tooling/engine/wasm.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import type { Finding } from "../tooling/types.ts";
import { opaEvalDecisions, repoRoot, runCli, toolPath } from "./helpers/repo.ts";

/** A CloudFormation template with the policy as an SCP, and a plan with it as aws_organizations_policy. */
function documents(scp: PolicyDocument): Record<string, Record<string, unknown>> {
  return {
    cloudformation: {
      Resources: {
        Guardrail: {
          Type: "AWS::Organizations::Policy",
          Properties: { Name: "sagemaker-encryption", Type: "SERVICE_CONTROL_POLICY", Content: scp },
        },
      },
    },
    terraform_plan: {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: [
        {
          address: "aws_organizations_policy.guardrail",
          mode: "managed",
          type: "aws_organizations_policy",
          name: "guardrail",
          change: {
            actions: ["create"],
            after: { name: "sagemaker-encryption", type: "SERVICE_CONTROL_POLICY", content: JSON.stringify(scp) },
            after_unknown: { id: true },
          },
        },
      ],
    },
  };
}

let checker: Checker;
beforeAll(async () => {
  checker = await Checker.create();
});

async function tg501(value: Record<string, unknown>, profiles: string[] = []): Promise<Finding[]> {
  const [document] = parseSource({ file: "guardrail.json", text: JSON.stringify(value) });
  const result = await checker.checkDocument(document!, { profiles });
  return [...result.failures, ...result.warnings].filter((f) => f.id === "TG501");
}

describe("transit-guard guardrail", () => {
  it("prints the SCP as JSON and exits 0", () => {
    const run = runCli(["guardrail"]);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual(guardrailPolicy());
  });

  it("denies exactly the listed actions on Bool false and on Null true", () => {
    const { actions, condition_key: key } = readGuardrailData();
    const scp = guardrailPolicy();
    expect(actions).toHaveLength(11);
    expect(scp.Statement.map((s) => [s.Effect, s.Action, s.Condition])).toEqual([
      ["Deny", actions, { Bool: { [key]: "false" } }],
      ["Deny", actions, { Null: { [key]: "true" } }],
    ]);
  });

  it.each(Object.entries(documents(guardrailPolicy())))("passes TG501 as a %s (WASM, also under strict)", async (_kind, doc) => {
    expect(await tg501(doc)).toEqual([]);
    expect(await tg501(doc, ["strict"])).toEqual([]);
  });

  it("passes TG501 under opa eval too", () => {
    const decisions = opaEvalDecisions(documents(guardrailPolicy()));
    for (const decision of Object.values(decisions)) {
      expect([...decision.deny, ...decision.warn].filter((f) => f.id === "TG501")).toEqual([]);
    }
  });

  it("a copy without the Null statement is reported (bypass)", async () => {
    const scp = guardrailPolicy();
    const weakened = { ...scp, Statement: scp.Statement.slice(0, 1) };
    for (const doc of Object.values(documents(weakened))) {
      const found = await tg501(doc);
      expect(found.map((f) => f.msg)).toEqual([expect.stringContaining("can be bypassed")]);
    }
  });

  it("reads the same action list as the Rego, from the file the bundle ships", () => {
    const fromFile = readGuardrailData(guardrailDataFile);
    expect(path.relative(repoRoot, guardrailDataFile)).toBe("policies/transit_guard/lib/iam/data.json");
    // opa eval over the policies: data.json is loaded as data.transit_guard.lib.iam
    const run = spawnSync(
      toolPath("opa"),
      ["eval", "--format", "json", "--ignore", "fixtures", "--data", "policies", "[data.transit_guard.lib.iam.guarded_actions, data.transit_guard.lib.iam.key]"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(run.status, run.stderr).toBe(0);
    const [rego, key] = (JSON.parse(run.stdout) as { result: { expressions: { value: [string[], string] }[] }[] }).result[0]!
      .expressions[0]!.value;
    expect(rego).toEqual(fromFile.actions);
    expect(key).toBe(fromFile.condition_key);
    // the WASM bundle's data, which the embedded engine evaluates with
    const bundleData = JSON.parse(readBundle(defaultBundle).get("data.json")!.toString("utf8")) as {
      transit_guard: { lib: { iam: { actions: string[]; condition_key: string } } };
    };
    expect(bundleData.transit_guard.lib.iam).toEqual(JSON.parse(readFileSync(guardrailDataFile, "utf8")));
    expect(guardrailPolicy().Statement[0]!.Action).toEqual(rego);
  });
});
