/**
 * The check: read, parse, recognise (in Rego), validate, project, evaluate (in Rego), collect.
 * This is the one pipeline the CLI and the library API share; it never decides whether anything
 * is compliant, and it never exits the process.
 */
import { type EngineOptions,WasmEngine } from "./engine/wasm.ts";
import { EngineError, InputError, InputErrors, oneLine,UnrecognisedInputError } from "./errors.ts";
import { expandPaths, type WalkOptions } from "./inputs/collect.ts";
import { locateResources } from "./inputs/locate.ts";
import { encodeText, project } from "./inputs/project.ts";
import { type ParsedDocument,parseSource, readSource } from "./inputs/read.ts";
import { chunks, cutPlan, type PlanText, planWith, slices } from "./inputs/slices.ts";
import { type SourceLocation, type TerraformSources,terraformSources } from "./inputs/tf-source.ts";
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
  /**
   * Where each resource of a finding or note is, for annotations: a Terraform plan's resource at
   * its block in the configuration (the .tf file), others where the document names them, else at
   * the document's first line.
   */
  locations?: Record<string, SourceLocation>;
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
  /** The Terraform configuration of the plans (default: each plan file's directory), to report findings on the .tf files. */
  terraformDir?: string;
  /**
   * A named file that parses but is not a supported input is skipped and listed, as a file found
   * by walking is, instead of failing the run (for lists of files chosen by pattern, as pre-commit
   * passes them). A file that cannot be read or parsed still fails.
   */
  skipUnsupported?: boolean;
}

/** How findings turn into an exit code. */
export interface ExitOptions {
  /** conftest's --fail-on-warn: 2 on a failure, 1 on a warning. */
  failOnWarn?: boolean;
  /** conftest's --no-fail (Checkov's --soft-fail): 0 whatever the findings (bad input still exits 2). */
  noFail?: boolean;
}

/**
 * conftest's exit code: 1 on a failure; with failOnWarn (or `true`), 2 on a failure and 1 on a
 * warning; with noFail, 0. A warning the policies marked below the severity threshold never counts.
 */
export function conftestExitCode(results: DocumentResult[], exit: boolean | ExitOptions = {}): number {
  const options = typeof exit === "boolean" ? { failOnWarn: exit } : exit;
  if (options.noFail) return 0;
  const failures = results.some((r) => r.failures.length > 0);
  const warnings = results.some((r) => r.warnings.some((w) => w.below_threshold === undefined));
  if (options.failOnWarn) return failures ? 2 : warnings ? 1 : 0;
  return failures ? 1 : 0;
}

const recognised =
  "not a recognised input: expected Terraform plan JSON (terraform show -json), a CloudFormation template, " +
  "a SageMaker API request body or Describe output, a SageMaker Pipelines definition, " +
  "a Step Functions state machine, or an ACK SageMaker manifest";

/** What entrypoint slice_index gives for one part of a plan. */
interface SliceIndex {
  kind: DocumentKind;
  links: Array<[string, string]>;
  /** [address, key]: the change is evaluated with the changes linked by key, without being linked to them. */
  needs: Array<[string, string]>;
  /** What slice_context needs of this part (data.transit_guard_part.index). */
  facts: unknown;
}

const byIdentity = (a: Finding, b: Finding) =>
  a.id.localeCompare(b.id) || a.resource.localeCompare(b.resource) || a.msg.localeCompare(b.msg);

/** Checks parsed documents with one embedded engine, reused across calls. */
export class Checker {
  /**
   * The second engine of parts evaluated side by side: started for the first document large
   * enough to need it (see expect), not for small ones, whose check it would only slow down.
   */
  private second: WasmEngine | undefined;

  private constructor(
    readonly engine: WasmEngine,
    /** What the policies declare for the loader: the projection, and how a document is split. */
    private readonly setup: Promise<{ projection: Projection; areas: string[]; areaGroups: string[][] }>,
    private readonly sizes: { splitAbove: number; parallelAbove: number; parallelBelow: number; sliceAbove: number; slice: number },
  ) {}

  /**
   * Loads and compiles the policy bundle once. The engine's worker thread starts now and its
   * first evaluations (what the policies declare for the loader) are asked for now, but not
   * awaited: the thread boots while the caller reads and parses its input, and checkDocument
   * awaits them (an error there surfaces at the first check). The second engine starts when a
   * document needs it.
   */
  static async create(options: EngineOptions = {}): Promise<Checker> {
    const engine = await WasmEngine.load(options);
    const setup = Promise.all([
      engine.evaluate<Projection>("transit_guard/main/projection", undefined, {}),
      engine.evaluate<string[]>("transit_guard/main/areas", undefined, {}),
      engine.evaluate<string[][]>("transit_guard/main/area_groups", undefined, {}),
    ]).then(([projection, areas, areaGroups]) => ({ projection, areas, areaGroups }));
    // Awaited by every check; a rejection nobody awaits (no check ever asked) is not a crash.
    setup.catch(() => undefined);
    return new Checker(engine, setup, {
      splitAbove: options.splitAboveBytes ?? 16 * 1024 ** 2,
      parallelAbove: options.parallelAboveBytes ?? 1024 ** 2,
      parallelBelow: options.parallelBelowBytes ?? 32 * 1024 ** 2,
      sliceAbove: options.sliceAboveBytes ?? 1024 ** 2,
      slice: options.sliceBytes ?? 512 * 1024,
    });
  }

