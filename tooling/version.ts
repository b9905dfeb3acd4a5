/** The package's version, from package.json (the SARIF driver and --version report it). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The version of sagemaker-transit-guard. */
export const version: string = (
  JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../package.json"), "utf8")) as {
    version: string;
  }
).version;
