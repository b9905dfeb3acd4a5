/**
 * `transit-guard bundle`: both bundles come from the same sources with one manifest (revision,
 * roots, rego_version, rule catalog), the build is deterministic (same sources and key, same
 * bytes), a signed bundle verifies with opa and with the project's own verifier, and anything
 * changed after signing is refused by both. The verifier's JSON normalisation is cross-checked
 * against opa on a data.json made of edge cases.
 *
 * The bundles are assembled and signed in Node (tooling/opa-bundle/assemble.ts): their archives
 * are, file for file and byte for byte, what opa build writes from the same sources, opa build
 * --verification-key accepts the signed ones (RS256, PS256, ES256), and opa run --server loads the
 * signed Rego bundle and decides the examples as the embedded engine does on the WASM one.
 */
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { buildWasmBundle } from "../tooling/build/wasm-bundle.ts";
import { Checker } from "../tooling/check.ts";
import { run } from "../tooling/cli/main.ts";
import { readBundle } from "../tooling/engine/tarball.ts";
import { parseSource, readSource } from "../tooling/inputs/read.ts";
import { assembleBundles } from "../tooling/opa-bundle/assemble.ts";
import { buildRegoBundle, buildWasmFromStaged } from "../tooling/opa-bundle/build.ts";
import { packageInfo, sourceFiles, stageSources } from "../tooling/opa-bundle/sources.ts";
import { verifyBundle } from "../tooling/opa-bundle/verify.ts";
import type { Decision, Projection } from "../tooling/types.ts";
import { buildInto, type Built, bytesOf, type KeyPair,makeKeyPair, tamper, writeBundle } from "./helpers/bundles.ts";
import { normalDecision, projectedInput } from "./helpers/documents.ts";
import { type OpaServer, startOpa } from "./helpers/processes.ts";
import { repoRoot, ruleDirs, toolPath } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const temp = suiteTempDir("bundle-test");
let tmp: string;
let keys: KeyPair;
let other: KeyPair;
let unsigned: Built;
let signed: Built;

