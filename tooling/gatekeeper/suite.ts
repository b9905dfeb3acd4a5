/**
 * `gator verify` suites generated from the ACK documents of the repository: every ACK fixture of
 * every rule (policies/transit_guard/rules/<area>/<rule>/fixtures/{allowed,denied}) and every
 * document of examples/ack/. The expected violations come from the caller (the tests take them
 * from the CLI's engine), so a suite proves that Gatekeeper, running the generated template,
 * decides each document as the CLI does, message for message.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { parseAllDocuments } from "yaml";

import { repoRoot } from "../build/paths.ts";
import { loadCatalog } from "../catalog.ts";
import { ackGroup, constraint as constraintOf, gatekeeperDir, gatekeeperFileNames } from "./templates.ts";

/** One ACK document, with the rule fixture it is (if it is one). */
export interface AckDocument {
  /** A unique, readable name: the file (relative) and, for a multi-document file, #index. */
  name: string;
  value: Record<string, unknown>;
  fixture?: { id: string; rule: string; verdict: "allowed" | "denied" };
}

const isAck = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as { apiVersion?: unknown }).apiVersion === "string" &&
  ((value as { apiVersion: string }).apiVersion.startsWith(`${ackGroup}/`));

function documentsOf(file: string): Record<string, unknown>[] {
  const text = readFileSync(file, "utf8");
  const values = file.endsWith(".json") ? [JSON.parse(text) as unknown] : parseAllDocuments(text).map((d) => d.toJS() as unknown);
  return values.filter(isAck);
}

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).sort() : []);

/** Every ACK document of the rules' fixtures and of examples/ack/. */
export function ackDocuments(): AckDocument[] {
  const docs: AckDocument[] = [];
  const add = (file: string, fixture?: AckDocument["fixture"]) => {
    const values = documentsOf(file);
    values.forEach((value, index) => {
      const rel = path.relative(repoRoot, file);
      docs.push({ name: values.length > 1 ? `${rel}#${index}` : rel, value, ...(fixture ? { fixture } : {}) });
    });
  };
  for (const rule of loadCatalog().rules) {
    const dir = path.join(repoRoot, "policies/transit_guard", rule.package.replace(/\./g, "/"), "fixtures");
    for (const verdict of ["allowed", "denied"] as const) {
      for (const file of filesIn(path.join(dir, verdict))) add(path.join(dir, verdict, file), { id: rule.id, rule: rule.name, verdict });
    }
  }
  const examples = path.join(repoRoot, "examples/ack");
  for (const file of filesIn(examples)) add(path.join(examples, file));
  return docs;
}

/** A `gator verify` assertion: how many violations (whose message matches, if given). */
export interface Assertion {
  violations: number | "yes" | "no";
  message?: string;
}

/** One test of a suite: a Constraint (its spec) and the documents with their assertions. */
export interface SuiteTest {
  name: string;
  enforcementAction: "deny" | "warn";
  parameters: Record<string, unknown>;
  cases: { document: AckDocument; assertions: Assertion[] }[];
}

/** A Go (RE2) regular expression that matches exactly the given text. */
const exactly = (text: string) => `^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;

/** The assertions that a document gets exactly these violation messages. */
export function exactViolations(messages: string[]): Assertion[] {
  const counts = new Map<string, number>();
  for (const msg of messages) counts.set(msg, (counts.get(msg) ?? 0) + 1);
  return [{ violations: messages.length }, ...[...counts].map(([msg, n]) => ({ message: exactly(msg), violations: n }))];
}

/**
 * The generated files are JSON (which YAML readers read too): gator reads YAML 1.1, where an
 * unquoted 2099-12-31 is a timestamp and yes a boolean, and JSON quotes every string.
 */
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();

/**
 * Writes a suite into dir (suite.yaml, the committed template, one Constraint per test, one file
 * per document) and returns the suite's path. `kinds` are the kinds the Constraints match.
 */
export function writeSuite(dir: string, tests: SuiteTest[], kinds: string[]): string {
  mkdirSync(path.join(dir, "objects"), { recursive: true });
  mkdirSync(path.join(dir, "constraints"), { recursive: true });
  copyFileSync(path.join(gatekeeperDir, gatekeeperFileNames.template), path.join(dir, "template.yaml"));
  const objectFiles = new Map<string, string>();
  const objectFile = (doc: AckDocument) => {
    let file = objectFiles.get(doc.name);
    if (!file) {
      file = `objects/${String(objectFiles.size).padStart(3, "0")}-${slug(doc.name).slice(-80)}.json`;
      writeFileSync(path.join(dir, file), json(doc.value));
      objectFiles.set(doc.name, file);
    }
    return file;
  };
  const suite = {
    kind: "Suite",
    apiVersion: "test.gatekeeper.sh/v1alpha1",
    metadata: { name: "transit-guard-ack" },
    tests: tests.map((test) => {
      const constraint = `constraints/${slug(test.name)}.json`;
      writeFileSync(path.join(dir, constraint), json(constraintOf(slug(test.name), test.enforcementAction, test.parameters, kinds)));
      return {
        name: test.name,
        template: "template.yaml",
        constraint,
        cases: test.cases.map(({ document, assertions }) => ({ name: document.name, object: objectFile(document), assertions })),
      };
    }),
  };
  const file = path.join(dir, "suite.yaml");
  writeFileSync(file, json(suite));
  return file;
}
