/**
 * `transit-guard bundle`: builds the OPA bundle for servers and the WASM bundle for the embedded
 * engine from the same sources (optionally signed), with Node alone (tooling/opa-bundle/assemble.ts),
 * into transit-guard-bundle/ by default; verifies a signed bundle; or writes an HCP Terraform policy
 * set or the Gatekeeper templates. Nothing is written when a build fails. Also the options of
 * `check` that load a verified signed bundle.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { type Command,InvalidArgumentError, Option } from "commander";

import { readBundle } from "../engine/tarball.ts";
import type { EngineOptions } from "../engine/wasm.ts";
import { EngineError, oneLine,UsageError } from "../errors.ts";
import { assembleBundles, bundleFiles, sourcesRevision, StaleWasmBundle, writeBundles } from "../opa-bundle/assemble.ts";
import { hcpPolicies, writeHcpPolicySet } from "../opa-bundle/hcp.ts";
import { signingAlgorithms, verifyBundle } from "../opa-bundle/verify.ts";
import { packagePath } from "../package-root.ts";
import type { Io } from "./main.ts";

/** The default output folder (dist/ belongs to the library build). */
const defaultBundleDir = "transit-guard-bundle";

/** Options of `check` (and `bundle --verify`) that choose and verify a bundle. */
export interface BundleOptions {
  bundle?: string;
  verificationKey?: string;
  verificationAlg: string;
}

interface BundleCommandOptions {
  format: "opa" | "hcp-terraform" | "gatekeeper";
  signingKey?: string;
  signingAlg: string;
  verify?: string;
  verificationKey?: string;
  verificationAlg: string;
  profile: string[];
}

const algorithms = Object.keys(signingAlgorithms);

/** Adds --bundle, --verification-key and --verification-alg to a command. */
export function addBundleOptions(command: Command): Command {
  return command
    .option("--bundle <file>", "evaluate with this WASM bundle instead of the built-in one")
    .option("--verification-key <pem>", "verify the bundle's signature with this public key (PEM) before using it")
    .addOption(
      new Option("--verification-alg <alg>", "the algorithm the bundle is signed with").choices(algorithms).default("RS256"),
    );
}

function readKey(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code})`}`);
  }
}

/** The engine options that --bundle and --verification-key ask for. */
export function engineOptions(options: BundleOptions): EngineOptions {
  return {
    ...(options.bundle === undefined ? {} : { bundle: options.bundle }),
    ...(options.verificationKey === undefined
      ? {}
      : { verification: { key: readKey(options.verificationKey), algorithm: options.verificationAlg } }),
  };
}

/** Runs a build step; an error of the toolchain (opa missing, opa build failing) is one line. */
async function step<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError || error instanceof EngineError) throw error;
    throw new UsageError(oneLine(error));
  }
}

/** Whether the pinned opa of a development checkout is installed (npm run tools). */
const pinnedOpa = () => existsSync(packagePath(".tools", "bin", "opa"));

/**
 * The OPA and WASM bundles, assembled with Node alone from the shipped policies and the prebuilt
 * WASM (tooling/opa-bundle/assemble.ts). Only when policies/ changed since the WASM was compiled
 * (a development checkout) is opa needed, to compile them again; the modules that run opa are
 * loaded for that case alone, so the installed package never reads the build tooling.
 */
async function opaBundles(dir: string, signing: { key: string; algorithm: string } | undefined) {
  try {
    const { manifest, bundles } = assembleBundles(signing ? { signing } : {});
    const files = writeBundles(dir, bundles);
    return { manifest, bundles: bundles.map((bundle, i) => ({ target: bundle.target, file: files[i]!, signed: bundle.signed })) };
  } catch (error) {
    if (!(error instanceof StaleWasmBundle)) throw error;
    if (!pinnedOpa()) throw new UsageError(error.message);
    const { buildBundles } = await import("../opa-bundle/build.ts");
    return buildBundles(dir, signing);
  }
}

/**
 * The Gatekeeper files: generated from the policies in a development checkout (needs the pinned
 * opa); in an installed package, the prebuilt bundle/gatekeeper/, which was generated from the
 * policies beside it (its template carries their revision, which is checked).
 */
async function gatekeeperOutput(): Promise<Map<string, string>> {
  if (pinnedOpa()) {
    const { gatekeeperFiles } = await import("../gatekeeper/templates.ts");
    return gatekeeperFiles();
  }
  const shipped = packagePath("bundle", "gatekeeper");
  const template = path.join(shipped, "template.yaml");
  const version = existsSync(template) ? /metadata\.gatekeeper\.sh\/version: (\S+)/.exec(readFileSync(template, "utf8"))?.[1] : undefined;
  if (version === undefined || version !== sourcesRevision()) {
    throw new UsageError(`${template} was not generated from the policies in ${packagePath("policies")}: run npm run build (with the pinned opa: npm run tools)`);
  }
  const names = readdirSync(shipped, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(shipped, path.join(entry.parentPath, entry.name)))
    .sort((a, b) => Number(b === "template.yaml") - Number(a === "template.yaml") || a.localeCompare(b));
  return new Map(names.map((name) => [name, readFileSync(path.join(shipped, name), "utf8")]));
}

/** Writes files (relative path → content) into dir; returns their paths. */
function writeFiles(dir: string, files: Map<string, string>): string[] {
  return [...files].map(([name, content]) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  });
}

