/** Output formats, one formatter per file, looked up by name (conftest's names). */
import type { DocumentResult } from "../check.ts";
import { formatJson } from "./json.ts";
import { formatStdout } from "./stdout.ts";

/** Options every formatter receives. */
export interface FormatOptions {
  /** ANSI colour (only on a TTY, never with NO_COLOR). */
  color: boolean;
}

/** Renders the results of one run; returns the text to print on standard output. */
export type Formatter = (results: DocumentResult[], options: FormatOptions) => string;

/** Every output format by name. */
export const formatters: Readonly<Record<string, Formatter>> = {
  stdout: formatStdout,
  json: formatJson,
};
