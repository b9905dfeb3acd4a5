/**
 * Reads input files and parses them as JSON or YAML (several YAML documents per file allowed).
 * Every failure is an InputError naming the file, the line and column, and what is wrong.
 *
 * Beyond the syntax, what OPA would read differently from JavaScript, or what the embedded engine
 * cannot take, is refused here with its line: duplicate keys (JSON.parse keeps the last; YAML's
 * are refused by the yaml library), nesting deeper than json-strict.ts's maxNesting, numbers a
 * 64-bit float cannot hold as OPA does, and YAML aliases that expand too far. An escaped lone
 * surrogate in JSON is read as U+FFFD, as Go's decoder (OPA) reads it.
 */
import { readFileSync, statSync } from "node:fs";

import { Composer, type CST, type Document,Parser } from "yaml";

import { InputError, UnrecognisedInputError } from "../errors.ts";
import { expandIntrinsicTags } from "./cfn-tags.ts";
import { jsonErrorOffset } from "./json-offset.ts";
import { maxNesting, replaceLoneSurrogates, strictJsonProblem } from "./json-strict.ts";
import { isBinaryPlan, showPlan } from "./terraform.ts";
import { cstNestingProblem, yamlProblem } from "./yaml-strict.ts";

/** The text of one input, as read. */
export interface Source {
  /** The name to report: the path given, or "-" (or --stdin-filename) for standard input. */
  file: string;
  text: string;
}

/** One parsed document of a source. */
export interface ParsedDocument {
  file: string;
  /** Position of the document in a multi-document YAML file (0 for all others). */
  index: number;
  value: Record<string, unknown>;
  /** The source text, kept to turn a JSON pointer into a line and column on error. */
  text: string;
  /** Where the document starts and ends in the text (a YAML file may hold several). */
  range?: [number, number];
  /** How the text was parsed (a location is found in JSON text without reading it as YAML). */
  format?: "json" | "yaml";
}

/** How files are read. */
export interface ReadOptions {
  /**
   * The environment whose PATH is searched for `terraform`, to convert a binary plan with
   * `terraform show -json` (default: this process's).
   */
  env?: Record<string, string | undefined>;
}

/** Files larger than this are read as text without a Buffer of their bytes (see readSource). */
const directAboveBytes = 64 * 1024 ** 2;

/**
 * Reads a file; a missing or unreadable path is an InputError. A binary Terraform plan is
 * converted with `terraform show -json` when terraform is on the PATH.
 */
export function readSource(file: string, options: ReadOptions = {}): Source {
  let text: string;
  try {
    // A large file is read as text directly: a Buffer of it would stay in memory, beside the text
    // and the document parsed from it, until the garbage collector gets to it (hundreds of MB of
    // a large plan). A smaller one is read faster through a Buffer. The first bytes of a binary
    // plan are the same in either.
    text = statSync(file).size > directAboveBytes ? readFileSync(file, "utf8") : readFileSync(file).toString("utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : `cannot be read (${code})`;
    throw new InputError(file, undefined, reason);
  }
  if (isBinaryPlan(Buffer.from(text.slice(0, 4), "latin1"))) return { file, text: showPlan(file, options.env ?? process.env) };
  return { file, text: checkText(file, text) };
}

/** Reads all of standard input. */
export async function readStdin(stream: NodeJS.ReadableStream, file = "-"): Promise<Source> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return { file, text: decode(file, Buffer.concat(chunks)) };
}

function decode(file: string, bytes: Buffer): string {
  if (isBinaryPlan(bytes)) {
    // Only standard input gets here (a named file is converted): there is no file to convert.
    throw new UnrecognisedInputError(
      file,
      "is a binary Terraform plan; pipe its JSON instead: terraform show -json plan.tfplan | transit-guard check -",
    );
  }
  return checkText(file, bytes.toString("utf8"));
}

/** The text of a file that is JSON or YAML, without a byte order mark. */
function checkText(file: string, text: string): string {
  if (text.includes("\0")) throw new UnrecognisedInputError(file, "is a binary file, not JSON or YAML");
  if (/\.tf$/i.test(file)) {
    throw new UnrecognisedInputError(
      file,
      "is Terraform configuration (HCL); check its plan instead: terraform plan -out plan.tfplan && terraform show -json plan.tfplan > plan.json",
    );
  }
  return text.replace(/^\uFEFF/, "");
}

/** Parses a source into its documents (JSON, or YAML by extension or content). */
export function parseSource(source: Source): ParsedDocument[] {
  const { file, text } = source;
  if (text.trim() === "") throw new InputError(file, undefined, "is empty");
  const looksJson = /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && /^\s*[{[]/.test(text));
  const values = looksJson ? [{ value: parseJson(file, text), range: [0, text.length] as [number, number] }] : parseYaml(file, text);
  const format = looksJson ? "json" : "yaml";
  return values.map(({ value, range }, index) => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      const found = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
      throw new UnrecognisedInputError(file, `the document is ${found}; expected an object`);
    }
    return { file, index, value: value as Record<string, unknown>, text, range, format };
  });
}

function parseJson(file: string, text: string): unknown {
  // Same length as text (escapes are replaced by escapes), so offsets into either agree.
  const normalised = replaceLoneSurrogates(text);
  let value: unknown;
  try {
    value = JSON.parse(normalised);
  } catch (error) {
    const message = (error as Error).message;
    const reason = message.replace(/,? "[^]*" is not valid JSON/, "").replace(/ in JSON at position \d+.*$/, "");
    throw new InputError(file, lineColumn(text, jsonErrorOffset(normalised)), `invalid JSON: ${reason}`);
  }
  const problem = strictJsonProblem(normalised);
  if (problem) throw new InputError(file, lineColumn(text, problem.offset), problem.reason);
  return value;
}

const nestedTooDeep = `nested deeper than ${maxNesting} levels`;

function parseYaml(file: string, text: string): { value: unknown; range: [number, number] }[] {
  // parseAllDocuments, with the nesting of each document checked between parsing (iterative)
  // and composing (recursive, once per level).
  function* checked(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === "document") {
        const problem = cstNestingProblem(token);
        if (problem) throw new InputError(file, located(text, problem.offset), problem.reason);
      }
      yield token;
    }
  }
  let documents: Document.Parsed[];
  try {
    documents = Array.from(new Composer({ prettyErrors: false }).compose(checked(new Parser().parse(text))));
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(file, undefined, nestedTooDeep);
    throw error;
  }
  const values: { value: unknown; range: [number, number] }[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const stack = /Maximum call stack size exceeded/.test(error.message);
      const reason = stack ? nestedTooDeep : `invalid YAML: ${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`;
      throw new InputError(file, lineColumn(text, error.pos[0]), reason);
    }
    expandIntrinsicTags(document);
    const problem = yamlProblem(document);
    if (problem) throw new InputError(file, located(text, problem.offset), problem.reason);
    let value: unknown;
    try {
      // yamlProblem bounded what aliases expand to, so the library's own, coarser count is off.
      value = document.toJS({ maxAliasCount: -1 });
    } catch (error) {
      if (error instanceof RangeError) throw new InputError(file, undefined, nestedTooDeep);
      throw new InputError(file, undefined, `invalid YAML: ${(error as Error).message}`);
    }
    if (value !== null && value !== undefined) values.push({ value, range: [document.range[0], document.range[2]] });
  }
  if (values.length === 0) throw new InputError(file, undefined, "holds no document");
  return values;
}

const located = (text: string, offset: number | undefined) => (offset === undefined ? undefined : lineColumn(text, offset));

/** "line:column" (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `${line}:${column}`;
}
