/**
 * The mechanical rewrite that turns the policies' modules into Gatekeeper libs. Gatekeeper only
 * accepts library packages below `lib.` and data references below `data.lib` (or its externs), and
 * it parses template Rego without METADATA, so:
 *
 * - `package transit_guard.…` becomes `package lib.transit_guard.…`, and every reference
 *   `data.transit_guard.…` becomes `data.lib.transit_guard.…`;
 * - `data.transit_guard_config` (profiles, waivers, today) becomes the import
 *   `data.lib.transit_guard_config`, which the template's entry module sets from the Constraint's
 *   parameters with `with`. An import, because Gatekeeper moves the libs (to `data.libs.lib…`)
 *   by rewriting imports and the references it finds, and it does not find a reference nested in a
 *   call (`some profile in data.transit_guard_config.profiles`); an import's alias is resolved by
 *   the compiler wherever it is used;
 * - `data.transit_guard_part` (a large document's area-by-area evaluation, main/parts.rego) becomes
 *   `data.lib.transit_guard_part`, which nothing defines: Gatekeeper evaluates each object whole;
 * - each `rego.metadata.chain()` becomes the literal chain OPA computes from the METADATA of the
 *   original module (rule, document, package and subpackages annotations, as `opa inspect` reads
 *   them), so findings keep their IDs, titles, severities and remediations;
 * - comments are dropped (the METADATA lives on in the chains; the template stays small enough for
 *   a client-side `kubectl apply`).
 *
 * The rewrite works on tokens, not text: string literals are never changed.
 */

/** One annotation as `opa inspect --annotations --format json` lists it. */
export interface InspectedAnnotation {
  annotations: Record<string, unknown> & { scope?: string };
  location: { file: string; row: number };
  path: { type: string; value: string }[];
}

type Segment = { kind: "code" | "string" | "comment"; text: string; line: number };

/** Splits Rego source into code, string literals ("…" and `…`) and comments. */
function segments(source: string): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let line = 1;
  let start = 0;
  let startLine = 1;
  const push = (kind: Segment["kind"], end: number) => {
    if (end > start) out.push({ kind, text: source.slice(start, end), line: startLine });
    start = end;
    startLine = line;
  };
  while (i < source.length) {
    const c = source[i];
    if (c === "#" || c === '"' || c === "`") {
      push("code", i);
      if (c === "#") {
        while (i < source.length && source[i] !== "\n") i++;
        push("comment", i);
      } else if (c === '"') {
        i++;
        while (i < source.length && source[i] !== '"') {
          if (source[i] === "\\") i++;
          else if (source[i] === "\n") throw new Error(`line ${line}: unterminated string`);
          i++;
        }
        i++;
        push("string", i);
      } else {
        i++;
        while (i < source.length && source[i] !== "`") {
          if (source[i] === "\n") line++;
          i++;
        }
        i++;
        push("string", i);
      }
      continue;
    }
    if (c === "\n") line++;
    i++;
  }
  push("code", i);
  return out;
}

const configImport = "import data.lib.transit_guard_config";

const rewrites: [RegExp, string][] = [
  [/\bdata\.transit_guard_config\b/g, "transit_guard_config"],
  [/\bdata\.transit_guard_part\b/g, "data.lib.transit_guard_part"],
  [/\bdata\.transit_guard\b/g, "data.lib.transit_guard"],
  [/^package transit_guard\b/gm, "package lib.transit_guard"],
];

const chainCall = /\brego\.metadata\.chain\(\)/g;

/** The annotation paths as OPA's chain spells them (without `data`). */
const pathOf = (a: InspectedAnnotation) => a.path.map((p) => p.value).slice(1);

/**
 * The value of rego.metadata.chain() for a call in `file` whose enclosing rule `name` starts on
 * `row` (OPA's order: the rule's annotations, its document's, then the package's and the
 * enclosing subpackages', nearest first).
 */
function chainAt(file: string, row: number, name: string, pkg: string[], annotations: InspectedAnnotation[]): unknown[] {
  const chain: unknown[] = [];
  const add = (a: InspectedAnnotation | undefined) => {
    if (a) chain.push({ path: pathOf(a), annotations: a.annotations });
  };
  add(annotations.find((a) => a.annotations.scope === "rule" && a.location.file === file && a.location.row === row));
  add(annotations.find((a) => a.annotations.scope === "document" && sameList(pathOf(a), [...pkg, name])));
  add(annotations.find((a) => a.annotations.scope === "package" && sameList(pathOf(a), pkg)));
  for (let n = pkg.length; n > 0; n--) {
    add(annotations.find((a) => a.annotations.scope === "subpackages" && sameList(pathOf(a), pkg.slice(0, n))));
  }
  return chain;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The rule head that encloses `line` (the nearest line above that starts a rule): its row and name. */
function ruleAt(lines: string[], line: number): { row: number; name: string } {
  for (let row = line; row >= 1; row--) {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(lines[row - 1] ?? "")?.[1];
    if (name && !["else", "package", "import"].includes(name)) return { row, name };
  }
  throw new Error(`line ${line}: rego.metadata.chain() outside a rule`);
}

/**
 * Rewrites one module of the policies (`file`, as `opa inspect` names it) into a Gatekeeper lib.
 * `annotations` are every annotation of the policies.
 */
export function toGatekeeperLib(file: string, source: string, annotations: InspectedAnnotation[]): string {
  const pkgMatch = /^package (\S+)/m.exec(source);
  if (!pkgMatch?.[1]) throw new Error(`${file}: no package`);
  const pkg = pkgMatch[1].split(".");
  const lines = source.split("\n");
  let out = "";
  let readsConfig = false;
  for (const segment of segments(source)) {
    if (segment.kind === "comment") continue;
    if (segment.kind === "string") {
      out += segment.text;
      continue;
    }
    let text = segment.text;
    if (/\bdata\.transit_guard_config\b/.test(text)) readsConfig = true;
    for (const [pattern, replacement] of rewrites) text = text.replace(pattern, replacement);
    text = text.replace(chainCall, (_match, offset: number) => {
      const line = segment.line + (segment.text.slice(0, offset).match(/\n/g)?.length ?? 0);
      const rule = ruleAt(lines, line);
      return JSON.stringify(chainAt(file, rule.row, rule.name, pkg, annotations));
    });
    out += text;
  }
  if (/\brego\.metadata\./.test(segments(out).filter((s) => s.kind === "code").map((s) => s.text).join(""))) {
    throw new Error(`${file}: a rego.metadata call other than rego.metadata.chain() (Gatekeeper reads no METADATA)`);
  }
  if (readsConfig) out = out.replace(/^(package \S+\n)/m, `$1\n${configImport}\n`);
  // Dropped comments leave blank runs and trailing blanks; collapse them.
  return `${out
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

/** An OPA data file (data.json beside a package) as a lib module of the same package. */
export function dataAsLib(dir: string, data: Record<string, unknown>): string {
  const pkg = ["lib", ...dir.split("/").filter(Boolean)].join(".");
  const rules = Object.entries(data).map(([key, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`${dir}/data.json: key ${key} is not a Rego name`);
    return `${key} := ${JSON.stringify(value)}\n`;
  });
  return `package ${pkg}\n\n${rules.join("\n")}`;
}
