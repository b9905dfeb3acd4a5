/**
 * conftest parity: `conftest test -n transit_guard.main` (and with --data for the profiles) on
 * every fixture and example the loader reads gives the failures and warnings the CLI's engine
 * gives on the CLI's input, message for message and field for field (conftest adds `query` to the
 * metadata; the CLI does not).
 *
 * Two deliberate deviations from running conftest on the files verbatim:
 *  - conftest is given the policies as bundled (a staged copy without fixtures and *_test.rego).
 *    With the tests loaded it spends about a second per input file, which across every fixture and
 *    profile would take minutes; the decisions are the same (one run with `-p policies` on the
 *    example plan checks that).
 *  - A YAML file whose short-form CloudFormation tags matter (!Ref, !GetAtt, ...) is given to
 *    conftest as the JSON the loader parsed: conftest's YAML parser drops unknown tags, so
 *    `!Ref Encrypt` reaches the policies as the string "Encrypt", while CloudFormation (and the
 *    loader) read it as {"Ref": "Encrypt"}. Every other YAML file is given to conftest verbatim,
 *    so any other difference between the two YAML parsers shows up here.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

import { type Checker } from "../tooling/check.ts";
import { type ParsedDocument,parseSource } from "../tooling/inputs/read.ts";
import type { StagedSources } from "../tooling/opa-bundle/sources.ts";
import type { Decision, Finding, Projection } from "../tooling/types.ts";
import { stagedEngine } from "./helpers/bundles.ts";
import { profileSets, projectedInput } from "./helpers/documents.ts";
import { allFixtures, repoRoot, toolPath } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

interface ConftestResult {
  filename: string;
  failures?: { msg: string; metadata?: Record<string, unknown> }[];
  warnings?: { msg: string; metadata?: Record<string, unknown> }[];
}

interface Case {
  name: string;
  /** The fixture file (relative) the document comes from. */
  file: string;
  doc: ParsedDocument;
  /** The path conftest is given for this document (the file itself, or the document as JSON). */
  input: string;
}

const namespace = "transit_guard.main";

/**
 * The fixtures and examples the loader reads, with their documents. A file the loader refuses is
 * left out (the CLI refuses it with exit 2; that is the CLI tests' business), as in parity.test.ts.
 */
const loadable = new Map<string, { text: string; docs: ParsedDocument[] }>();
for (const file of allFixtures()) {
  try {
    const text = readFileSync(file, "utf8");
    loadable.set(path.relative(repoRoot, file), { text, docs: parseSource({ file, text }) });
  } catch {
    continue;
  }
}

const temp = suiteTempDir("conftest");
let tmp: string;
let staged: StagedSources;
let checker: Checker;
let projection: Projection;
const cases: Case[] = [];

/** Whether a YAML file parses to the same documents without the loader's tag expansion. */
function plainYamlAgrees(text: string, docs: ParsedDocument[]): boolean {
  const plain = parseAllDocuments(text).map((d) => d.toJS() as unknown);
  return isDeepStrictEqual(plain, docs.map((d) => d.value));
}

