/**
 * Every document the loader accepts from the fixtures, the examples and the corpus
 * (../shared/corpus, skipped when absent), named file#index: the enumeration of parity.test.ts,
 * shared by the suites that compare another engine with the embedded one.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { engineInput } from "../../tooling/inputs/project.ts";
import { type ParsedDocument,parseSource } from "../../tooling/inputs/read.ts";
import type { Decision, Finding, Projection } from "../../tooling/types.ts";
import { allFixtures, filesBelow, repoRoot } from "./repo.ts";

/** The profile sets every engine comparison runs under. */
export const profileSets: string[][] = [[], ["healthcare"], ["strict"], ["healthcare", "strict"], ["fips"]];

/** The shared corpus, when present beside the repository. */
export const corpusDir = path.resolve(repoRoot, "../shared/corpus");

/** Corpus files (JSON and YAML); empty when the corpus is absent. */
export function corpusFiles(): string[] {
  return existsSync(corpusDir) ? filesBelow(corpusDir).filter((f) => /\.(json|ya?ml)$/.test(f)) : [];
}

/** Every document of the given files that the loader parses, named file#index (relative). */
export function loaderDocuments(files: string[] = [...allFixtures(), ...corpusFiles()]): Map<string, ParsedDocument> {
  const all = new Map<string, ParsedDocument>();
  for (const file of files) {
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

/** The projected document as the CLI hands it to the embedded engine. */
export function projectedInput(doc: ParsedDocument, projection: Projection): ArrayBuffer {
  return engineInput(doc.value, projection);
}

const byMsg = (findings: Finding[]) => [...findings].sort((a, b) => a.msg.localeCompare(b.msg));

/** A decision with its findings in a canonical order, for comparison across engines. */
export function normalDecision(d: Decision): Decision {
  return { ...d, deny: byMsg(d.deny), warn: byMsg(d.warn) };
}
