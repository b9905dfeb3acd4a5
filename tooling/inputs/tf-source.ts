/**
 * Where a Terraform plan's resource is declared: the `resource "TYPE" "NAME"` (`data`, `provider`)
 * block of the configuration that produced the plan, so that a finding is annotated on the `.tf`
 * file a pull request changes rather than on line 1 of the one-line plan JSON that
 * `terraform show -json` writes. A rendering aid like locate.ts: it never changes a finding, and
 * a resource it cannot place is located in the plan instead.
 *
 * The root module is the Terraform directory (the plan file's, or the one given); the directory of
 * every other module comes from `.terraform/modules/modules.json`, which `terraform init` writes
 * (module address `module.a.module.b` is its key `a.b`; instance keys `[0]`, `["k"]` are one block).
 * The `.tf` files are scanned, not parsed: a small lexer that skips comments, strings (with their
 * `${…}` interpolations) and heredocs finds the top-level blocks and their labels, which is all
 * locating needs and keeps an HCL parser out of the dependencies. `.tf.json` files are read as JSON.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { InputError, UsageError } from "../errors.ts";
import { jsonPathOffset } from "./json-offset.ts";

/** A place in a file: the path relative to the working directory (absolute outside it), 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A top-level block of a `.tf` file: `resource "aws_s3_bucket" "reports" {` is resource, [aws_s3_bucket, reports]. */
export interface HclBlock {
  type: string;
  labels: string[];
  /** The offset of the block's first character (its type keyword). */
  offset: number;
  /** A provider block's `alias`, when it is a literal string. */
  alias?: string;
}

/** What a plan's resource address names in the configuration. */
export interface ConfigAddress {
  /** The module path, without instance keys: module.a["x"].module.b → [a, b]. */
  modules: string[];
  /** resource (managed), data, or provider. */
  kind: "resource" | "data" | "provider";
  /** The resource type, or the provider's local name. */
  type: string;
  /** The resource name, or the provider's alias ("" for none). */
  name: string;
}

const identifier = /[A-Za-z_][A-Za-z0-9_-]*/y;

/**
 * The address a finding names, as configuration: `module.m["k"].aws_x.y[0]`, `data.t.n`,
 * `module.m.provider.aws.west`; a composite name (a pipeline step `holder/Step`, a state
 * `holder#State`) is its holder. Undefined when it is not a resource address.
 */
export function configAddress(resource: string): ConfigAddress | undefined {
  const words: string[] = [];
  let i = 0;
  for (;;) {
    identifier.lastIndex = i;
    const match = identifier.exec(resource);
    if (!match) return undefined;
    words.push(match[0]);
    i = identifier.lastIndex;
    // Instance keys: [0] or ["quoted \"key\""]; they select an instance of the same block.
    while (resource[i] === "[") {
      const close = skipIndex(resource, i);
      if (close === undefined) return undefined;
      i = close;
    }
    if (resource[i] === ".") {
      i++;
      continue;
    }
    if (i === resource.length || resource[i] === "/" || resource[i] === "#") break;
    return undefined;
  }
  const modules: string[] = [];
  while (words[0] === "module" && words.length > 2) {
    modules.push(words[1]!);
    words.splice(0, 2);
  }
  const [first, second, third, ...rest] = words;
  if (rest.length > 0 || first === undefined || second === undefined) return undefined;
  if (first === "provider") return { modules, kind: "provider", type: second, name: third ?? "" };
  if (first === "data") return third === undefined ? undefined : { modules, kind: "data", type: second, name: third };
  if (third !== undefined) return undefined;
  return { modules, kind: "resource", type: first, name: second };
}

/** The offset after an instance key `[...]` that starts at i (strings in it may hold `]`). */
function skipIndex(text: string, i: number): number | undefined {
  let j = i + 1;
  if (text[j] === '"') {
    for (j++; j < text.length && text[j] !== '"'; j++) if (text[j] === "\\") j++;
    j++;
  } else {
    while (j < text.length && text[j] !== "]") j++;
  }
  return text[j] === "]" ? j + 1 : undefined;
}

/**
 * The top-level blocks of HCL text, with their labels (and a provider's literal alias). Comments
 * (`#`, `//`, `/* *\/`), quoted strings with their interpolations and heredocs are skipped, so
 * configuration-like text inside them is never taken for a block; unterminated text ends the scan.
 */
