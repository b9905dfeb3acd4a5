/** Output formats, one formatter per file, looked up by name (conftest's names). */
import type { RuleCatalog } from "../catalog.ts";
import type { DocumentResult, SkippedInput } from "../check.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatJunit } from "./junit.ts";
import { formatSarif } from "./sarif.ts";
import { formatStdout } from "./stdout.ts";
import { formatTable } from "./table.ts";
import { formatTap } from "./tap.ts";

/** Options every formatter receives. */
export interface FormatOptions {
  /** ANSI colour (only on a TTY, never with NO_COLOR). */
  color: boolean;
  /** Files found by walking directories that were not checked, and why. */
  skipped?: SkippedInput[];
  /** The rule catalog (SARIF's tool.driver.rules); default: none. */
  catalog?: RuleCatalog;
  /** The exit code of the run (SARIF's invocation). */
  exitCode?: number;
  /** The tool's version (SARIF's tool.driver.version). */
  version?: string;
}

/** Renders the results of one run; returns the text to print on standard output. */
export type Formatter = (results: DocumentResult[], options: FormatOptions) => string;

/** Every output format by name. */
export const formatters: Readonly<Record<string, Formatter>> = {
  stdout: formatStdout,
  json: formatJson,
  table: formatTable,
  tap: formatTap,
  junit: formatJunit,
  github: formatGithub,
  sarif: formatSarif,
};
