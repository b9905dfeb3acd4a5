/**
 * The bundle's sources, staged once for every target: the Rego under policies/ without fixtures
 * and without tests, copied to a temporary folder with a `.manifest` beside it. opa build reads a
 * `.manifest` from the root it builds, so staging is how the manifest gets in, and it keeps the
 * folder's absolute path out of the archive (OPA names files by the path it was given).
 *
 * The manifest is a function of the sources alone: the revision is the pack version plus a
 * digest of the staged files, and the rule catalog comes from the rules' METADATA (opa inspect).
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { opaVersion, repoRoot } from "../build/paths.ts";
import { inspectRules } from "../metadata.ts";

/** The folder that holds the policies (package path = directory below it). */
const policiesDir = path.join(repoRoot, "policies");

/** The data root the bundle owns; profiles live outside it, under data.transit_guard_config. */
export const bundleRoot = "transit_guard";

/** One rule of the catalog, from its package METADATA. */
interface CatalogRule {
  id: string;
  /** The package below data.transit_guard (rules.<area>.<rule>, or lib.<name> for a library check). */
  package: string;
  title: string;
  severity: string;
}

/** The bundle's `.manifest` (https://www.openpolicyagent.org/docs/management-bundles). */
export interface Manifest {
  revision: string;
  roots: string[];
  rego_version: number;
  metadata: {
    transit_guard: {
      name: string;
      version: string;
      /** The OPA version the bundle was built and tested with. */
      opa_version: string;
      rules: CatalogRule[];
    };
  };
}

/** A staged copy of the sources; remove() deletes it. */
export interface StagedSources {
  dir: string;
  /** The staged files, relative to dir, sorted. */
  files: string[];
  manifest: Manifest;
  remove(): void;
}

/** The pack's name and version (package.json). */
export function packageInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/**
 * The policy files that ship: Rego (and OPA data files) outside fixtures/, without *_test.rego,
 * below policies/ (or another policies folder, e.g. an older revision's).
 */
export function sourceFiles(from = policiesDir): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(from, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== "fixtures") visit(rel);
      } else if (entry.isFile()) {
        const rego = entry.name.endsWith(".rego") && !entry.name.endsWith("_test.rego");
        if (rego || entry.name === "data.json") files.push(rel);
      }
    }
  };
  visit("");
  return files.sort();
}

/** The rule catalog: every package below data.transit_guard whose METADATA has a custom id. */
function ruleCatalog(dir: string): CatalogRule[] {
  return inspectRules(dir, ".").map((rule) => ({
    id: rule.id,
    package: rule.package,
    title: typeof rule.title === "string" ? rule.title : "",
    severity: typeof rule.custom.severity === "string" ? rule.custom.severity : "",
  }));
}

/** The revision: pack version plus the first 12 hex digits of a digest of the staged files. */
export function revisionOf(version: string, dir: string, files: string[]): string {
  const digest = createHash("sha256");
  for (const file of files) {
    digest.update(`${file}\0`);
    digest.update(createHash("sha256").update(readFileSync(path.join(dir, file))).digest("hex"));
    digest.update("\n");
  }
  return `${version}+${digest.digest("hex").slice(0, 12)}`;
}

/**
 * Copies the sources into `dir` (created if needed) and returns the staged files. The copies
 * keep the paths below policies/, so packages and OPA's file names match the repository.
 */
export function copySources(dir: string, from = policiesDir): string[] {
  const files = sourceFiles(from);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), readFileSync(path.join(from, file)));
  }
  return files;
}

/** Stages the sources (of policies/, or of another policies folder) with their `.manifest` in a new temporary folder. */
export function stageSources(from = policiesDir): StagedSources {
  const dir = mkdtempSync(path.join(tmpdir(), "transit-guard-bundle-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const files = copySources(dir, from);
    const { name, version } = packageInfo();
    const manifest: Manifest = {
      revision: revisionOf(version, dir, files),
      roots: [bundleRoot],
      rego_version: 1,
      metadata: { transit_guard: { name, version, opa_version: opaVersion, rules: ruleCatalog(dir) } },
    };
    writeFileSync(path.join(dir, ".manifest"), `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir, files, manifest, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