export function scanBlocks(text: string): HclBlock[] {
  const blocks: HclBlock[] = [];
  /** The words since the last newline at the current depth: a header (depth 0) or an attribute (depth 1). */
  let words: { kind: "word" | "string" | "other"; value: string; offset: number }[] = [];
  let depth = 0;
  let current: HclBlock | undefined;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === "#" || (ch === "/" && text[i + 1] === "/")) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? n : end;
      continue;
    }
    if (ch === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (ch === "\n") {
      words = [];
      i++;
      continue;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
      continue;
    }
    if (ch === '"') {
      const end = skipString(text, i);
      words.push({ kind: "string", value: stringValue(text.slice(i, end)), offset: i });
      i = end;
      // alias = "west", directly in a provider block
      if (depth === 1 && current?.type === "provider" && words.length === 3) {
        const [name, equals, value] = words;
        if (name!.value === "alias" && equals!.value === "=") current.alias = value!.value;
      }
      continue;
    }
    if (ch === "<" && text[i + 1] === "<") {
      const heredoc = /<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;
      heredoc.lastIndex = i;
      const match = heredoc.exec(text);
      if (match) {
        i = skipHeredoc(text, heredoc.lastIndex, match[1]!);
        words.push({ kind: "other", value: "<<", offset: match.index });
        continue;
      }
    }
    if (ch === "{") {
      if (depth === 0) {
        const [keyword, ...labels] = words;
        current =
          keyword?.kind === "word" && labels.every((w) => w.kind !== "other")
            ? { type: keyword.value, labels: labels.map((w) => w.value), offset: keyword.offset }
            : undefined;
        if (current) blocks.push(current);
      }
      depth++;
      words = [];
      i++;
      continue;
    }
    if (ch === "}") {
      depth = Math.max(0, depth - 1);
      if (depth === 0) current = undefined;
      words = [];
      i++;
      continue;
    }
    identifier.lastIndex = i;
    const word = identifier.exec(text);
    if (word) {
      words.push({ kind: "word", value: word[0], offset: i });
      i = identifier.lastIndex;
    } else {
      words.push({ kind: "other", value: ch, offset: i });
      i++;
    }
  }
  return blocks;
}

/** The offset after the quoted string that starts at i: escapes and `${…}`/`%{…}` skipped; a string ends at its line. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === "\\") j += 2;
    else if (ch === '"') return j + 1;
    else if (ch === "\n") return j;
    else if ((ch === "$" || ch === "%") && text[j + 1] === ch && text[j + 2] === "{") j += 3; // $${ is a literal
    else if ((ch === "$" || ch === "%") && text[j + 1] === "{") j = skipTemplate(text, j + 2);
    else j++;
  }
  return j;
}

/** The offset after the `}` that closes an interpolation whose body starts at j (nested braces and strings skipped). */
function skipTemplate(text: string, j: number): number {
  let depth = 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '"') {
      j = skipString(text, j);
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return j + 1;
    j++;
  }
  return j;
}

/** The offset after a heredoc whose body starts at j: past the line that holds only its marker. */
function skipHeredoc(text: string, j: number, marker: string): number {
  while (j < text.length) {
    const end = text.indexOf("\n", j);
    const line = text.slice(j, end === -1 ? text.length : end);
    if (line.trim() === marker) return end === -1 ? text.length : end;
    if (end === -1) return text.length;
    j = end + 1;
  }
  return j;
}

/** A label's value: a quoted string without interpolation read as JSON, otherwise as written. */
function stringValue(quoted: string): string {
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
  }
}

/** The blocks of one module directory, by what they declare. */
type ModuleIndex = Map<string, { file: string; offset: number; text: string }>;

const blockKey = (kind: string, type: string, name: string) => JSON.stringify([kind, type, name]);

/**
 * The configuration of one Terraform working directory, read on first use and kept for the run:
 * where each module is and what each of its `.tf` files declares.
 */
export class TerraformSources {
  private readonly modules = new Map<string, string | undefined>();
  private readonly indexes = new Map<string, ModuleIndex>();
  private manifestRead = false;

  /**
   * @param root - the root module's directory (where terraform init and plan ran)
   * @param dataDir - Terraform's data directory, relative to root (TF_DATA_DIR; default .terraform)
   */
  constructor(
    readonly root: string,
    private readonly dataDir = ".terraform",
  ) {}

  /** Where the configuration declares the resource, or undefined (not a configuration address, no such block, no such module). */
  locate(resource: string): SourceLocation | undefined {
    const address = configAddress(resource);
    if (!address) return undefined;
    const dir = this.moduleDir(address.modules.join("."));
    if (dir === undefined) return undefined;
    const index = this.index(dir);
    const found = index.get(blockKey(address.kind, address.type, address.name));
    if (!found) return undefined;
    const before = found.text.lastIndexOf("\n", found.offset - 1);
    const line = lineNumber(found.text, found.offset);
    return { file: displayPath(found.file), line, column: found.offset - before };
  }

  private moduleDir(key: string): string | undefined {
    if (key === "") return this.root;
    if (!this.manifestRead) this.readManifest();
    return this.modules.get(key);
  }

