/**
 * The one principle, tested: the embedded WASM engine (on the projected document, as the CLI
 * evaluates it) and opa eval (on the whole file, as written) give identical decisions for every
 * fixture and example, under each profile.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Checker } from "../tooling/check.ts";
import { project } from "../tooling/inputs/project.ts";
import { parseSource } from "../tooling/inputs/read.ts";
import type { Decision, Finding, Projection } from "../tooling/types.ts";
import { allFixtures, opaEvalDecision, repoRoot } from "./helpers/repo.ts";

const profileSets = [[], ["healthcare"], ["strict"], ["healthcare", "strict"]];

let checker: Checker;
let projection: Projection;
beforeAll(async () => {
  checker = await Checker.create();
  projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
});

const sorted = (findings: Finding[]) => [...findings].sort((a, b) => a.msg.localeCompare(b.msg));
const normal = (d: Decision) => ({ ...d, deny: sorted(d.deny), warn: sorted(d.warn) });

describe.each(allFixtures().map((f) => [path.relative(repoRoot, f), f]))("%s", (_name, file) => {
  it.each(profileSets.map((p) => [p.join("+") || "default", p]))("same decision under %s", async (_label, profiles) => {
    const [document] = parseSource({ file, text: readFileSync(file, "utf8") });
    const input = new TextEncoder().encode(JSON.stringify(project(document!.value, projection))).buffer as ArrayBuffer;
    const wasm = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles });
    const opa = opaEvalDecision(file, profiles);
    expect(normal(wasm)).toEqual(normal(opa));
  });
});
