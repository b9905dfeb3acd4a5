/** The package's version, from package.json (the SARIF driver and --version report it). */
import { readFileSync } from "node:fs";

import { packagePath } from "./package-root.ts";

/** The version of sagemaker-transit-guard. */
export const version: string = (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
