/**
 * The configuration file of `transit-guard check`: `.transit-guard.yaml` (or `.transit-guard.yml`)
 * found from the working directory upwards, as Checkov finds .checkov.yaml and conftest
 * conftest.toml, or named with --config. It is validated with schemas/config.schema.json (the
 * shared Ajv instance); every problem is one InputError with the file, the line and what to do.
 * It holds settings only: what they decide is decided by the policies, which get them as data.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";

import { loadCatalog } from "../catalog.ts";
import { InputError } from "../errors.ts";
import type { ParsedDocument } from "../inputs/read.ts";
import { parseSource, readSource } from "../inputs/read.ts";
import { locate, schemaProblem } from "../inputs/validate.ts";
import { formatters } from "../output/registry.ts";
import { type Profile, profileNames, type SeverityThreshold } from "../types.ts";
import { type OutputTarget,parseOutput } from "./outputs.ts";

/** The names the file is found by, in the order they are looked for in each folder. */
export const configNames = [".transit-guard.yaml", ".transit-guard.yml"] as const;

/** The settings of a configuration file, with its paths resolved against the file's folder. */
export interface ConfigSettings {
  profiles?: Profile[];
  waivers?: string;
  include?: string[];
  exclude?: string[];
  outputs?: OutputTarget[];
  checks?: string[];
  skipChecks?: string[];
  severityThreshold?: SeverityThreshold;
  failOnWarn?: boolean;
  noFail?: boolean;
  quiet?: boolean;
}

/** A configuration file as read: its name (as shown in messages) and its settings. */
export interface ConfigFile {
  file: string;
  settings: ConfigSettings;
}

/** The file as it is written (keys are the options' names), after schema validation. */
interface RawConfig {
  profiles?: Profile[];
  waivers?: string;
  include?: string[];
  exclude?: string[];
  outputs?: string[];
  checks?: string[];
  "skip-checks"?: string[];
  "severity-threshold"?: string;
  "fail-on-warn"?: boolean;
  "no-fail"?: boolean;
  quiet?: boolean;
}

/**
 * The configuration file that applies in `cwd`: the first folder from `cwd` up to the filesystem
 * root that holds one. Two names in one folder is an error (which one is meant?).
 */