function revisionOf(entries: Map<string, Buffer>): string | undefined {
  try {
    const manifest = JSON.parse(entries.get(".manifest")?.toString("utf8") ?? "{}") as { revision?: unknown };
    return typeof manifest.revision === "string" && manifest.revision !== "" ? manifest.revision : undefined;
  } catch {
    return undefined;
  }
}

function verify(file: string, options: BundleCommandOptions, io: Io): number {
  if (!options.verificationKey) throw new UsageError("--verify needs --verification-key <pem>");
  const entries = readBundle(file);
  const verified = verifyBundle(entries, { key: readKey(options.verificationKey), algorithm: options.verificationAlg }, file);
  const revision = revisionOf(entries);
  io.stdout(
    `verified ${file}: ${verified.files.length} files signed with ${verified.algorithm}` +
      `${verified.keyId ? ` (key id ${verified.keyId})` : ""}${revision ? `, revision ${revision}` : ""}\n`,
  );
  return 0;
}

async function build(dir: string, options: BundleCommandOptions, io: Io): Promise<number> {
  if (options.format === "hcp-terraform") {
    if (options.signingKey) {
      throw new UsageError("--signing-key applies to --format opa; HCP Terraform reads a policy set from VCS or its API");
    }
    const files = await step(() => writeHcpPolicySet(dir, [...new Set(options.profile)]));
    const rego = files.filter((f) => f.endsWith(".rego")).length;
    const data = files.includes("data.json") ? `, data.json (profiles ${[...new Set(options.profile)].join(", ")})` : "";
    io.stdout(`wrote ${path.join(dir, "policies.hcl")}: ${hcpPolicies.length} policies; ${rego} Rego files${data}\n`);
    return 0;
  }
  if (options.format === "gatekeeper") {
    if (options.signingKey) throw new UsageError("--signing-key applies to --format opa; Gatekeeper reads ConstraintTemplates");
    if (options.profile.length > 0) {
      throw new UsageError("--profile applies to --format hcp-terraform; a Gatekeeper Constraint names its profiles in parameters (docs/deploy.md)");
    }
    const generated = await step(gatekeeperOutput);
    const files = await step(() => writeFiles(dir, generated));
    for (const file of files) io.stdout(`wrote ${file}\n`);
    return 0;
  }
  if (options.profile.length > 0) {
    throw new UsageError("--profile applies to --format hcp-terraform; an OPA server takes profiles as data (docs/deploy.md)");
  }
  if (options.signingKey) readKey(options.signingKey);
  const signing = options.signingKey ? { key: options.signingKey, algorithm: options.signingAlg } : undefined;
  const { manifest, bundles } = await step(() => opaBundles(dir, signing));
  const what = { rego: "OPA bundle for servers", wasm: "WASM bundle for the embedded engine" };
  for (const bundle of bundles) {
    io.stdout(
      `wrote ${bundle.file}: ${what[bundle.target]}, revision ${manifest.revision}, ` +
        `${manifest.metadata.transit_guard.rules.length} rules, ${bundle.signed ? `signed (${options.signingAlg})` : "unsigned"}\n`,
    );
  }
  return 0;
}

/**
 * Registers `transit-guard bundle` on the program. `profiles` are the profile names the CLI
 * accepts; the exit code of the run goes to `exit.code`.
 */
export function registerBundleCommand(cli: Command, io: Io, exit: { code: number }, profiles: readonly string[]): void {
  cli
    .command("bundle")
    .description(
      `build ${bundleFiles.rego} (OPA servers) and ${bundleFiles.wasm} (embedded engine) into [dir], ` +
        "verify a signed bundle (--verify), write an HCP Terraform policy set (--format hcp-terraform), " +
        "or Gatekeeper ConstraintTemplates and Constraints for the ACK SageMaker kinds (--format gatekeeper)",
    )
    .argument("[dir]", "output folder", defaultBundleDir)
    .addOption(new Option("--format <format>", "what to write").choices(["opa", "hcp-terraform", "gatekeeper"]).default("opa"))
    .option("--signing-key <pem>", "sign both bundles with this private key (PEM); .signatures.json as OPA specifies")
    .addOption(new Option("--signing-alg <alg>", "signing algorithm").choices(algorithms).default("RS256"))
    .option("--verify <bundle>", "verify a signed bundle instead of building (needs --verification-key)")
    .option("--verification-key <pem>", "public key (PEM) for --verify")
    .addOption(new Option("--verification-alg <alg>", "algorithm for --verify").choices(algorithms).default("RS256"))
    .option(
      "-p, --profile <names>",
      `profiles written to the HCP policy set's data.json (${profiles.join(", ")})`,
      (value: string, previous: string[]) => {
        const names = value.split(",").map((s) => s.trim()).filter(Boolean);
        const unknown = names.find((name) => !profiles.includes(name));
        if (unknown !== undefined) throw new InvalidArgumentError(`unknown profile "${unknown}" (choose from ${profiles.join(", ")})`);
        return [...previous, ...names];
      },
      [] as string[],
    )
    .action(async (dir: string, options: BundleCommandOptions) => {
      if (options.verify !== undefined) {
        if (options.signingKey || options.format !== "opa") throw new UsageError("--verify checks a bundle; it builds nothing");
        exit.code = verify(options.verify, options, io);
      } else {
        exit.code = await build(dir, options, io);
      }
    });
}
