/**
 * Generates tooling/opa/capabilities.json: the builtins of the pinned OPA that the embedded engine
 * (@open-policy-agent/opa-wasm) runs exactly as OPA does. Building and checking with this file
 * makes the compiler refuse any other builtin, instead of the WASM engine failing at run time.
 *
 *   native   - builtins OPA's WASM compiler implements in WASM (internal/compiler/wasm/wasm.go)
 *   sdk      - builtins the JS SDK implements, except sprintf, whose output differs from OPA's
 *   compile  - rego.metadata.* calls, which the compiler replaces by constants before planning,
 *              and eq/assign (= and :=), which the planner compiles itself
 *
 * Usage: tsx tooling/build/capabilities.ts [--check]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { opaVersion, repoRoot, toolPath } from "./paths.ts";

const excludedSdkBuiltins = new Set(["sprintf"]);
const compileTimeBuiltins = ["rego.metadata.chain", "rego.metadata.rule", "eq", "assign"];

interface Capabilities {
  builtins: { name: string }[];
  features?: string[];
  [key: string]: unknown;
}

/** Names of builtins compiled natively to WASM by the pinned OPA. */
function nativeBuiltins(): Set<string> {
  const modcache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  const source = path.join(modcache, "github.com", "open-policy-agent", `opa@${opaVersion}`);
  const wasm = readFileSync(path.join(source, "internal/compiler/wasm/wasm.go"), "utf8");
  const builtins = readFileSync(path.join(source, "v1/ast/builtins.go"), "utf8");
  const varToName = new Map<string, string>();
  for (const m of builtins.matchAll(/^var (\w+) = &Builtin\{\s*\n\s*Name:\s*"([^"]+)"/gm)) {
    varToName.set(m[1]!, m[2]!);
  }
  const names = new Set<string>();
  for (const m of wasm.matchAll(/^\s*ast\.(\w+)\.Name:\s*"/gm)) {
    const name = varToName.get(m[1]!);
    if (!name) throw new Error(`capabilities: cannot resolve ast.${m[1]} in builtins.go`);
    names.add(name);
  }
  return names;
}

/** Names of builtins the JS SDK provides to the WASM module. */
function sdkBuiltins(): Set<string> {
  const require = createRequire(import.meta.url);
  const sdk = path.join(repoRoot, "node_modules/@open-policy-agent/opa-wasm/src/builtins/index.js");
  const impls = require(sdk) as Record<string, unknown>;
  return new Set(Object.keys(impls).filter((name) => !excludedSdkBuiltins.has(name)));
}

/** The capabilities document, as the pinned OPA would print it, limited to what WASM runs. */
export function generateCapabilities(): string {
  const current = JSON.parse(
    execFileSync(toolPath("opa"), ["capabilities", "--current"], { encoding: "utf8" }),
  ) as Capabilities;
  const allowed = new Set([...nativeBuiltins(), ...sdkBuiltins(), ...compileTimeBuiltins]);
  const builtins = current.builtins.filter((b) => allowed.has(b.name));
  const missing = [...allowed].filter((name) => !current.builtins.some((b) => b.name === name));
  if (missing.length > 0) throw new Error(`capabilities: unknown to opa ${opaVersion}: ${missing.join(", ")}`);
  return `${JSON.stringify({ ...current, builtins }, null, 2)}\n`;
}

export const capabilitiesFile = path.join(repoRoot, "tooling/opa/capabilities.json");

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = generateCapabilities();
  if (process.argv.includes("--check")) {
    if (readFileSync(capabilitiesFile, "utf8") !== text) {
      console.error("tooling/opa/capabilities.json is stale: run npm run build");
      process.exit(1);
    }
  } else {
    writeFileSync(capabilitiesFile, text);
  }
}