function conftest(args: string[], inputs: string[]): Map<string, ConftestResult[]> {
  const run = spawnSync(toolPath("conftest"), ["test", "--no-color", "-o", "json", "-n", namespace, ...args, ...inputs], {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  let results: ConftestResult[];
  try {
    results = JSON.parse(run.stdout) as ConftestResult[];
  } catch {
    throw new Error(`conftest gave no JSON (exit ${run.status}): ${run.stderr || run.stdout}`);
  }
  const byFile = new Map<string, ConftestResult[]>();
  for (const result of results) byFile.set(result.filename, [...(byFile.get(result.filename) ?? []), result]);
  return byFile;
}

/** A finding as conftest reports it: msg, and every other field as metadata. */
const asConftest = ({ msg, ...metadata }: Finding) => ({ msg, metadata });
const sorted = <T extends { msg: string }>(items: T[]) => [...items].sort((a, b) => a.msg.localeCompare(b.msg));
const withoutQuery = (items: ConftestResult["failures"] = []) =>
  sorted(
    items.map(({ msg, metadata = {} }) => ({
      msg,
      metadata: Object.fromEntries(Object.entries(metadata).filter(([key]) => key !== "query")),
    })),
  );

beforeAll(async () => {
  tmp = temp();
  // conftest (or the policy sets) and the CLI's engine read one staged copy of the sources.
  ({ staged, checker, projection } = await stagedEngine(tmp));
  for (const [relative, { text, docs }] of loadable) {
    const yaml = /\.ya?ml$/i.test(relative);
    docs.forEach((doc, index) => {
      if (!yaml || plainYamlAgrees(text, docs)) {
        cases.push({ name: `${relative}#${index}`, file: relative, doc, input: relative });
      } else {
        const json = path.join(tmp, `${cases.length}-${path.basename(relative)}.${index}.json`);
        writeFileSync(json, JSON.stringify(doc.value));
        cases.push({ name: `${relative}#${index} (as JSON)`, file: relative, doc, input: json });
      }
    });
  }
});

afterAll(() => {
  staged?.remove();
});

describe.each(profileSets.map((p) => [p.join("+") || "default", p] as const))("profile %s", (_label, profiles) => {
  let results: Map<string, ConftestResult[]>;

  beforeAll(() => {
    const config = path.join(tmp, `config-${profiles.join("+")}.json`);
    writeFileSync(config, JSON.stringify({ transit_guard_config: { profiles } }));
    const data = profiles.length > 0 ? ["--data", config] : [];
    // --data staged.dir: conftest reads only .rego from --policy; the bundle's data.json (the
    // action list of TG501, data.transit_guard.lib.iam) comes in as data.
    results = conftest(["--policy", staged.dir, "--data", staged.dir, ...data], [...new Set(cases.map((c) => c.input))]);
  });

  // conftest reports a multi-document YAML file as one result (the findings of every document),
  // so the comparison is per file: the union of the CLI's documents against conftest's results.
  it.each([...loadable.keys()])("%s", async (relative) => {
    const own = cases.filter((c) => c.file === relative);
    const cli = { failures: [] as Finding[], warnings: [] as Finding[] };
    for (const c of own) {
      // the CLI's engine on the CLI's input (the projected document), as the CLI evaluates it
      const input = projectedInput(c.doc, projection);
      const decision = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, { profiles });
      cli.failures.push(...decision.deny);
      cli.warnings.push(...decision.warn);
    }
    const theirs = [...new Set(own.map((c) => c.input))].flatMap((input) => {
      const found = results.get(input);
      expect(found, `conftest gave no result for ${input}`).toBeDefined();
      return found!;
    });
    expect(withoutQuery(theirs.flatMap((r) => r.failures ?? []))).toEqual(sorted(cli.failures.map(asConftest)));
    expect(withoutQuery(theirs.flatMap((r) => r.warnings ?? []))).toEqual(sorted(cli.warnings.map(asConftest)));
  });
});

it("the documented command, conftest test -p policies, agrees on the example plan", () => {
  const example = "examples/terraform/training-jobs.tfplan.json";
  const verbatim = conftest(["--policy", "policies"], [example]).get(example);
  const bundled = conftest(["--policy", staged.dir], [example]).get(example);
  expect(verbatim).toEqual(bundled);
  expect(verbatim?.[0]?.failures?.map((f) => f.metadata?.id)).toContain("TG101");
});

/**
 * Fail closed under conftest: input that is absent (an empty YAML document), an empty document, a
 * plan wrapped as an OPA server's request body (a plan posted with the wrapper conftest does not
 * strip) and a package.json each fail with TG001 alone, so a pipeline that runs conftest on
 * everything it is given never passes what the policies do not understand.
 */
it("denies input of no recognised kind with TG001", () => {
  const fixtures = "policies/transit_guard/rules/input/input_recognised/fixtures/denied";
  const empty = path.join(tmp, "empty.yaml");
  writeFileSync(empty, "# nothing but a comment\n");
  const inputs = [empty, `${fixtures}/empty_object.json`, `${fixtures}/plan_in_request_wrapper.json`, `${fixtures}/npm_package.json`];
  const results = conftest(["--policy", staged.dir, "--data", staged.dir], inputs);
  for (const input of inputs) {
    const [result] = results.get(input) ?? [];
    expect(result?.failures?.map((f) => f.metadata?.id), input).toEqual(["TG001"]);
    expect(result?.warnings ?? [], input).toEqual([]);
    const expected = input === empty ? "TG001: there is no input to check" : "TG001: the input is not a document Transit Guard can check";
    expect(result!.failures![0]!.msg.startsWith(expected), input).toBe(true);
  }
});

it("passes a batch transform job", () => {
  const input = "policies/transit_guard/rules/input/input_recognised/fixtures/allowed/create_transform_job.json";
  const [result] = conftest(["--policy", staged.dir, "--data", staged.dir], [input]).get(input) ?? [];
  expect(result?.failures ?? []).toEqual([]);
  expect(result?.warnings ?? []).toEqual([]);
});