  /** .terraform/modules/modules.json: {"Modules": [{"Key": "a.b", "Dir": "modules/b"}, …]}. */
  private readManifest(): void {
    this.manifestRead = true;
    const file = path.join(path.resolve(this.root, this.dataDir), "modules", "modules.json");
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return; // no terraform init here, or no modules: only the root module is located
    }
    let manifest: unknown;
    try {
      manifest = JSON.parse(text);
    } catch (error) {
      throw new InputError(displayPath(file), undefined, `invalid JSON: ${(error as Error).message} (run terraform init again)`);
    }
    const entries = (manifest as { Modules?: unknown } | null)?.Modules;
    if (!Array.isArray(entries)) throw new InputError(displayPath(file), undefined, 'expected {"Modules": [...]} as terraform init writes it');
    for (const entry of entries as { Key?: unknown; Dir?: unknown }[]) {
      if (typeof entry?.Key === "string" && typeof entry.Dir === "string") this.modules.set(entry.Key, path.resolve(this.root, entry.Dir));
    }
  }

  private index(dir: string): ModuleIndex {
    let index = this.indexes.get(dir);
    if (index) return index;
    index = new Map();
    this.indexes.set(dir, index);
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith(".tf") || name.endsWith(".tf.json"));
    } catch {
      return index;
    }
    // Override files (override.tf, *_override.tf) only merge into blocks declared elsewhere.
    const isOverride = (name: string) => /(^|_)override\.tf(\.json)?$/.test(name);
    names.sort((a, b) => Number(isOverride(a)) - Number(isOverride(b)) || (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) {
      const file = path.join(dir, name);
      let text: string;
      try {
        if (!statSync(file).isFile()) continue;
        text = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      const add = (kind: string, type: string, label: string, offset: number) => {
        const key = blockKey(kind, type, label);
        if (!index!.has(key)) index!.set(key, { file, offset, text });
      };
      if (name.endsWith(".json")) {
        for (const block of jsonBlocks(text)) add(block.type, block.labels[0]!, block.labels[1]!, block.offset);
        continue;
      }
      for (const block of scanBlocks(text)) {
        if ((block.type === "resource" || block.type === "data") && block.labels.length === 2) {
          add(block.type, block.labels[0]!, block.labels[1]!, block.offset);
        } else if (block.type === "provider" && block.labels.length === 1) {
          add("provider", block.labels[0]!, block.alias ?? "", block.offset);
        }
      }
    }
    return index;
  }
}

/** The resource and data blocks of a `.tf.json` file ({"resource": {"TYPE": {"NAME": {…}}}}). */
function jsonBlocks(text: string): HclBlock[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const blocks: HclBlock[] = [];
  for (const kind of ["resource", "data"]) {
    const types = (value as Record<string, unknown> | null)?.[kind];
    if (types === null || typeof types !== "object" || Array.isArray(types)) continue;
    for (const [type, named] of Object.entries(types)) {
      if (named === null || typeof named !== "object" || Array.isArray(named)) continue;
      for (const name of Object.keys(named)) {
        const offset = jsonPathOffset(text, [kind, type, name]);
        if (offset !== undefined) blocks.push({ type: kind, labels: [type, name], offset: keyOffset(text, offset) });
      }
    }
  }
  return blocks;
}

/** From a member's value back to its quoted key, which is where a reader looks. */
function keyOffset(text: string, valueOffset: number): number {
  const colon = text.lastIndexOf(":", valueOffset);
  const close = text.lastIndexOf('"', colon);
  let open = close - 1;
  while (open > 0 && !(text[open] === '"' && text[open - 1] !== "\\")) open--;
  return open >= 0 ? open : valueOffset;
}

function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** A path as reports show it: relative to the working directory when inside it, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

/**
 * For one run: the configuration behind each plan file, read once per directory. It is the
 * directory given, or else the plan file's own; standard input ("-") has none unless one is given.
 */
export function terraformSources(
  given: string | undefined,
  env: Record<string, string | undefined>,
): (planFile: string) => TerraformSources | undefined {
  const sources = new Map<string, TerraformSources>();
  return (planFile) => {
    if (given === undefined && (planFile === "-" || planFile === "")) return undefined;
    const root = path.resolve(given ?? path.dirname(planFile));
    let found = sources.get(root);
    if (!found) sources.set(root, (found = new TerraformSources(root, env.TF_DATA_DIR || undefined)));
    return found;
  };
}

/** Refuses a Terraform directory that is not one, before any input is read. */
export function checkTerraformDir(dir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`${dir}: no such directory (--terraform-dir)`);
  }
  if (!isDir) throw new UsageError(`${dir}: not a directory (--terraform-dir)`);
}
