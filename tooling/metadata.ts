/**
 * The rules' package METADATA, read with the pinned `opa inspect --annotations`: the one reader
 * behind the rule catalog and docs (tooling/build/catalog.ts) and the bundle manifest
 * (tooling/opa-bundle/sources.ts).
 */
import { execFileSync } from "node:child_process";

import { toolPath } from "./build/paths.ts";

/** One package below data.transit_guard whose METADATA declares a rule ID (tests excluded). */
export interface RuleMetadata {
  id: string;
  /** The package below data.transit_guard (rules.<area>.<rule>, or lib.waivers for TG000). */
  package: string;
  /** The file that holds the METADATA, as opa inspect names it (relative to the folder read). */
  file: string;
  title?: unknown;
  description?: unknown;
  related_resources?: { ref: string; description?: string }[];
  /** custom: id, severity, remediation, input_kinds, as written. */
  custom: Record<string, unknown>;
}

interface Inspected {
  annotations?: {
    annotations?: {
      scope?: string;
      title?: unknown;
      description?: unknown;
      related_resources?: { ref: string; description?: string }[];
      custom?: Record<string, unknown>;
    };
    location?: { file: string };
    path?: { value: string }[];
  }[];
}

/** Every rule package's METADATA under target (a folder, read from cwd), sorted by ID and package. */
export function inspectRules(cwd: string, target: string): RuleMetadata[] {
  let output: string;
  try {
    output = execFileSync(toolPath("opa"), ["inspect", "--annotations", "--format", "json", target], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`opa inspect failed: ${`${stderr ?? ""}${stdout ?? ""}`.trim() || (error as Error).message}`, { cause: error });
  }
  const rules: RuleMetadata[] = [];
  for (const entry of (JSON.parse(output) as Inspected).annotations ?? []) {
    const meta = entry.annotations;
    const file = entry.location?.file ?? "";
    const custom = meta?.custom ?? {};
    const segments = (entry.path ?? []).map((p) => p.value).slice(1);
    if (meta?.scope !== "package" || typeof custom.id !== "string" || file.endsWith("_test.rego")) continue;
    if (segments[0] !== "transit_guard") continue;
    rules.push({
      id: custom.id,
      package: segments.slice(1).join("."),
      file,
      title: meta.title,
      description: meta.description,
      related_resources: meta.related_resources ?? [],
      custom,
    });
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id) || a.package.localeCompare(b.package));
}
