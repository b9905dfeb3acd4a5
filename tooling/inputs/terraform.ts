/**
 * Binary Terraform plans (`terraform plan -out`): a zip archive that only Terraform can read.
 * It is converted with `terraform show -json`, run in the plan's directory because Terraform
 * reads the plan with the providers and modules that `terraform init` installed there. Without
 * terraform on the PATH the user gets the exact command to run instead.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

import { InputError } from "../errors.ts";

/** A zip archive's first bytes, as `terraform plan -out` writes it. */
export function isBinaryPlan(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/** The shell command that converts the plan, run from the current directory. */
export function showCommand(file: string): string {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const show = `terraform show -json ${quote(base)} > ${quote(`${base}.json`)}`;
  return dir === "." ? show : `cd ${quote(dir)} && ${show}`;
}

/**
 * The plan as JSON text, from `terraform show -json <plan>` in the plan's directory. The PATH of
 * `env` is searched for terraform; its absence or failure is an InputError with what to run.
 */
export function showPlan(file: string, env: Record<string, string | undefined>): string {
  const run = spawnSync("terraform", ["show", "-json", path.basename(file)], {
    cwd: path.dirname(file),
    env,
    encoding: "utf8",
    maxBuffer: 2 * 1024 ** 3,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const converted = `${file}.json`;
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    throw new InputError(
      file,
      undefined,
      `is a binary Terraform plan and terraform is not on the PATH; convert it where the plan was made: ${showCommand(file)}, then check ${converted}`,
    );
  }
  if (run.error || run.status !== 0) {
    // terraform prints boxed diagnostics; the line that says what failed is enough here.
    const detail = (run.stderr ?? "")
      // eslint-disable-next-line no-control-regex -- terminal colour codes are what is removed
      .replace(/\x1b\[[0-9;]*m/g, "")
      .split("\n")
      .map((line) => line.replace(/^[│╷╵\s]+/, "").trim())
      .find((line) => /^Error:/.test(line)) ?? run.error?.message ?? `exit code ${run.status}`;
    throw new InputError(
      file,
      undefined,
      `is a binary Terraform plan that terraform show -json could not read (${detail.replace(/^Error:\s*/, "")}); run terraform init where the plan was made, then: ${showCommand(file)}`,
    );
  }
  return run.stdout;
}
