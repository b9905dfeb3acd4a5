/**
 * The one principle, tested: the embedded WASM engine (on the projected document, as the CLI
 * evaluates it) and opa eval (on the whole parsed document) give identical decisions for every
 * document of every fixture, example and corpus file, under each profile. Parsing is the
 * loader's job, so both engines get the document the loader parsed.
 */
import { beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import type { Decision, Finding, Projection } from "../tooling/types.ts";
import { loaderDocuments, projectedInput } from "./helpers/documents.ts";
import { opaEvalDecisions } from "./helpers/repo.ts";

const profileSets = [[], ["healthcare"], ["strict"], ["healthcare", "strict"], ["fips"], ["healthcare", "fips", "strict"]];

/**
 * Waivers under two dates, crossed with two profiles: on 2026-06-01 the TG101 and TG103 waivers
 * (exact, and globs that match across dots) are in force and the TG107 one has expired; in 2100
 * every one has expired (TG000 warnings). The matching is in Rego, so both engines must agree.
 */
const waivers = [
  { id: "TG101", resource: "*", reason: "parity: every training job", expires: "2099-12-31" },
  { id: "TG103", resource: "*processing*", reason: "parity: a glob", expires: "2026-06-01" },
  { id: "TG102", resource: "aws_sagemaker_hyper_parameter_tuning_job.*", reason: "parity: module-free", expires: "2099-12-31" },
  { id: "TG107", resource: "*", reason: "parity: expired", expires: "2026-05-31" },
];
const waiverCases = [
  { label: "waivers 2026-06-01", profiles: [] as string[], today: "2026-06-01" },
  { label: "waivers 2026-06-01 strict", profiles: ["strict"], today: "2026-06-01" },
  { label: "waivers 2100-01-01", profiles: [] as string[], today: "2100-01-01" },
  { label: "waivers 2100-01-01 healthcare+strict", profiles: ["healthcare", "strict"], today: "2100-01-01" },
];

const docs = loaderDocuments();
const sorted = (findings: Finding[]) => [...findings].sort((a, b) => a.msg.localeCompare(b.msg));
const normal = (d: Decision) => ({ ...d, deny: sorted(d.deny), warn: sorted(d.warn), exceptions: sorted(d.exceptions) });

let checker: Checker;
let projection: Projection;
const opa = new Map<string, Record<string, Decision>>();

beforeAll(async () => {
  checker = await Checker.create();
  projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
  const values = Object.fromEntries([...docs].map(([name, doc]) => [name, doc.value]));
  for (const profiles of profileSets) opa.set(profiles.join("+"), opaEvalDecisions(values, profiles));
  for (const { label, profiles, today } of waiverCases) opa.set(label, opaEvalDecisions(values, profiles, { waivers, today }));
});

describe.each(profileSets.map((p) => [p.join("+") || "default", p]))("profile %s", (_label, profiles) => {
  it.each([...docs.keys()])("%s", async (name) => {
    const doc = docs.get(name)!;
    const input = projectedInput(doc, projection);
    const wasm = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles });
    expect(normal(wasm)).toEqual(normal(opa.get(profiles.join("+"))![name]!));
  });
});

describe.each(waiverCases.map((c) => [c.label, c]))("%s", (label, { profiles, today }) => {
  it.each([...docs.keys()])("%s", async (name) => {
    const doc = docs.get(name)!;
    const input = projectedInput(doc, projection);
    const wasm = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles, waivers, today });
    expect(normal(wasm)).toEqual(normal(opa.get(label)![name]!));
  });

  it("waivers change the outcome of some documents (the cases are not vacuous)", () => {
    const decisions = Object.values(opa.get(label)!);
    const count = (pick: (d: Decision) => Finding[]) => decisions.reduce((n, d) => n + pick(d).length, 0);
    if (today === "2026-06-01") expect(count((d) => d.exceptions)).toBeGreaterThan(5);
    else expect(count((d) => [...d.warn, ...d.deny].filter((f) => f.id === "TG000"))).toBeGreaterThan(5);
  });
});
