/**
 * OPA servers (on 127.0.0.1) pull the signed bundle from a bundle server the suite starts on
 * loopback over HTTPS, TLS 1.3 only, with a throwaway CA (openssl CLI), configured through an
 * OPA config file (services, bundles with polling and signing, keys):
 *
 *  - the bundle activates (/health?bundles turns 200), carries the build's revision, answers as
 *    the embedded engine does, and is polled with If-None-Match and answered 304;
 *  - a bundle changed after signing, and a bundle signed with another key, are never activated:
 *    not on a fresh server, not as an update of an active bundle, not from a file at start.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { connect } from "node:tls";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { Checker } from "../tooling/check.ts";
import { parseSource,readSource } from "../tooling/inputs/read.ts";
import type { Decision, Projection } from "../tooling/types.ts";
import { buildInto, type Built, bytesOf, type KeyPair,makeKeyPair, tamper } from "./helpers/bundles.ts";
import { normalDecision, projectedInput } from "./helpers/documents.ts";
import { type BundleServer, makePki, type OpaServer, startBundleServer, startOpa, type TestPki,waitFor } from "./helpers/processes.ts";
import { repoRoot } from "./helpers/repo.ts";
import { suiteTempDir } from "./helpers/temp.ts";

const plan = parseSource(readSource(path.join(repoRoot, "examples/terraform/training-jobs.tfplan.json")))[0]!;

const temp = suiteTempDir("bundle-server");
let tmp: string;
let keys: KeyPair;
let built: Built;
let pki: TestPki;
let server: BundleServer;
let checker: Checker;
const started: OpaServer[] = [];

/** An OPA config file that pulls `resource` from the bundle server and verifies it with `key`. */
function opaConfig(name: string, resource: string, key: KeyPair): string {
  const file = path.join(tmp, `${name}.config.json`);
  const config = {
    services: { bundle_server: { url: `${server.url}/bundles`, tls: { ca_cert: pki.caCert } } },
    bundles: {
      transit_guard: {
        service: "bundle_server",
        resource,
        polling: { min_delay_seconds: 1, max_delay_seconds: 1 },
        signing: { keyid: "transit_guard" },
      },
    },
    keys: { transit_guard: { algorithm: "RS256", key: readFileSync(key.publicKey, "utf8") } },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

async function startPulling(name: string, resource: string, key: KeyPair): Promise<OpaServer> {
  const opa = await startOpa(["--config-file", opaConfig(name, resource, key)], { cwd: tmp });
  started.push(opa);
  return opa;
}

async function decision(opa: OpaServer): Promise<Decision | undefined> {
  const response = await fetch(`${opa.url}/v1/data/transit_guard/main/decision`, {
    method: "POST",
    body: JSON.stringify({ input: plan.value }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { result?: Decision }).result;
}

async function activeRevision(opa: OpaServer): Promise<string | undefined> {
  const response = await fetch(`${opa.url}/v1/data/system/bundles`, { signal: AbortSignal.timeout(10_000) });
  const bundles = ((await response.json()) as { result?: Record<string, { manifest?: { revision?: string } }> }).result;
  return bundles?.transit_guard?.manifest?.revision;
}

const bundlesReady = async (opa: OpaServer) =>
  (await fetch(`${opa.url}/health?bundles`, { signal: AbortSignal.timeout(10_000) })).status;

/** Waits until the bundle server answered `count` downloads (200) of `resource`. */
const downloads = (resource: string, count: number, etag?: string) =>
  waitFor(`${count} downloads of ${resource}`, 20_000, async () => {
    const done = server.requests.filter(
      (r) => r.path === `/bundles/${resource}` && r.status === 200 && (etag === undefined || r.ifNoneMatch !== etag),
    );
    return done.length >= count ? true : undefined;
  });

beforeAll(async () => {
  tmp = temp();
  keys = makeKeyPair(tmp, "signer");
  const other = makeKeyPair(tmp, "other");
  built = buildInto(path.join(tmp, "dist"), keys);
  const otherBuild = buildInto(path.join(tmp, "other"), other);
  tamper(built.rego, path.join(tmp, "tampered.tar.gz"));
  pki = makePki(path.join(tmp, "pki"));
  server = await startBundleServer(pki);
  server.bundles.set("/bundles/transit-guard.tar.gz", bytesOf(built.rego));
  server.bundles.set("/bundles/tampered.tar.gz", bytesOf(path.join(tmp, "tampered.tar.gz")));
  server.bundles.set("/bundles/other-key.tar.gz", bytesOf(otherBuild.rego));
  checker = await Checker.create({ bundle: built.wasm, verification: { key: readFileSync(keys.publicKey) } });
});

afterAll(async () => {
  await Promise.all(started.map((opa) => opa.stop()));
  await server?.close();
});

describe("bundle pulled over HTTPS (TLS 1.3 only)", () => {
  let opa: OpaServer;

  beforeAll(async () => {
    opa = await startPulling("good", "transit-guard.tar.gz", keys);
    await waitFor("/health?bundles to turn 200", 30_000, async () => ((await bundlesReady(opa)) === 200 ? true : undefined));
  });

  it("activates the signed bundle: its revision, and the embedded engine's decision", async () => {
    expect(await activeRevision(opa)).toBe(built.manifest.revision);
    const projection = await checker.engine.evaluate<Projection>("transit_guard/main/projection", undefined, {});
    const wasm = await checker.engine.evaluate<Decision>("transit_guard/main/decision", projectedInput(plan, projection), {
      profiles: [],
    });
    const served = await decision(opa);
    expect(served).toBeDefined();
    expect(normalDecision(served!)).toEqual(normalDecision(wasm));
    expect(served!.deny.map((f) => f.id)).toContain("TG101");
  });

  it("polls with If-None-Match and is answered 304 Not Modified", async () => {
    const etag = server.etag("/bundles/transit-guard.tar.gz")!;
    await waitFor("a conditional poll answered 304", 20_000, async () =>
      server.requests.some((r) => r.path === "/bundles/transit-guard.tar.gz" && r.ifNoneMatch === etag && r.status === 304)
        ? true
        : undefined,
    );
    expect(server.requests.filter((r) => r.status === 200 && r.path === "/bundles/transit-guard.tar.gz")).toHaveLength(1);
  });

  it("speaks TLS 1.3 only: OPA negotiated 1.3, and a TLS 1.2 client is refused", async () => {
    expect(new Set(server.requests.map((r) => r.protocol))).toEqual(new Set(["TLSv1.3"]));
    const port = Number(new URL(server.url).port);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port, ca: readFileSync(pki.caCert), maxVersion: "TLSv1.2" });
      socket.setTimeout(5_000, () => {
        socket.destroy();
        resolve("timeout");
      });
      socket.once("secureConnect", () => {
        socket.end();
        resolve(`connected with ${socket.getProtocol()}`);
      });
      socket.once("error", (error) => resolve(`refused: ${error.message}`));
    });
    expect(outcome).toMatch(/^refused/);
  });

  it("never activates an update changed after signing: the active bundle stays", async () => {
    const resource = "/bundles/transit-guard.tar.gz";
    const before = await decision(opa);
    const good = server.bundles.get(resource)!;
    server.bundles.set(resource, bytesOf(path.join(tmp, "tampered.tar.gz")));
    try {
      await downloads("transit-guard.tar.gz", 3); // the good one, then the tampered one twice
      await waitFor("OPA to report the digest mismatch", 10_000, async () =>
        /digest mismatch/.test(opa.logs()) ? true : undefined,
      );
      expect(await activeRevision(opa)).toBe(built.manifest.revision);
      expect(await decision(opa)).toEqual(before);
    } finally {
      server.bundles.set(resource, good);
    }
  });
});

