/**
 * Processes and servers the suites start: an OPA server on loopback, an HTTPS bundle server on
 * loopback (TLS 1.3 only, ETag/304), and a throwaway CA made with the openssl CLI. Every wait is
 * bounded and every process is stopped by the suite that started it.
 */
import { type ChildProcess,spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server } from "node:https";
import { type AddressInfo,createServer as createNetServer } from "node:net";
import path from "node:path";
import type { TLSSocket } from "node:tls";

import { toolPath } from "./repo.ts";

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A running `opa run --server` on loopback. */
export interface OpaServer {
  url: string;
  /** Everything OPA wrote so far (its log, JSON lines). */
  logs(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts `opa run --server` on 127.0.0.1 with the given extra arguments and waits (bounded)
 * until it answers /health, or until it exits (then `exited` resolves and the wait fails unless
 * `expectExit` is set).
 */
export async function startOpa(args: string[], options: { cwd: string; expectExit?: boolean }): Promise<OpaServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    toolPath("opa"),
    [
      "run", "--server", "--addr", `127.0.0.1:${port}`, "--skip-version-check",
      "--shutdown-grace-period", "1", "--log-level", "debug", "--log-format", "json",
      ...args,
    ],
    { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (c) => {
      code = c;
      resolve(c);
    });
  });
  const stop = async () => {
    if (code !== undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const server = { url, logs: () => output, exited, stop };
  if (options.expectExit) return server;
  try {
    await waitFor("opa to answer /health", 15_000, async () => {
      if (code !== undefined) throw new Error(`opa exited with ${code}: ${output.slice(-2000)}`);
      const response = await fetch(`${url}/health`);
      return response.status === 200 ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return server;
}

/** Paths of a throwaway CA and a server certificate for 127.0.0.1 signed by it. */
export interface TestPki {
  caCert: string;
  serverKey: string;
  serverCert: string;
}

/** Makes a CA and a server certificate for IP 127.0.0.1 with the openssl CLI (EC P-256, 1 day). */
export function makePki(dir: string): TestPki {
  const openssl = (args: string[]) => {
    const run = spawnSync("openssl", args, { cwd: dir, encoding: "utf8", timeout: 30_000 });
    if (run.error && (run.error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("the openssl CLI is not installed: install it (e.g. apt-get install openssl) to run the HTTPS bundle-server test");
    }
    if (run.status !== 0) throw new Error(`openssl ${args[0]} failed: ${run.stderr}`);
  };
  mkdirSync(dir, { recursive: true });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=Transit Guard test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  openssl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
  writeFileSync(
    path.join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  openssl(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "1", "-days", "1",
    "-extfile", "server.ext", "-out", "server.pem"]);
  return { caCert: path.join(dir, "ca.pem"), serverKey: path.join(dir, "server.key"), serverCert: path.join(dir, "server.pem") };
}

/** One request the bundle server answered. */
interface ServedRequest {
  path: string;
  ifNoneMatch?: string;
  status: number;
  protocol: string | null;
}

/** An HTTPS bundle server on loopback: TLS 1.3 only, strong ETags, 304 on If-None-Match. */
export interface BundleServer {
  url: string;
  /** Path → bundle bytes; change an entry to publish a new bundle. */
  bundles: Map<string, Buffer>;
  requests: ServedRequest[];
  etag(path: string): string | undefined;
  close(): Promise<void>;
}

const etagOf = (bytes: Buffer) => `"${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}"`;

/** Starts the bundle server on 127.0.0.1 (a free port). */
export async function startBundleServer(pki: TestPki): Promise<BundleServer> {
  const bundles = new Map<string, Buffer>();
  const requests: ServedRequest[] = [];
  const server: Server = createHttpsServer(
    {
      key: readFileSync(pki.serverKey),
      cert: readFileSync(pki.serverCert),
      minVersion: "TLSv1.3",
      maxVersion: "TLSv1.3",
    },
    (req, res) => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      const bytes = req.method === "GET" ? bundles.get(url.pathname) : undefined;
      const ifNoneMatch = req.headers["if-none-match"];
      let status: number;
      if (!bytes) {
        status = 404;
        res.writeHead(status).end();
      } else if (ifNoneMatch !== undefined && ifNoneMatch === etagOf(bytes)) {
        status = 304;
        res.writeHead(status, { ETag: etagOf(bytes) }).end();
      } else {
        status = 200;
        res.writeHead(status, { "Content-Type": "application/gzip", ETag: etagOf(bytes) }).end(bytes);
      }
      requests.push({
        path: url.pathname,
        ...(typeof ifNoneMatch === "string" ? { ifNoneMatch } : {}),
        status,
        protocol: (req.socket as TLSSocket).getProtocol(),
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    bundles,
    requests,
    etag: (p) => {
      const bytes = bundles.get(p);
      return bytes ? etagOf(bytes) : undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
