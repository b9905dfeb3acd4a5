/**
 * Reads a waiver file (YAML or JSON) and checks its shape with the shared Ajv instance. Whether a
 * waiver covers a finding, and whether it has expired, is decided by the policies
 * (lib/waivers), which receive the waivers and today's date as data.
 */
import { InputError, UsageError } from "../errors.ts";
import type { Waiver } from "../types.ts";
import { type ParsedDocument,parseSource, readSource } from "./read.ts";
import { validateWaivers } from "./validate.ts";

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in UTC, YYYY-MM-DD: the date the CLI passes to the policies. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/**
 * Checks waivers given as a parsed document: their shape (schema), real dates, and rule IDs that
 * the bundle knows (when `knownIds` is given).
 */
export function checkWaivers(document: ParsedDocument, knownIds?: ReadonlySet<string>): Waiver[] {
  const waivers = validateWaivers(document);
  waivers.forEach((waiver, index) => {
    if (!isDate(waiver.expires)) {
      throw new InputError(document.file, undefined, `waivers[${index}].expires is "${waiver.expires}", which is not a calendar date`);
    }
    if (knownIds && !knownIds.has(waiver.id)) {
      throw new InputError(
        document.file,
        undefined,
        `waivers[${index}].id is "${waiver.id}", which is not a rule a waiver can name (transit-guard rules lists them)`,
      );
    }
  });
  return waivers;
}

/** Reads and checks a waiver file. */
export function readWaivers(file: string, knownIds?: ReadonlySet<string>): Waiver[] {
  const documents = parseSource(readSource(file));
  if (documents.length !== 1) throw new InputError(file, undefined, `holds ${documents.length} documents; a waiver file is one`);
  return checkWaivers(documents[0]!, knownIds);
}

/** Waivers given in code (the library API), checked as a file would be. */
export function waiversFromValue(value: unknown, knownIds?: ReadonlySet<string>): Waiver[] {
  const document: ParsedDocument = {
    file: "waivers",
    index: 0,
    value: (Array.isArray(value) ? { waivers: value } : value) as Record<string, unknown>,
    text: "",
  };
  return checkWaivers(document, knownIds);
}

/** The date option: a calendar date YYYY-MM-DD, or today's UTC date when absent. */
export function runDate(today: string | undefined): string {
  if (today === undefined) return todayUtc();
  if (!isDate(today)) throw new UsageError(`--today "${today}" is not a date YYYY-MM-DD`);
  return today;
}

/** A comment line of a waiver file: one line, whatever the text holds. */
const commentLine = (text: string) => `#${text === "" ? "" : " "}${text.replace(/[\r\n\u2028\u2029]+/g, " ")}`;

/**
 * A YAML double-quoted scalar: a JSON string (whose escapes YAML shares), with the characters YAML
 * does not allow raw in a document (DEL, C1 controls, line and paragraph separators, BOM) escaped.
 */
const quoted = (text: string) =>
  JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * The text of a waiver file (the format `--waivers` reads), with a comment header: YAML whose
 * strings are double-quoted (so any reason or resource name reads back unchanged) and whose IDs
 * and dates are plain.
 */
export function waiverFileText(waivers: readonly Waiver[], header: readonly string[]): string {
  const lines = header.map(commentLine);
  if (waivers.length === 0) return `${[...lines, "waivers: []"].join("\n")}\n`;
  lines.push("waivers:");
  for (const waiver of waivers) {
    lines.push(
      `  - id: ${waiver.id}`,
      `    resource: ${quoted(waiver.resource)}`,
      `    reason: ${quoted(waiver.reason)}`,
      `    expires: ${waiver.expires}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