/** opa's own verification: opa build reads the bundle with --verification-key and fails on any doubt. */
function opaVerifies(bundle: string, publicKey: string): { ok: boolean; output: string } {
  const run = spawnSync(
    toolPath("opa"),
    ["build", "--bundle", bundle, "--verification-key", publicKey, "--output", path.join(tmp, "opa-verify.tar.gz")],
    { encoding: "utf8", timeout: 60_000 },
  );
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

const ours = (bundle: string, key: KeyPair) => verifyBundle(readBundle(bundle), { key: readFileSync(key.publicKey) }, bundle);

beforeAll(() => {
  tmp = temp();
  keys = makeKeyPair(tmp, "signer");
  other = makeKeyPair(tmp, "other");
  unsigned = buildInto(path.join(tmp, "unsigned"));
  signed = buildInto(path.join(tmp, "signed"), keys);
});


describe("manifest", () => {
  it("names the root, the Rego version, the pack version and a revision derived from the sources", () => {
    const { name, version } = packageInfo();
    for (const bundle of [unsigned.rego, unsigned.wasm]) {
      const manifest = JSON.parse(readBundle(bundle).get(".manifest")!.toString("utf8")) as Record<string, unknown>;
      expect(manifest).toMatchObject({
        revision: unsigned.manifest.revision,
        roots: ["transit_guard"],
        rego_version: 1,
        metadata: { transit_guard: { name, version, rules: unsigned.manifest.metadata.transit_guard.rules } },
      });
    }
    expect(unsigned.manifest.revision).toMatch(new RegExp(`^${version.replace(/\./g, "\\.")}\\+[0-9a-f]{12}$`));
  });

  it("catalogues every rule folder with the ID, title and severity of its METADATA", () => {
    const catalog = unsigned.manifest.metadata.transit_guard.rules;
    const folders = ruleDirs().map((dir) => `rules.${path.basename(path.dirname(dir))}.${path.basename(dir)}`);
    expect(catalog.map((r) => r.package)).toEqual(expect.arrayContaining(folders));
    expect(new Set(catalog.map((r) => r.id)).size).toBe(catalog.length);
    for (const rule of catalog) {
      expect(rule.id).toMatch(/^TG\d{3}$/);
      expect(rule.title).not.toBe("");
      expect(["HIGH", "MEDIUM", "LOW"]).toContain(rule.severity);
    }
  });

  it("ships the policies without fixtures and without tests", () => {
    const names = [...readBundle(unsigned.rego).keys()];
    const rego = names.filter((n) => n.endsWith(".rego")).sort();
    expect(rego).toEqual(sourceFiles().filter((f) => f.endsWith(".rego")));
    expect(names.some((n) => n.includes("/fixtures/") || n.endsWith("_test.rego"))).toBe(false);
    expect(readBundle(unsigned.wasm).has("policy.wasm")).toBe(true);
  });
});

describe("determinism", () => {
  // Each comparison builds back to back, so that an edit to policies/ between builds (other
  // work in the same tree) cannot pass for nondeterminism.
  it("building twice gives identical bytes, unsigned and signed (RS256)", () => {
    const a = buildInto(path.join(tmp, "det-a"));
    const b = buildInto(path.join(tmp, "det-b"));
    expect(b.manifest.revision, "policies/ changed between the two builds").toBe(a.manifest.revision);
    expect(bytesOf(a.rego).equals(bytesOf(b.rego))).toBe(true);
    expect(bytesOf(a.wasm).equals(bytesOf(b.wasm))).toBe(true);
    const signedA = buildInto(path.join(tmp, "det-signed-a"), keys);
    const signedB = buildInto(path.join(tmp, "det-signed-b"), keys);
    expect(signedB.manifest.revision, "policies/ changed between the two builds").toBe(signedA.manifest.revision);
    expect(bytesOf(signedA.rego).equals(bytesOf(signedB.rego))).toBe(true);
    expect(bytesOf(signedA.wasm).equals(bytesOf(signedB.wasm))).toBe(true);
  });

  it("the WASM bundle is the one npm run build commits (same build, same bytes)", () => {
    // The freshness step of the test command compares bundle/ with buildWasmBundle; here the
    // bundle command's WASM output is compared with that same function.
    const committed = path.join(tmp, "committed-build.tar.gz");
    buildWasmBundle(committed);
    const command = buildInto(path.join(tmp, "det-command"));
    expect(bytesOf(committed).equals(bytesOf(command.wasm))).toBe(true);
  });
});

describe("signing and verification", () => {
  it("a signed bundle verifies with opa and with the project's verifier", () => {
    for (const bundle of [signed.rego, signed.wasm]) {
      const verdict = opaVerifies(bundle, keys.publicKey);
      expect(verdict.ok, verdict.output).toBe(true);
      const verified = ours(bundle, keys);
      expect(verified.algorithm).toBe("RS256");
      expect(verified.files).toEqual([...readBundle(bundle).keys()].filter((n) => n !== ".signatures.json").sort());
    }
  });

  it("transit-guard bundle --verify accepts it (exit 0) and refuses another key (exit 2, one line)", async () => {
    const good = await cli(["bundle", "--verify", signed.rego, "--verification-key", keys.publicKey]);
    expect(good.exitCode, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^verified .*: \d+ files signed with RS256 \(key id default\), revision \S+\n$/);
    const bad = await cli(["bundle", "--verify", signed.rego, "--verification-key", other.publicKey]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^transit-guard: bundle .* cannot be verified: the signature does not verify with the given key\n$/);
  });

  it("refuses, as opa does, a file changed after signing", () => {
    const tampered = path.join(tmp, "tampered.tar.gz");
    tamper(signed.rego, tampered);
    expect(opaVerifies(tampered, keys.publicKey)).toMatchObject({ ok: false, output: expect.stringMatching(/digest mismatch/) });
    expect(() => ours(tampered, keys)).toThrow(/training_job_encryption\.rego: digest mismatch/);
  });

  it("refuses, as opa does, another key, an added file, a removed file and an unsigned bundle", () => {
    expect(opaVerifies(signed.rego, other.publicKey).ok).toBe(false);
    expect(() => ours(signed.rego, other)).toThrow(/signature does not verify/);

    const added = readBundle(signed.rego);
    added.set("transit_guard/extra/extra.rego", Buffer.from("package transit_guard.extra\n\nallow := true\n"));
    writeBundle(path.join(tmp, "added.tar.gz"), added);
    expect(opaVerifies(path.join(tmp, "added.tar.gz"), keys.publicKey).ok).toBe(false);
    expect(() => ours(path.join(tmp, "added.tar.gz"), keys)).toThrow(/extra\.rego is not covered by the signature/);

    const removed = readBundle(signed.rego);
    removed.delete("transit_guard/main/main.rego");
    writeBundle(path.join(tmp, "removed.tar.gz"), removed);
    expect(opaVerifies(path.join(tmp, "removed.tar.gz"), keys.publicKey).ok).toBe(false);
    expect(() => ours(path.join(tmp, "removed.tar.gz"), keys)).toThrow(/missing from the bundle: transit_guard\/main\/main\.rego/);

    expect(opaVerifies(unsigned.rego, keys.publicKey).ok).toBe(false);
    expect(() => ours(unsigned.rego, keys)).toThrow(/not signed/);
  });

  it("refuses a scope or an algorithm other than the signature's", () => {
    const entries = readBundle(signed.rego);
    expect(() => verifyBundle(entries, { key: keys.publicPem, scope: "write" }, "b")).toThrow(/scope mismatch/);
    expect(() => verifyBundle(entries, { key: keys.publicPem, algorithm: "PS256" }, "b")).toThrow(/signed with RS256, expected PS256/);
  });

  it("hashes structured files in OPA's normal form: edge cases signed by opa verify here", () => {
    // Keys out of byte order, escapes Go writes differently from JavaScript (\u2028, <, control
    // characters, \/), number literals that JSON.parse would normalise, a lone surrogate, nesting.
    const data =
      '{"z": 1, "a": [1.0, 1e3, -0, 12345678901234567890, 0.1E-2], "\\u00e9t\\u00e9": "caf\\u00e9 \\u2028 \\u2029",' +
      ' "html": "<a href=\\"x\\">&amp;</a>", "ctl": "\\u0001\\b\\f\\n\\r\\t\\u007f", "slash": "a\\/b",' +
      ' "lone": "\\ud800", "pair": "\\ud83d\\ude00", "nested": {"b": {"y": null, "x": [true, false, {}]}, "B": []}, "": ""}';
    const source = path.join(tmp, "edge");
    mkdirSync(path.join(source, "edge"), { recursive: true });
    writeFileSync(path.join(source, "edge/data.json"), data);
    writeFileSync(path.join(source, "edge/edge.rego"), "package edge\n\nvalue := data.edge.z\n");
    writeFileSync(path.join(source, ".manifest"), '{"revision": "\\u00e9dge", "roots": ["edge"], "metadata": {"n": 2.50}}');
    const bundle = path.join(tmp, "edge.tar.gz");
    const build = spawnSync(toolPath("opa"), ["build", "--bundle", ".", "--output", bundle, "--signing-key", keys.privateKey], {
      cwd: source,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(build.status, build.stderr + build.stdout).toBe(0);
    expect(ours(bundle, keys).files).toEqual([".manifest", "data.json", "edge/edge.rego"].sort());

    // Whitespace and key order of a structured file do not matter to the signature; values do.
    const entries = readBundle(bundle);
    const reformatted = new Map(entries);
    reformatted.set("data.json", Buffer.from(`{\n  "edge" :\t${data}\r\n}\n`)); // source order and spacing
    writeBundle(path.join(tmp, "edge-reformatted.tar.gz"), reformatted);
    expect(opaVerifies(path.join(tmp, "edge-reformatted.tar.gz"), keys.publicKey).ok).toBe(true);
    expect(() => ours(path.join(tmp, "edge-reformatted.tar.gz"), keys)).not.toThrow();
    const changed = new Map(entries);
    changed.set("data.json", Buffer.from(entries.get("data.json")!.toString().replace('"z":1', '"z":2')));
    writeBundle(path.join(tmp, "edge-changed.tar.gz"), changed);
    expect(opaVerifies(path.join(tmp, "edge-changed.tar.gz"), keys.publicKey).ok).toBe(false);
    expect(() => ours(path.join(tmp, "edge-changed.tar.gz"), keys)).toThrow(/data\.json: digest mismatch/);
  });
});

/** The CLI in process (as bin.mjs runs it, without the process start-up): exit code and streams. */
async function cli(args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string; command: string }> {
  let stdout = "";
  let stderr = "";
  const exitCode = await run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: Readable.from([]),
    isTTY: false,
    env: { NO_COLOR: "1" },
  });
  return { exitCode, stdout, stderr, command: `transit-guard ${args.join(" ")}` };
}

describe("other algorithms", () => {
  const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
  const publicKeyEncoding = { type: "spki", format: "pem" } as const;
  const pairs = {
    PS256: () => generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding }),
    ES256: () => generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding, publicKeyEncoding }),
    ES384: () => generateKeyPairSync("ec", { namedCurve: "P-384", privateKeyEncoding, publicKeyEncoding }),
  };

  const algorithms = Object.keys(pairs) as (keyof typeof pairs)[];
  it.each(algorithms)("a bundle signed by opa with %s verifies here, and not as RS256", (alg) => {
    const { privateKey, publicKey } = pairs[alg]();
    const dir = path.join(tmp, `alg-${alg}`);
    mkdirSync(path.join(dir, "src/small"), { recursive: true });
    writeFileSync(path.join(dir, "key.pem"), privateKey);
    writeFileSync(path.join(dir, "src/small/small.rego"), "package small\n\nvalue := 1\n");
    const bundle = path.join(dir, "small.tar.gz");
    const build = spawnSync(
      toolPath("opa"),
      ["build", "--bundle", ".", "--output", bundle, "--signing-key", path.join(dir, "key.pem"), "--signing-alg", alg],
      { cwd: path.join(dir, "src"), encoding: "utf8", timeout: 60_000 },
    );
    expect(build.status, build.stderr + build.stdout).toBe(0);
    expect(verifyBundle(readBundle(bundle), { key: publicKey, algorithm: alg }, bundle).algorithm).toBe(alg);
    expect(() => verifyBundle(readBundle(bundle), { key: publicKey }, bundle)).toThrow(/cannot be verified/);
  });
});

