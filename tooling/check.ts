/**
 * The check: read, parse, recognise (in Rego), validate, project, evaluate (in Rego), collect.
 * This is the one pipeline the CLI and the library API share; it never decides whether anything
 * is compliant, and it never exits the process.
 */
import { type EngineOptions,WasmEngine } from "./engine/wasm.ts";
import { EngineError, InputError, InputErrors, oneLine,UnrecognisedInputError } from "./errors.ts";
import { expandPaths, type WalkOptions } from "./inputs/collect.ts";
import { resourceLines } from "./inputs/locate.ts";
import { engineInput } from "./inputs/project.ts";
import { type ParsedDocument,parseSource, readSource } from "./inputs/read.ts";
import { validateDocument } from "./inputs/validate.ts";
import type { Decision, DocumentKind, Finding, Note, PolicyConfig, Projection } from "./types.ts";

/** The conftest namespace whose deny and warn rules the findings come from. */
export const namespace = "transit_guard.main";

/** The result of one document, in conftest's terms plus what Transit Guard knows about it. */
export interface DocumentResult {
  /** The file as named or found ("-", or --stdin-filename, for standard input). */
  filename: string;
  /** Position of the document within a multi-document YAML file. */
  document: number;
  namespace: string;
  input_kind: string;
  /** How many SageMaker resources (jobs, definitions, ...) the document defines. */
  resources: number;
  /** How many S3 buckets on SageMaker's data paths the rules inspected (not counted as SageMaker resources). */
  buckets: number;
  /** Rules that found nothing in this document. */
  successes: number;
  failures: Finding[];
  warnings: Finding[];
  /** Findings that a waiver in force covers (each with its `waiver`); they do not fail the check. */
  exceptions: Finding[];
  /**
   * The 1-based line where the source names each resource of a finding, where it could be found
   * (for annotations; found by searching the text, it never changes a finding).
   */
  lines?: Record<string, number>;
  /** Why nothing applies to a resource without inter-node traffic (a batch transform job, an endpoint, ...). */
  notes?: Note[];
}

/** A file (or one document of it) that a directory walk found but that is not an input. */
export interface SkippedInput {
  filename: string;
  /** The document of a multi-document YAML file, when only that document was skipped. */
  document?: number;
  /** Why it was skipped (unparseable, or not a supported kind). */
  reason: string;
}

/** Everything one run found. */
export interface Report {
  /** One entry per checked document, in the order the inputs were given (directories sorted). */
  results: DocumentResult[];
  /** Files found by walking directories that were not checked, and why. */
  skipped: SkippedInput[];
}

/**
 * One input: a path (a file, a directory to walk, or a binary Terraform plan), or a document
 * given in memory (text to parse as JSON or YAML, or a value already parsed).
 */
export type CheckInput = string | { filename: string; content: string | Record<string, unknown> };

/** How a run reads its inputs and what it passes to the policies. */
export interface RunOptions extends WalkOptions {
  config: PolicyConfig;
  /** The environment whose PATH is searched for terraform (binary plans). */
  env?: Record<string, string | undefined>;
  /** Called after each input file, with how many of how many are done. */
  onProgress?: (done: number, total: number) => void;
}

/** conftest's exit code: 1 on a failure; with failOnWarn, 2 on a failure and 1 on a warning. */
export function conftestExitCode(results: DocumentResult[], failOnWarn: boolean): number {
  const failures = results.some((r) => r.failures.length > 0);
  const warnings = results.some((r) => r.warnings.length > 0);
  if (failOnWarn) return failures ? 2 : warnings ? 1 : 0;
  return failures ? 1 : 0;
}

const recognised =
  "not a recognised input: expected Terraform plan JSON (terraform show -json), a CloudFormation template, " +
  "a SageMaker API request body or Describe output, a SageMaker Pipelines definition, " +
  "a Step Functions state machine, or an ACK SageMaker manifest";

const byIdentity = (a: Finding, b: Finding) =>
  a.id.localeCompare(b.id) || a.resource.localeCompare(b.resource) || a.msg.localeCompare(b.msg);

/** Checks parsed documents with one embedded engine, reused across calls. */
export class Checker {
  private constructor(
    readonly engine: WasmEngine,
    private readonly projection: Projection,
    private readonly areas: string[],
    private readonly splitAboveBytes: number,
  ) {}

  /** Loads the compiled policy bundle once. */
  static async create(options: EngineOptions = {}): Promise<Checker> {
    const engine = await WasmEngine.load(options);
    const projection = await engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
    const areas = await engine.evaluate<string[]>("transit_guard/main/areas", undefined, {});
    return new Checker(engine, projection, areas, options.splitAboveBytes ?? 8 * 1024 ** 2);
  }

