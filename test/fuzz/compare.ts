/**
 * One differential check: a document goes to both engines at once, the embedded engine's time
 * limit follows OPA's time on the same document, and the decisions are compared exactly once their
 * findings are in a canonical order (by message, then by every field, as normalDecision orders
 * them by message).
 */
import type { Decision, Finding } from "../../tooling/types.ts";
import type { Sample } from "./arbitraries.ts";
import type { EngineOutcome, Engines } from "./engines.ts";

/** Time limits of one check. */
export interface Limits {
  /** The embedded engine may take factor times what OPA took on the same document... */
  factor: number;
  /** ...but at least minMs... */
  minMs: number;
  /** ...and never more than maxMs. */
  maxMs: number;
  /** OPA's limit. */
  opaMs: number;
}

export const defaultLimits: Limits = { factor: 20, minMs: 5_000, maxMs: 120_000, opaMs: 120_000 };

/** Why a check failed. */
/** harness-error: the fuzz harness itself failed (a bug here, not in an engine). */
type Category = "difference" | "wasm-error" | "wasm-timeout" | "wasm-crash" | "opa-error" | "opa-timeout" | "harness-error";

/** A failed check. */
export interface CheckFailure {
  category: Category;
  /** One line. */
  summary: string;
  /** What differed, or the error messages. */
  details: string;
}

/** The result of one check. */
export interface CheckResult {
  failure?: CheckFailure;
  /** Findings compared (OPA's deny, warn and exceptions). */
  findings: number;
  /** Their rule IDs. */
  ids: string[];
  /** The loader refused the document (the engine was asked directly). */
  refused?: { unrecognised: boolean; reason: string };
  /** The loader could not parse the document: nothing to compare. */
  unparsed?: string;
  wasmMs: number;
  opaMs: number;
}

/** JSON with object keys sorted, for comparing values whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

const lists = ["deny", "warn", "exceptions"] as const;

/** A decision with its findings in a canonical order. */
function normal(decision: Decision): Decision {
  const order = (findings: Finding[] | undefined) =>
    [...(findings ?? [])].map((f) => [String(f.msg), canonical(f), f] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([, , f]) => f);
  return { ...decision, deny: order(decision.deny), warn: order(decision.warn), exceptions: order(decision.exceptions) };
}

const short = (f: Finding) => `${f.id} ${f.resource}: ${String(f.msg).slice(0, 300)}`;

/** The findings of from that are not in other, counting repeats (a multiset difference). */
function without(from: Finding[], other: Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of other) left.set(canonical(f), (left.get(canonical(f)) ?? 0) + 1);
  return from.filter((f) => {
    const n = left.get(canonical(f)) ?? 0;
    if (n > 0) left.set(canonical(f), n - 1);
    return n === 0;
  });
}

/** What differs between two decisions, one line per difference (empty when they are equal). */
function differences(wasm: Decision, opa: Decision): string[] {
  const out: string[] = [];
  const a = normal(wasm);
  const b = normal(opa);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if ((lists as readonly string[]).includes(key)) continue;
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (canonical(x) !== canonical(y)) out.push(`${key}: wasm ${canonical(x)} vs opa ${canonical(y)}`);
  }
  for (const list of lists) {
    const left = a[list] ?? [];
    const right = b[list] ?? [];
    const onlyWasm = without(left, right);
    const onlyOpa = without(right, left);
    // Pair findings of the same rule and resource, and name the fields that differ.
    for (const f of [...onlyWasm]) {
      const twin = onlyOpa.find((g) => g.id === f.id && g.resource === f.resource);
      if (!twin) continue;
      onlyWasm.splice(onlyWasm.indexOf(f), 1);
      onlyOpa.splice(onlyOpa.indexOf(twin), 1);
      const fields = [...new Set([...Object.keys(f), ...Object.keys(twin)])].filter((k) => canonical(f[k]) !== canonical(twin[k]));
      out.push(`${list}: ${f.id} ${f.resource} differs in ${fields.map((k) => `${k} (wasm ${canonical(f[k]).slice(0, 400)} vs opa ${canonical(twin[k]).slice(0, 400)})`).join(", ")}`);
    }
    for (const f of onlyWasm.slice(0, 10)) out.push(`${list}: only the embedded engine: ${short(f)}`);
    if (onlyWasm.length > 10) out.push(`${list}: … and ${onlyWasm.length - 10} more only in the embedded engine`);
    for (const f of onlyOpa.slice(0, 10)) out.push(`${list}: only OPA: ${short(f)}`);
    if (onlyOpa.length > 10) out.push(`${list}: … and ${onlyOpa.length - 10} more only in OPA`);
  }
  return out;
}