describe("check --bundle --verification-key", () => {
  const plan = path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json");

  it("the verified signed WASM bundle gives the unsigned one's transcript", async () => {
    const builtIn = await cli(["check", "-o", "json", "--bundle", unsigned.wasm, plan]);
    const verified = await cli(["check", "-o", "json", "--bundle", signed.wasm, "--verification-key", keys.publicKey, plan]);
    expect(verified).toMatchObject({ exitCode: builtIn.exitCode, stdout: builtIn.stdout, stderr: builtIn.stderr });
  });

  it("an unverifiable bundle is exit 2 with one line, and nothing is checked", async () => {
    const tampered = path.join(tmp, "tampered.wasm.tar.gz");
    tamper(signed.wasm, tampered);
    const cases = [
      ["--bundle", tampered, "--verification-key", keys.publicKey],
      ["--bundle", signed.wasm, "--verification-key", other.publicKey],
      ["--bundle", signed.wasm],
      ["--verification-key", keys.publicKey],
      ["--bundle", signed.wasm, "--verification-key", path.join(tmp, "missing.pem")],
    ];
    for (const args of cases) {
      const t = await cli(["check", ...args, plan]);
      expect(t.exitCode, t.command).toBe(2);
      expect(t.stdout, t.command).toBe("");
      expect(t.stderr.trimEnd().split("\n"), t.command).toHaveLength(1);
      expect(t.stderr, t.command).not.toMatch(/\n\s+at |Error:/);
    }
  });
});

