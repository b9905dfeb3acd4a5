/**
 * The bundle's sources, staged once for every target: the Rego under policies/ without fixtures
 * and without tests, copied to a temporary folder with a `.manifest` beside it. opa build reads a
 * `.manifest` from the root it builds, so staging is how the manifest gets in, and it keeps the
 * folder's absolute path out of the archive (OPA names files by the path it was given).
 *
 * The manifest is a function of the sources alone: the revision is the pack version plus a
 * digest of the staged files, and the rule catalog comes from the rules' METADATA (opa inspect).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { opaVersion } from "../build/paths.ts";
import { inspectRules } from "../metadata.ts";
import { bundleRoot, type CatalogRule, copySources, type Manifest, packageInfo, policiesDir, revisionOf } from "./files.ts";

export { copySources, type Manifest, packageInfo, revisionOf, sourceFiles } from "./files.ts";

/** A staged copy of the sources; remove() deletes it. */
export interface StagedSources {
  dir: string;
  /** The staged files, relative to dir, sorted. */
  files: string[];
  manifest: Manifest;
  remove(): void;
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
