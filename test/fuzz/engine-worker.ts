/**
 * The embedded engine in a child process of the fuzz runner, so that a run survives whatever
 * happens to it (a hang past every bound, a crash). It checks each document as the library's
 * check() checks a document given in memory: written as JSON and parsed by the loader (which
 * refuses what OPA would refuse or read differently, and reads lone surrogates as Go does), then
 * Checker.checkDocument (projection, document kind, schema validation, decision). The error
 * classes are kept apart here (check() folds engine errors into InputErrors). A document the
 * loader parses but refuses (schema, or no supported kind) is evaluated by the engine directly,
 * so that the engines are compared on it too; one it cannot parse is not evaluated at all.
 *
 * Started by engines.ts: node --import tsx engine-worker.ts <wasm bundle> [<library timeout ms, 0: its default>]
 */
import { Checker } from "../../tooling/check.ts";
import type { EngineOptions } from "../../tooling/engine/wasm.ts";
import { InputError, UnrecognisedInputError } from "../../tooling/errors.ts";
import { engineInput } from "../../tooling/inputs/project.ts";
import { type ParsedDocument,parseSource } from "../../tooling/inputs/read.ts";
import type { Decision, PolicyConfig, Projection } from "../../tooling/types.ts";

/** A request from the runner. */
export interface WorkerRequest {
  id: number;
  document: Record<string, unknown>;
  config: PolicyConfig;
}

/** The answer: the decision as the library reports it, or why there is none. */
export type WorkerReply =
  | {
      id: number;
      ok: true;
      /** checkDocument, or engine when the loader refused the document and the engine was asked directly. */
      via: "checkDocument" | "engine";
      /** Why the loader refused the document (via engine). */
      refused?: { unrecognised: boolean; reason: string };
      decision: Decision;
      ms: number;
    }
  | {
      id: number;
      ok: true;
      /** The loader could not parse the document as written in JSON: nothing was evaluated. */
      via: "unparsed";
      refused: { unrecognised: false; reason: string };
      ms: number;
    }
  | { id: number; ok: false; error: { name: string; message: string }; ms: number };

const send = (message: unknown) => process.send!(message);

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const timeoutMs = Number(process.argv[3] ?? "0");
  // The library bounds each evaluation itself (EngineOptions.timeoutMs, its default unless given);
  // the runner's own limit, which follows OPA's time, usually stops a hang sooner.
  // Documents above 64 KiB (every large one, and many of middle size) are evaluated area by area,
  // in two engines side by side; those above 16 KiB in the two area groups, side by side; the
  // smaller ones in one evaluation; Terraform plans above 128 KiB in slices of about 32 KiB of
  // resource changes (every plan of 500 resources or more): every path is compared with OPA.
  const options: EngineOptions = {
    ...(bundle ? { bundle } : {}),
    ...(timeoutMs > 0 ? { timeoutMs } : {}),
    splitAboveBytes: 64 * 1024,
    parallelAboveBytes: 16 * 1024,
    sliceAboveBytes: 128 * 1024,
    sliceBytes: 32 * 1024,
  };
  const checker = await Checker.create(options);
  const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
  process.on("message", (message: WorkerRequest) => {
    const started = performance.now();
    void (async (): Promise<WorkerReply> => {
      const text = `${JSON.stringify(message.document, null, 2)}\n`;
      let document: ParsedDocument;
      try {
        document = parseSource({ file: "fuzz.json", text })[0]!;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { id: message.id, ok: true, via: "unparsed", refused: { unrecognised: false, reason: error.message }, ms: performance.now() - started };
      }
      try {
        const result = await checker.checkDocument(document, message.config);
        const decision: Decision = {
          input_kind: result.input_kind,
          resources: result.resources,
          buckets: result.buckets,
          rules_passed: result.successes,
          deny: result.failures,
          warn: result.warnings,
          exceptions: result.exceptions,
          notes: result.notes ?? [],
        };
        return { id: message.id, ok: true, via: "checkDocument", decision, ms: performance.now() - started };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        const input = engineInput(document.value, projection);
        const decision = await checker.engine.evaluate<Decision>("transit_guard/main/decision", input, message.config);
        return {
          id: message.id,
          ok: true,
          via: "engine",
          refused: { unrecognised: error instanceof UnrecognisedInputError, reason: error.reason },
          decision,
          ms: performance.now() - started,
        };
      }
    })().then(send, (error: unknown) =>
      send({
        id: message.id,
        ok: false,
        error: { name: error instanceof Error ? error.name : "Error", message: error instanceof Error ? error.message : String(error) },
        ms: performance.now() - started,
      } satisfies WorkerReply),
    );
  });
  send({ ready: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`engine worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(3);
});