function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const found = configNames.map((name) => path.join(dir, name)).filter((file) => isFile(file));
    if (found.length > 1) {
      throw new InputError(found[1]!, undefined, `is a second configuration file beside ${path.basename(found[0]!)}; keep one`);
    }
    if (found.length === 1) return found[0];
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A file that holds only comments (or nothing) sets nothing. */
const blank = (text: string) => text.split("\n").every((line) => /^\s*(#.*)?$/.test(line) || /^---\s*$/.test(line));

/**
 * The configuration of a run in `cwd`: the file named with --config (`option`, relative to `cwd`),
 * none with --no-config (`false`), else the one found from `cwd` upwards, if any.
 */
export function configFor(option: string | false | undefined, cwd: string): ConfigFile | undefined {
  if (option === false) return undefined;
  if (option !== undefined) return readConfig(path.resolve(cwd, option), option, cwd);
  const found = findConfig(cwd);
  return found === undefined ? undefined : readConfig(found, path.relative(cwd, found), cwd);
}

/**
 * Reads and validates a configuration file. `shown` is how messages name it (the path as given,
 * or relative to the working directory when it was found upwards); the paths it holds are
 * returned relative to `cwd`, where the run reads and writes them.
 */
function readConfig(file: string, shown: string, cwd: string): ConfigFile {
  let source: { file: string; text: string };
  try {
    source = { file: shown, text: readSource(file).text };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(shown, error.location, error.reason);
    throw error;
  }
  if (blank(source.text)) return { file: shown, settings: {} };
  const documents = parseSource(source);
  if (documents.length !== 1) throw new InputError(shown, undefined, `holds ${documents.length} documents; a configuration file is one`);
  const document = documents[0]!;
  const raw = validateConfig(document);
  const folder = path.dirname(path.resolve(file));
  const relative = (value: string) => path.relative(cwd, path.resolve(folder, value)) || ".";
  const settings: ConfigSettings = {};
  if (raw.profiles !== undefined) settings.profiles = [...new Set(raw.profiles)];
  if (raw.waivers !== undefined) {
    // Named explicitly, so it must exist; said here, with the line that names it.
    settings.waivers = relative(raw.waivers);
    if (!isFile(path.resolve(folder, raw.waivers))) {
      fail(document, ["waivers"], `waivers names ${settings.waivers}, which is not a file (paths are relative to this file's folder)`);
    }
  }
  if (raw.include !== undefined) settings.include = raw.include;
  if (raw.exclude !== undefined) settings.exclude = raw.exclude;
  if (raw.outputs !== undefined) {
    settings.outputs = raw.outputs.map((value) => {
      const target = parseOutput(value);
      return target.file === undefined ? target : { ...target, file: relative(target.file) };
    });
    const toStdout = raw.outputs.filter((value) => !value.includes("="));
    if (toStdout.length > 1) {
      throw new InputError(shown, locate(document, ["outputs"]), `outputs: ${toStdout.join(" and ")} both write to standard output; give all but one a file (FORMAT=FILE)`);
    }
  }
  if (raw.checks !== undefined) settings.checks = knownIds(document, "checks", raw.checks);
  if (raw["skip-checks"] !== undefined) settings.skipChecks = knownIds(document, "skip-checks", raw["skip-checks"], true);
  if (raw["severity-threshold"] !== undefined) settings.severityThreshold = raw["severity-threshold"].toUpperCase() as SeverityThreshold;
  if (raw["fail-on-warn"] !== undefined) settings.failOnWarn = raw["fail-on-warn"];
  if (raw["no-fail"] !== undefined) settings.noFail = raw["no-fail"];
  if (raw.quiet !== undefined) settings.quiet = raw.quiet;
  return { file: shown, settings };
}

/** The schema's verdict, as one line naming the key, the line and what the key must be. */
function validateConfig(document: ParsedDocument): RawConfig {
  const problem = schemaProblem(document, "config.schema.json");
  if (!problem) return document.value as RawConfig;
  const { error, segments, location } = problem;
  const where = segments.reduce((s, seg) => (/^\d+$/.test(seg) ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), "");
  const params = error.params as { additionalProperty?: string; type?: string };
  if (error.keyword === "additionalProperties") {
    const key = params.additionalProperty!;
    const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    return fail(document, [...segments, key], `unknown key "${key}" (known keys: ${known.join(", ")})`);
  }
  const found = JSON.stringify(error.data);
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  // An item's own schema says little ("must be a string"); its list says what the list holds.
  const listDescription = /^\d+$/.test(segments.at(-1) ?? "") ? listSchemaDescription(segments.at(-2)) : undefined;
  const what = error.keyword === "type" ? `must be ${params.type === "array" ? "a list" : `a ${params.type}`}` : undefined;
  const why = listDescription ?? description ?? what ?? "is invalid";
  const subject = where === "" ? "the file" : where;
  return fail(document, segments, `${subject} is ${found}: ${where === "" && error.keyword === "type" ? "must be a mapping of settings" : why}`, location);
}

function listSchemaDescription(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  const descriptions: Record<string, string> = {
    profiles: `must be one of the profiles ${profileNames.join(", ")}`,
    outputs: `must be FORMAT or FORMAT=FILE (formats ${Object.keys(formatters).join(", ")})`,
    checks: "must be a rule ID such as TG101 (transit-guard rules lists them)",
    "skip-checks": "must be a rule ID such as TG402 (transit-guard rules lists them)",
    include: "must be a glob such as *.json",
    exclude: "must be a glob such as drafts/**",
  };
  return descriptions[key];
}

function fail(document: ParsedDocument, segments: string[], reason: string, location?: string): never {
  throw new InputError(document.file, location ?? locate(document, segments), reason);
}

/** Rule IDs the catalog knows, upper-cased; TG000 and TG001 cannot be skipped. */
function knownIds(document: ParsedDocument, key: string, ids: string[], skip = false): string[] {
  const known = new Set(loadCatalog().rules.map((rule) => rule.id));
  return [
    ...new Set(
      ids.map((given, index) => {
        const id = given.toUpperCase();
        if (!known.has(id)) fail(document, [key, String(index)], `${key}[${index}] is "${given}", which is not a rule ID (transit-guard rules lists them)`);
        if (skip && (id === "TG000" || id === "TG001")) {
          fail(document, [key, String(index)], `${key}[${index}] is ${id}, which cannot be skipped (it reports lapsed waivers and input that cannot be checked)`);
        }
        return id;
      }),
    ),
  ];
}
