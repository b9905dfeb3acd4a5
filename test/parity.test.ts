/**
 * The one principle, tested: the embedded WASM engine (on the projected document, as the CLI
 * evaluates it) and opa eval (on the whole parsed document) give identical decisions for every
 * document of every fixture, example and corpus file, under each profile. Parsing is the
 * loader's job, so both engines get the document the loader parsed.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Checker } from "../tooling/check.ts";
import { project } from "../tooling/inputs/project.ts";
import { parseSource, type ParsedDocument } from "../tooling/inputs/read.ts";
import type { Decision, Finding, Projection } from "../tooling/types.ts";
import { allFixtures, filesBelow, opaEvalDecisions, repoRoot } from "./helpers/repo.ts";

const profileSets = [[], ["healthcare"], ["strict"], ["healthcare", "strict"]];

const corpus = path.resolve(repoRoot, "../shared/corpus");
const corpusFiles = existsSync(corpus) ? filesBelow(corpus).filter((f) => /\.(json|ya?ml)$/.test(f)) : [];

/** Every document that the loader accepts, named file#index. */
function documents(): Map<string, ParsedDocument> {
  const all = new Map<string, ParsedDocument>();
  for (const file of [...allFixtures(), ...corpusFiles]) {
    let parsed: ParsedDocument[];
    try {
      parsed = parseSource({ file, text: readFileSync(file, "utf8") });
    } catch {
      continue; // unusable input is the CLI tests' business
    }
    for (const doc of parsed) all.set(`${path.relative(repoRoot, file)}#${doc.index}`, doc);
  }
  return all;
}

const docs = documents();
const sorted = (findings: Finding[]) => [...findings].sort((a, b) => a.msg.localeCompare(b.msg));
const normal = (d: Decision) => ({ ...d, deny: sorted(d.deny), warn: sorted(d.warn) });

let checker: Checker;
let projection: Projection;
const opa = new Map<string, Record<string, Decision>>();

beforeAll(async () => {
  checker = await Checker.create();
  projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
  const values = Object.fromEntries([...docs].map(([name, doc]) => [name, doc.value]));
  for (const profiles of profileSets) opa.set(profiles.join("+"), opaEvalDecisions(values, profiles));
});

describe.each(profileSets.map((p) => [p.join("+") || "default", p]))("profile %s", (_label, profiles) => {
  it.each([...docs.keys()])("%s", async (name) => {
    const doc = docs.get(name)!;
    const input = new TextEncoder().encode(JSON.stringify(project(doc.value, projection))).buffer as ArrayBuffer;
    const wasm = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles });
    expect(normal(wasm)).toEqual(normal(opa.get(profiles.join("+"))![name]!));
  });
});