const describe = (outcome: EngineOutcome) =>
  outcome.kind === "decision" ? "a decision" : outcome.kind === "timeout" ? `no answer after ${Math.round(outcome.ms)} ms` : outcome.kind === "unparsed" ? `refused to parse: ${outcome.reason}` : outcome.message;

/** Sends a sample to both engines and compares what they say. */
export async function check(engines: Engines, sample: Sample, limits: Limits = defaultLimits): Promise<CheckResult> {
  const pending = engines.embedded.check(sample.document, sample.config, limits.maxMs);
  const opa = await engines.topdown.decision(sample.document, sample.config, limits.opaMs);
  pending.limit(Math.min(limits.maxMs, Math.max(limits.minMs, limits.factor * opa.ms)));
  const wasm = await pending.outcome;
  const ids = opa.kind === "decision" ? [...(opa.decision.deny ?? []), ...(opa.decision.warn ?? []), ...(opa.decision.exceptions ?? [])].map((f) => String(f.id)) : [];
  const result: CheckResult = { findings: ids.length, ids, wasmMs: wasm.ms, opaMs: opa.ms, ...(wasm.kind === "decision" && wasm.refused ? { refused: wasm.refused } : {}) };
  const both = `embedded engine: ${describe(wasm)}; OPA: ${describe(opa)}`;
  if (wasm.kind === "unparsed") {
    // The library refuses the document before any evaluation; there is no decision to compare.
    result.unparsed = wasm.reason;
  } else if (wasm.kind === "timeout") {
    result.failure = { category: "wasm-timeout", summary: `the embedded engine did not answer within ${Math.round(wasm.ms)} ms (OPA took ${Math.round(opa.ms)} ms)`, details: both };
  } else if (wasm.kind === "crash") {
    result.failure = { category: "wasm-crash", summary: `the embedded engine's process died: ${wasm.message.slice(0, 300)}`, details: both };
  } else if (wasm.kind === "error" && /did not finish within/.test(wasm.message)) {
    result.failure = { category: "wasm-timeout", summary: `the embedded engine stopped itself: ${wasm.message.slice(0, 300)} (OPA took ${Math.round(opa.ms)} ms)`, details: both };
  } else if (wasm.kind === "error") {
    result.failure = { category: "wasm-error", summary: `the embedded engine failed: ${wasm.message.slice(0, 300)}`, details: both };
  } else if (opa.kind === "timeout") {
    result.failure = { category: "opa-timeout", summary: `OPA did not answer within ${Math.round(opa.ms)} ms`, details: both };
  } else if (opa.kind !== "decision") {
    result.failure = { category: "opa-error", summary: `OPA failed: ${describe(opa).slice(0, 300)}`, details: both };
  } else {
    const diff = differences(wasm.decision, opa.decision);
    if (diff.length > 0) {
      result.failure = {
        category: "difference",
        summary: `the engines disagree (${diff.length} difference${diff.length === 1 ? "" : "s"}${wasm.via === "engine" ? "; the loader refused the document, so the engine was asked directly" : ""})`,
        details: diff.join("\n"),
      };
    }
  }
  return result;
}
