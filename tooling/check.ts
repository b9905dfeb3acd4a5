/**
 * The check: parse, recognise (in Rego), validate, project, evaluate (in Rego), collect. This is
 * the one function the CLI and the library API share; it never decides whether anything is
 * compliant, and it never exits the process.
 */
import { WasmEngine, type EngineOptions } from "./engine/wasm.ts";
import { InputError } from "./errors.ts";
import { project } from "./inputs/project.ts";
import type { ParsedDocument } from "./inputs/read.ts";
import { validateDocument } from "./inputs/validate.ts";
import type { Decision, DocumentKind, Finding, PolicyConfig, Projection } from "./types.ts";

/** The conftest namespace whose deny and warn rules the findings come from. */
export const namespace = "transit_guard.main";

/** The result of one document, in conftest's terms plus what Transit Guard knows about it. */
export interface DocumentResult {
  filename: string;
  /** Position of the document within a multi-document YAML file. */
  document: number;
  namespace: string;
  input_kind: string;
  /** How many SageMaker resources (jobs, definitions, ...) the document defines. */
  resources: number;
  /** Rules that found nothing in this document. */
  successes: number;
  failures: Finding[];
  warnings: Finding[];
  exceptions: Finding[];
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
  ) {}

  /** Loads the compiled policy bundle once. */
  static async create(options: EngineOptions = {}): Promise<Checker> {
    const engine = await WasmEngine.load(options);
    const projection = await engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
    return new Checker(engine, projection);
  }

  /** Evaluates one document. Unusable input throws an InputError; nothing passes silently. */
  async checkDocument(document: ParsedDocument, config: PolicyConfig): Promise<DocumentResult> {
    const projected = project(document.value, this.projection);
    const input = new TextEncoder().encode(JSON.stringify(projected)).buffer as ArrayBuffer;
    const kind = await this.engine.evaluate<DocumentKind>("transit_guard/main/document_kind", input, config);
    if (kind.kind === "unknown") throw new InputError(document.file, undefined, recognised);
    validateDocument(document, kind);
    const decision = await this.engine.evaluate<Decision>("transit_guard/main/decision", input, config);
    return {
      filename: document.file,
      document: document.index,
      namespace,
      input_kind: decision.input_kind,
      resources: decision.resources,
      successes: decision.rules_passed,
      failures: [...decision.deny].sort(byIdentity),
      warnings: [...decision.warn].sort(byIdentity),
      exceptions: [],
    };
  }
}
