/**
 * The import closure of every rule: the policy files (and their lines) that a reader must know to
 * understand one finding, found by following `import data.…` from the rule's package with
 * `opa parse`. Prints one line per rule and fails when a rule's closure has more files than
 * --max, so that the structure cannot quietly grow back.
 *
 * Usage: tsx tooling/build/closure.ts [--max N]
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { repoRoot, toolPath } from "./paths.ts";

interface Ref {
  value: { value: string }[];
}

interface Parsed {
  package: { path: { value: string }[] };
  imports?: { path: Ref }[];
}

const dotted = (segments: { value: string }[]) => segments.map((s) => s.value).join(".");

/** Every non-test policy file below policies/, outside fixtures/. */
function policyFiles(dir = path.join(repoRoot, "policies")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "fixtures" ? [] : policyFiles(file);
    return entry.name.endsWith(".rego") && !entry.name.endsWith("_test.rego") ? [file] : [];
  });
}

/** Rule package → files, lines and the files themselves, sorted by package. */
export function closures(): { rule: string; files: string[]; lines: number }[] {
  const filesOf = new Map<string, string[]>();
  const importsOf = new Map<string, Set<string>>();
  for (const file of policyFiles()) {
    const parsed = JSON.parse(execFileSync(toolPath("opa"), ["parse", "--format", "json", file], { encoding: "utf8" })) as Parsed;
    const pkg = dotted(parsed.package.path);
    filesOf.set(pkg, [...(filesOf.get(pkg) ?? []), file]);
    const imports = importsOf.get(pkg) ?? new Set<string>();
    for (const imported of parsed.imports ?? []) imports.add(dotted(imported.path.value));
    importsOf.set(pkg, imports);
  }
  const packages = [...filesOf.keys()];
  // An import names a package, or a rule inside one: it pulls in the package it starts with.
  const target = (imported: string) => packages.filter((pkg) => imported === pkg || imported.startsWith(`${pkg}.`));
  return packages
    .filter((pkg) => pkg.startsWith("data.transit_guard.rules."))
    .sort()
    .map((rule) => {
      const seen = new Set<string>();
      const stack = [rule];
      while (stack.length > 0) {
        const pkg = stack.pop()!;
        if (seen.has(pkg)) continue;
        seen.add(pkg);
        for (const imported of importsOf.get(pkg) ?? []) stack.push(...target(imported));
      }
      const files = [...seen].flatMap((pkg) => filesOf.get(pkg) ?? []).sort();
      const lines = files.reduce((sum, file) => sum + readFileSync(file, "utf8").split("\n").length - 1, 0);
      return { rule: rule.replace("data.transit_guard.rules.", ""), files, lines };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { max: { type: "string" } } });
  const max = values.max === undefined ? Infinity : Number(values.max);
  let over = 0;
  for (const { rule, files, lines } of closures()) {
    const mark = files.length > max ? `  over ${max}` : "";
    if (mark) over += 1;
    console.log(`${String(files.length).padStart(3)} files ${String(lines).padStart(5)} lines  ${rule}${mark}`);
  }
  if (over > 0) {
    console.error(`${over} rule(s) import more than ${max} files`);
    process.exitCode = 1;
  }
}