  /**
   * The decision on one document: in one evaluation, or, for a large input, one evaluation per
   * rule area and one that gathers the parts (main/parts.rego decides what a part holds and how
   * parts make the decision; the engine's memory then holds one area's work at a time).
   */
  async decide(input: ArrayBuffer, config: PolicyConfig): Promise<Decision> {
    if (input.byteLength <= this.splitAboveBytes) {
      return this.engine.evaluate<Decision>("transit_guard/main/decision", input, config);
    }
    const parts: unknown[] = [];
    for (const [index, area] of this.areas.entries()) {
      const more = index < this.areas.length - 1;
      parts.push(await this.engine.evaluate("transit_guard/main/part", input, config, { part: { area }, more }));
    }
    return this.engine.evaluate<Decision>("transit_guard/main/decision", undefined, config, { part: { parts } });
  }

  /** Ends the engine's worker thread (a later check starts a new one). */
  async close(): Promise<void> {
    await this.engine.close();
  }

  /**
   * Evaluates one document. Unusable input throws an InputError (an UnrecognisedInputError when
   * the document is of no supported kind); nothing passes silently.
   */
  async checkDocument(document: ParsedDocument, config: PolicyConfig): Promise<DocumentResult> {
    const input = engineInput(document.value, this.projection);
    const kind = await this.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config, { more: true });
    if (kind.kind === "unknown") throw new UnrecognisedInputError(document.file, recognised);
    validateDocument(document, kind);
    const decision = await this.decide(input, config);
    const failures = [...decision.deny].sort(byIdentity);
    const warnings = [...decision.warn].sort(byIdentity);
    const exceptions = [...(decision.exceptions ?? [])].sort(byIdentity);
    const resources = [...failures, ...warnings, ...exceptions].map((f) => f.resource);
    return {
      filename: document.file,
      document: document.index,
      namespace,
      input_kind: decision.input_kind,
      resources: decision.resources,
      buckets: decision.buckets,
      successes: decision.rules_passed,
      failures,
      warnings,
      exceptions,
      lines: resourceLines(document, resources, decision.input_kind),
      ...(decision.notes?.length ? { notes: decision.notes } : {}),
    };
  }

  /**
   * Checks every input and returns one report. Paths are read (directories walked, binary plans
   * converted), each document is evaluated; a file found by walking that does not parse or is of
   * no supported kind is skipped and listed. Every input error (and every document the engine
   * failed on) is collected, and thrown together as InputErrors, with the report of the documents
   * that were checked, once all inputs were read.
   */
  async check(inputs: CheckInput[], options: RunOptions): Promise<Report> {
    const queue: Array<{ input: CheckInput; walked: boolean }> = [];
    const errors: InputError[] = [];
    for (const input of inputs) {
      if (typeof input !== "string") {
        queue.push({ input, walked: false });
        continue;
      }
      try {
        for (const entry of expandPaths([input], options)) queue.push({ input: entry.file, walked: entry.walked });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.push(error);
      }
    }
    return this.checkQueue(queue, options, errors);
  }

  private async checkQueue(
    queue: Array<{ input: CheckInput; walked: boolean }>,
    options: RunOptions,
    errors: InputError[],
  ): Promise<Report> {
    const report: Report = { results: [], skipped: [] };
    for (const [done, { input, walked }] of queue.entries()) {
      const filename = typeof input === "string" ? input : input.filename;
      try {
        let documents: ParsedDocument[];
        if (typeof input !== "string" && typeof input.content !== "string") {
          // A value given in memory goes through the same parsing and checks as text (duplicate
          // keys cannot occur; nesting, numbers and lone surrogates can).
          let text: string;
          try {
            text = `${JSON.stringify(input.content, null, 2)}\n`;
          } catch (error) {
            throw new InputError(filename, undefined, `cannot be written as JSON (${oneLine(error)})`);
          }
          documents = parseSource({ file: filename, text });
        } else {
          // Walking a directory finds files that are not inputs: they are skipped and listed. A file
          // that cannot be read, or a binary plan that cannot be converted, still fails the run.
          const skip = (error: unknown, skippable: boolean) => {
            if (!walked || !skippable || !(error instanceof InputError)) throw error;
            report.skipped.push({ filename, reason: error.reason });
          };
          let source: { file: string; text: string };
          try {
            source = typeof input === "string" ? readSource(input, { env: options.env }) : { file: filename, text: input.content as string };
          } catch (error) {
            skip(error, error instanceof UnrecognisedInputError);
            continue;
          }
          try {
            documents = parseSource(source);
          } catch (error) {
            skip(error, true);
            continue;
          }
        }
        for (const document of documents) {
          try {
            report.results.push(await this.checkDocument(document, options.config));
          } catch (error) {
            if (walked && error instanceof UnrecognisedInputError) {
              report.skipped.push({ filename, ...(documents.length > 1 ? { document: document.index } : {}), reason: error.reason });
            } else if (error instanceof InputError) {
              errors.push(error);
            } else if (error instanceof EngineError) {
              // The engine failed on this document alone (a hang past the time bound, the memory
              // limit, a crash): it is reported for this document and the others are still checked.
              const where = documents.length > 1 ? `document ${document.index + 1}` : undefined;
              errors.push(new InputError(filename, where, error.message));
            } else {
              throw error;
            }
          }
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        errors.push(error);
      } finally {
        options.onProgress?.(done + 1, queue.length);
      }
    }
    if (errors.length > 0) throw new InputErrors(errors, report);
    return report;
  }
}