  /**
   * Says that a document of about this many bytes of text comes next: when it may be evaluated in
   * parts or slices, the second engine's thread starts now, to boot while the caller parses it.
   */
  expect(textBytes: number): void {
    const { parallelAbove, sliceAbove, splitAbove } = this.sizes;
    if (textBytes > Math.min(parallelAbove, sliceAbove, splitAbove)) this.engines();
  }

  /** Both engines (the second started now if it was not), or the first alone when parallelBelowBytes is 0. */
  private engines(): WasmEngine[] {
    if (this.sizes.parallelBelow <= 0) return [this.engine];
    this.second ??= this.engine.sibling().start();
    return [this.engine, this.second];
  }

  /** The engines' peak WASM memory: the most one evaluation used in either instance. */
  get peakMemoryBytes(): number {
    return Math.max(this.engine.peakMemoryBytes, this.second?.peakMemoryBytes ?? 0);
  }

  /** Bytes of WASM memory both engines hold now. */
  get memoryBytes(): number {
    return this.engine.memoryBytes + (this.second?.memoryBytes ?? 0);
  }

  /** Instances replaced in either engine (for tests and benchmarks). */
  get recycled(): number {
    return this.engine.recycled + (this.second?.recycled ?? 0);
  }

  /**
   * The decision on one document: in one evaluation; or, for a larger input, in parts that
   * main/parts.rego defines and gathers (the two area groups, or, above splitAboveBytes, one rule
   * area a part, so that an instance's memory holds one area's work at a time). Parts run side by
   * side in two worker threads unless the input is above parallelBelowBytes (memory would then
   * hold two large parts at once). Which part runs where changes nothing: each is an independent
   * evaluation of the same input, and the decision is made in Rego from all of them.
   */
  async decide(input: ArrayBuffer, config: PolicyConfig): Promise<Decision> {
    const bytes = input.byteLength;
    const { splitAbove, parallelAbove, parallelBelow } = this.sizes;
    if (bytes <= parallelAbove && bytes <= splitAbove) {
      return this.engine.evaluate<Decision>("transit_guard/main/decision", input, config);
    }
    const { areas, areaGroups } = await this.setup;
    const units = bytes > splitAbove ? areas.map((area) => [area]) : areaGroups;
    const engines = bytes <= parallelBelow ? this.engines() : [this.engine];
    // The costliest parts come first (areas is ordered); the instance is kept for the next part.
    const parts = await this.each(
      units,
      (engine, unit, more) => engine.evaluate("transit_guard/main/part", input, config, { part: { areas: unit }, more }),
      engines,
    );
    return this.engine.evaluate<Decision>("transit_guard/main/decision", undefined, config, { part: { parts } });
  }

  /**
   * The parts of a Terraform plan evaluated in slices (main/slices.rego), for entrypoint decision
   * to gather: the links and facts of each part of the plan (entrypoint slice_index), the context
   * of every slice (slice_context), then every slice (part, all areas) with that context, each
   * with the configuration blocks of its own changes. Each evaluation holds a bounded part of the
   * plan, whatever its size. Undefined when the document is not a plan throughout (it is then
   * evaluated whole).
   */
  private async sliceParts(document: ParsedDocument, plan: PlanText, config: PolicyConfig): Promise<unknown[] | undefined> {
    const { areas } = await this.setup;
    const split = await this.sliceGroups(document, plan, config);
    if (!split) return undefined;
    const { groups, context } = split;
    return this.each(groups, (engine, unit, more) =>
      engine.evaluate("transit_guard/main/part", planWith(plan, unit), config, { part: { areas, context }, more }),
    );
  }

