/**
 * The policy files that ship, read with Node alone: which files of policies/ make a bundle, the
 * pack's name and version, and the revision derived from them. No OPA here (nor anything that
 * needs the repository's build tooling), so the prebuilt CLI of an installed package can use it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { packageRoot } from "../package-root.ts";

/** The folder that holds the policies (package path = directory below it). */
export const policiesDir = path.join(packageRoot, "policies");

/** The data root the bundle owns; profiles live outside it, under data.transit_guard_config. */
export const bundleRoot = "transit_guard";

/** One rule of the catalog, from its package METADATA. */
export interface CatalogRule {
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

/** The pack's name and version (package.json). */
export function packageInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { name: string; version: string };
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