describe("bundle command errors", () => {
  it("are one line and exit 2", async () => {
    const cases = [
      ["bundle", "--verify", signed.rego],
      ["bundle", "--verify", path.join(tmp, "missing.tar.gz"), "--verification-key", keys.publicKey],
      ["bundle", "--verify", signed.rego, "--verification-key", keys.publicKey, "--signing-key", keys.privateKey],
      ["bundle", path.join(tmp, "out"), "--signing-key", path.join(tmp, "missing.pem")],
      ["bundle", path.join(tmp, "out"), "--profile", "healthcare"],
      ["bundle", "--format", "hcp-terraform", "--profile", "hipaa", path.join(tmp, "hcp")],
      ["bundle", "--format", "sentinel", path.join(tmp, "hcp")],
    ];
    for (const args of cases) {
      const t = await cli(args);
      expect(t.exitCode, t.command).toBe(2);
      expect(t.stdout, t.command).toBe("");
      expect(t.stderr.trimEnd().split("\n"), t.command).toHaveLength(1);
      expect(t.stderr, t.command).toMatch(/^transit-guard: /);
    }
  });
});

describe("assembled in Node", () => {
  const privateKeyEncoding = { type: "pkcs8", format: "pem" } as const;
  const publicKeyEncoding = { type: "spki", format: "pem" } as const;

  it("gives, byte for byte, the archives opa build writes from the same sources (unsigned and RS256-signed)", () => {
    // One staged copy for both builders, so that an edit to policies/ meanwhile cannot split them.
    const staged = stageSources();
    try {
      const dir = path.join(tmp, "versus-opa");
      mkdirSync(dir);
      const opa = (name: string, build: typeof buildRegoBundle, signing?: { key: string }) => {
        build(staged, path.join(dir, name), signing);
        return gunzipSync(readFileSync(path.join(dir, name)));
      };
      const wasm = path.join(dir, "unsigned.wasm.tar.gz");
      buildWasmFromStaged(staged, wasm);
      for (const signing of [undefined, { key: keys.privateKey }]) {
        const { bundles } = assembleBundles({ from: staged.dir, wasm, ...(signing ? { signing } : {}) });
        const [rego, wasmBundle] = bundles.map((b) => gunzipSync(b.bytes));
        const label = signing ? "signed" : "unsigned";
        expect(rego!.equals(opa(`${label}.tar.gz`, buildRegoBundle, signing)), `${label} Rego bundle`).toBe(true);
        expect(wasmBundle!.equals(opa(`${label}-again.wasm.tar.gz`, buildWasmFromStaged, signing)), `${label} WASM bundle`).toBe(true);
      }
    } finally {
      staged.remove();
    }
  });

  const pairs = {
    PS256: () => generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding, publicKeyEncoding }),
    ES256: () => generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding, publicKeyEncoding }),
  };
  it.each(Object.keys(pairs) as (keyof typeof pairs)[])("signs with %s as opa verifies it (opa build --verification-key)", (alg) => {
    const { privateKey, publicKey } = pairs[alg]();
    const dir = path.join(tmp, `node-${alg}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "key.pem"), privateKey);
    writeFileSync(path.join(dir, "key.pub.pem"), publicKey);
    const t = spawnSync(
      process.execPath,
      ["tooling/cli/bin.mjs", "bundle", path.join(dir, "out"), "--signing-key", path.join(dir, "key.pem"), "--signing-alg", alg],
      { cwd: repoRoot, encoding: "utf8", timeout: 120_000 },
    );
    expect(t.status, t.stderr).toBe(0);
    for (const name of ["transit-guard.tar.gz", "transit-guard.wasm.tar.gz"]) {
      const bundle = path.join(dir, "out", name);
      const verify = spawnSync(
        toolPath("opa"),
        ["build", "--bundle", bundle, "--verification-key", path.join(dir, "key.pub.pem"), "--signing-alg", alg, "-o", path.join(dir, "v.tar.gz")],
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(verify.status, `${name}: ${verify.stderr}`).toBe(0);
      expect(verifyBundle(readBundle(bundle), { key: publicKey, algorithm: alg }, bundle).algorithm).toBe(alg);
    }
  });

  it("creates nothing when it fails (a key of the wrong type, not a key, an unwritable folder)", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256", privateKeyEncoding, publicKeyEncoding });
    writeFileSync(path.join(tmp, "ec.pem"), ec.privateKey);
    writeFileSync(path.join(tmp, "not-a-key.pem"), "hello\n");
    writeFileSync(path.join(tmp, "a-file"), "");
    const cases: [string[], RegExp][] = [
      [["--signing-key", path.join(tmp, "ec.pem")], /ec\.pem: the key is ec, RS256 needs rsa$/],
      [["--signing-key", path.join(tmp, "ec.pem"), "--signing-alg", "ES384"], /ES384 needs an EC key on secp384r1/],
      [["--signing-key", path.join(tmp, "not-a-key.pem")], /not-a-key\.pem: not a PEM private key$/],
    ];
    for (const [args, message] of cases) {
      const out = path.join(tmp, "never", "out");
      const t = await cli(["bundle", out, ...args]);
      expect(t.exitCode, t.command).toBe(2);
      expect(t.stderr.trimEnd().split("\n"), t.command).toHaveLength(1);
      expect(t.stderr.trimEnd(), t.command).toMatch(message);
      expect(existsSync(path.join(tmp, "never")), t.command).toBe(false);
    }
    const blocked = await cli(["bundle", path.join(tmp, "a-file", "out")]);
    expect(blocked.exitCode).toBe(2);
    expect(blocked.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  describe("opa run --server with the Node-made signed bundle", () => {
    const examples = [
      "examples/terraform/training-jobs.tfplan.json",
      "examples/cloudformation/training-pipeline.yaml",
      "examples/pipelines/parameterised-pipeline.json",
      "examples/step-functions/map-training.asl.json",
      "examples/ack/training-stack.yaml",
    ];
    let opa: OpaServer | undefined;
    let checker: Checker;

    beforeAll(async () => {
      opa = await startOpa(["--bundle", signed.rego, "--verification-key", keys.publicKey], { cwd: tmp });
      checker = await Checker.create({ bundle: signed.wasm, verification: { key: readFileSync(keys.publicKey) } });
    });
    afterAll(async () => {
      await opa?.stop();
    });

    it("loads it (its revision) and decides the examples as the embedded engine does", async () => {
      const bundles = (await (await fetch(`${opa!.url}/v1/data/system/bundles`)).json()) as {
        result?: Record<string, { manifest?: { revision?: string } }>;
      };
      expect(Object.values(bundles.result ?? {}).map((b) => b.manifest?.revision)).toEqual([signed.manifest.revision]);
      const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
      let documents = 0;
      for (const example of examples) {
        for (const doc of parseSource(readSource(path.join(repoRoot, example)))) {
          documents++;
          const response = await fetch(`${opa!.url}/v1/data/transit_guard/main/decision`, {
            method: "POST",
            body: JSON.stringify({ input: doc.value }),
            signal: AbortSignal.timeout(10_000),
          });
          const served = ((await response.json()) as { result?: Decision }).result;
          const wasm = await checker.engine.evaluate<Decision>("transit_guard/main/decision", projectedInput(doc, projection), {
            profiles: [],
          });
          expect(served, example).toBeDefined();
          expect(normalDecision(served!), example).toEqual(normalDecision(wasm));
        }
      }
      expect(documents).toBeGreaterThanOrEqual(examples.length);
    });
  });
});