  /**
   * The slices of a plan (change indices) and their context, from the index of every part of it
   * (which is let go of before the slices are evaluated). Undefined when the plan is not a plan
   * throughout.
   */
  private async sliceGroups(document: ParsedDocument, plan: PlanText, config: PolicyConfig): Promise<{ groups: number[][]; context: unknown } | undefined> {
    // The index holds little per change: its parts are twice a slice's size. The first part also
    // holds the blocks no change needs (their facts are the whole plan's).
    const units = chunks(plan, 2 * this.sizes.slice);
    const part = (index: number) => planWith(plan, units[index]!, index === 0);
    // Every instance is kept from one part to the next (its heap is reset at each evaluation; a
    // fresh instance would hold the memory of the one it replaces until collected).
    const index = await this.each(units.map((_, at) => at), (engine, at) =>
      engine.evaluate<SliceIndex>("transit_guard/main/slice_index", part(at), config, { more: true }),
    );
    // Each part's document_kind: a plan throughout, or the document is evaluated whole.
    const kind = index[0]!.kind;
    if (kind.kind !== "terraform_plan" || index.some((part) => JSON.stringify(part.kind) !== JSON.stringify(kind))) return undefined;
    validateDocument(document, kind);
    const { context, everywhere } = await this.engine.evaluate<{ context: unknown; everywhere: string[] }>(
      "transit_guard/main/slice_context",
      undefined,
      config,
      { part: { index: index.map((part) => part.facts) } },
    );
    const [links, needs] = [index.flatMap((part) => part.links), index.flatMap((part) => part.needs)];
    return { groups: slices(plan, links, needs, everywhere, this.sizes.slice), context };
  }

  /**
   * Runs one evaluation per unit, in the given engines (both, when there are two), each engine
   * taking the next unit when it is free; more tells whether units remain after this one.
   */
  private async each<U, T>(
    units: U[],
    evaluate: (engine: WasmEngine, unit: U, more: boolean) => Promise<T>,
    engines = this.engines(),
  ): Promise<T[]> {
    const results: T[] = new Array(units.length);
    let next = 0;
    await Promise.all(
      engines.map(async (engine) => {
        while (next < units.length) {
          const index = next++;
          results[index] = await evaluate(engine, units[index]!, next < units.length);
        }
      }),
    );
    return results;
  }

  /** Ends the engine's worker thread (a later check starts a new one). */
  async close(): Promise<void> {
    await Promise.all([this.engine.close(), this.second?.close()]);
  }

  /**
   * The decision on one document, or, for a Terraform plan evaluated in slices, its parts (for
   * entrypoint decision to gather).
   */
  private async evaluateDocument(document: ParsedDocument, config: PolicyConfig): Promise<{ decision: Decision } | { parts: unknown[] }> {
    const { projection } = await this.setup;
    const projected = project(document.value, projection);
    const plan = cutPlan(projected, projection);
    const parts = plan && plan.size > this.sizes.sliceAbove ? await this.sliceParts(document, plan, config) : undefined;
    if (parts) return { parts };
    const input = plan ? planWith(plan, plan.changes.map((_, index) => index), true) : (new TextEncoder().encode(encodeText(projected)).buffer as ArrayBuffer);
    const kind = await this.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config, { more: true });
    if (kind.kind === "unknown") throw new UnrecognisedInputError(document.file, recognised);
    validateDocument(document, kind);
    return { decision: await this.decide(input, config) };
  }

  /**
   * Evaluates one document. Unusable input throws an InputError (an UnrecognisedInputError when
   * the document is of no supported kind); nothing passes silently.
   */
  async checkDocument(document: ParsedDocument, config: PolicyConfig, terraform?: TerraformSources): Promise<DocumentResult> {
    const evaluated = await this.evaluateDocument(document, config);
    // The parts of a plan evaluated in slices are gathered once the plan's texts can be let go of.
    const decision =
      "parts" in evaluated
        ? await this.engine.evaluate<Decision>("transit_guard/main/decision", undefined, config, { part: { parts: evaluated.parts } })
        : evaluated.decision;
    const failures = [...decision.deny].sort(byIdentity);
    const warnings = [...decision.warn].sort(byIdentity);
    const exceptions = [...(decision.exceptions ?? [])].sort(byIdentity);
    const resources = [...failures, ...warnings, ...exceptions, ...(decision.notes ?? [])].map((f) => f.resource);
    const { lines, locations } = locateResources(document, resources, decision.input_kind, terraform);
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
      lines,
      locations,
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
    const terraform = terraformSources(options.terraformDir, options.env ?? process.env);
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
          this.expect(text.length);
          documents = parseSource({ file: filename, text });
        } else {
          // Walking a directory finds files that are not inputs: they are skipped and listed. A file
          // that cannot be read, or a binary plan that cannot be converted, still fails the run.
          const skip = (error: unknown, skippable: boolean) => {
            if (!skippable || !(error instanceof InputError)) throw error;
            if (!walked && !(options.skipUnsupported && error instanceof UnrecognisedInputError)) throw error;
            report.skipped.push({ filename, reason: error.reason });
          };
          let source: { file: string; text: string };
          try {
            source = typeof input === "string" ? readSource(input, { env: options.env }) : { file: filename, text: input.content as string };
          } catch (error) {
            skip(error, error instanceof UnrecognisedInputError);
            continue;
          }
          this.expect(source.text.length);
          try {
            documents = parseSource(source);
          } catch (error) {
            skip(error, true);
            continue;
          }
        }
        for (const document of documents) {
          try {
            report.results.push(await this.checkDocument(document, options.config, terraform(document.file)));
          } catch (error) {
            if ((walked || options.skipUnsupported) && error instanceof UnrecognisedInputError) {
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
