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
  /**
   * Only the failures (Checkov's --quiet): stdout shows the documents with failures and the
   * summary line, table the failure rows, github the ::error commands and the summary line. The
   * structured formats (json, tap, junit, sarif) are written whole: their readers expect every
   * result.
   */
  quiet?: boolean;
}

/** Renders the results of one run; returns the text to print on standard output. */
export type Formatter = (results: DocumentResult[], options: FormatOptions) => string;

/**
 * github, quiet: the ::error commands and the summary line. Every workflow command is one line
 * (its data escapes line breaks), so the failures are picked by line.
 */
const github: Formatter = (results, options) => {
  const text = formatGithub(results, options);
  if (!options.quiet) return text;
  const lines = text.trimEnd().split("\n");
  return `${[...lines.slice(0, -1).filter((line) => line.startsWith("::error ")), lines.at(-1)].join("\n")}\n`;
};

/** Every output format by name. */
export const formatters: Readonly<Record<string, Formatter>> = {
  stdout: formatStdout,
  json: formatJson,
  table: formatTable,
  tap: formatTap,
  junit: formatJunit,
  github,
  sarif: formatSarif,
};
