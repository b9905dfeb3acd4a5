import type { Report } from "./check.ts";

/**
 * Errors a user can cause and fix. The CLI prints them as one line and exits 2; anything else is a
 * bug and is reported as such (still one line, never a stack trace).
 */

/** Unusable input: the file, where in it (line:column or a JSON pointer), and what is wrong. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly location: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${location ? `:${location}` : ""}: ${reason}`);
    this.name = "InputError";
  }
}

/**
 * A document that is none of the supported input kinds (the policies' document_kind said
 * "unknown"). Named files fail with it; files found by walking a directory are skipped.
 */
export class UnrecognisedInputError extends InputError {
  constructor(file: string, reason: string) {
    super(file, undefined, reason);
    this.name = "UnrecognisedInputError";
  }
}

/**
 * Every input error of a run, reported together (one line each) so that one run shows them all,
 * with the report of every document that could be checked (one document never hides the others).
 */
export class InputErrors extends Error {
  constructor(
    readonly errors: InputError[],
    readonly report?: Report,
  ) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "InputErrors";
  }
}

/** An InputError of a single source (standard input, a waiver file) as the InputErrors of a run. */
export function asRunError(error: unknown): unknown {
  return error instanceof InputError ? new InputErrors([error]) : error;
}

/** A command line that cannot be run as given. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The embedded engine could not evaluate (memory limit, corrupt bundle): fail closed. */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EngineError";
  }
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, " ").trim();
}
