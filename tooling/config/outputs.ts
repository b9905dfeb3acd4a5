/**
 * Where a run's reports go: `--output FORMAT[=FILE]`, repeatable (and `outputs` in the
 * configuration file). Each format goes to its file, or to standard output; at most one to
 * standard output.
 */
import { existsSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { UsageError } from "../errors.ts";
import type { OutputFormat } from "../index.ts";
import { formatters } from "../output/registry.ts";

/** One report to write: a format, and the file it goes to (none: standard output). */
export interface OutputTarget {
  format: OutputFormat;
  file?: string;
}

/** The message of an unknown format (commander's wording for choices, as before FORMAT=FILE). */
const outputChoices = () => `Allowed choices are ${Object.keys(formatters).join(", ")}.`;

/** Parses FORMAT or FORMAT=FILE; throws an Error whose message says what is allowed. */
export function parseOutput(value: string): OutputTarget {
  const at = value.indexOf("=");
  const format = at === -1 ? value : value.slice(0, at);
  if (!Object.hasOwn(formatters, format)) throw new Error(outputChoices());
  if (at === -1) return { format: format as OutputFormat };
  const file = value.slice(at + 1);
  if (file.trim() === "") throw new Error(`${format}= names no file (FORMAT=FILE, or FORMAT alone for standard output)`);
  return { format: format as OutputFormat, file };
}

/**
 * Refuses two reports on standard output, two reports in one file, and a file in a folder that
 * does not exist (before the run, rather than after it).
 */
export function checkTargets(targets: OutputTarget[]): void {
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(
      `--output: ${toStdout.map((t) => t.format).join(" and ")} would both write to standard output; give all but one a file (FORMAT=FILE)`,
    );
  }
  const seen = new Map<string, string>();
  for (const { format, file } of targets) {
    if (file === undefined) continue;
    const key = path.resolve(file);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new UsageError(`--output: ${earlier} and ${format} would both write to ${file}`);
    seen.set(key, format);
    const folder = path.dirname(key);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new UsageError(`--output: cannot write ${file}: its folder does not exist`);
    }
  }
}

/**
 * Writes a report to its file; a file that cannot be written is a UsageError naming it and why
 * (one line, exit 2).
 */
export function writeReport(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "its folder does not exist" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : `${code ?? String(error)}`;
    throw new UsageError(`--output: cannot write ${file}: ${why}`);
  }
}
