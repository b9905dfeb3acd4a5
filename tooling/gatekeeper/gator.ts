/** The pinned gator (Gatekeeper's CLI), built into .tools/bin by tooling/install-tools.sh. */
import { existsSync } from "node:fs";
import path from "node:path";

import { repoRoot } from "../build/paths.ts";

/** gator's path; throws a message that says how to install it when it is missing. */
export function gatorPath(): string {
  const file = path.join(repoRoot, ".tools/bin", "gator");
  if (!existsSync(file)) {
    throw new Error(`gator is not installed in .tools/bin: run "npm run tools" (needs Go; builds the pinned version)`);
  }
  return file;
}