describe("refused bundles", () => {
  it("a bundle changed after signing, and one signed with another key, never activate", async () => {
    const [tampered, otherKey] = await Promise.all([
      startPulling("tampered", "tampered.tar.gz", keys),
      startPulling("other-key", "other-key.tar.gz", keys),
    ]);
    await Promise.all([downloads("tampered.tar.gz", 2), downloads("other-key.tar.gz", 2)]);
    for (const [opa, reason] of [
      [tampered, /digest mismatch/],
      [otherKey, /failed to verify JWT signature|verification error/],
    ] as const) {
      await waitFor(`OPA to log ${reason}`, 10_000, async () => (reason.test(opa.logs()) ? true : undefined));
      expect(await bundlesReady(opa)).not.toBe(200);
      expect(await activeRevision(opa)).toBeUndefined();
      expect(await decision(opa)).toBeUndefined();
    }
  });

  it("a tampered bundle given as a file with --verification-key stops OPA at start", async () => {
    const opa = await startOpa(
      ["--bundle", path.join(tmp, "tampered.tar.gz"), "--verification-key", keys.publicKey],
      { cwd: tmp, expectExit: true },
    );
    started.push(opa);
    const code = await Promise.race([
      opa.exited,
      new Promise<"running">((resolve) => setTimeout(() => resolve("running"), 15_000)),
    ]);
    expect(code).not.toBe("running");
    expect(code).not.toBe(0);
    expect(opa.logs()).toMatch(/digest mismatch/);
  });
});
