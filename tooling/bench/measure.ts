/**
 * Runs one command as a whole process and measures it: wall time from spawn to exit, and peak RSS
 * from GNU time's %M (ru_maxrss of the measured process; n/a without /usr/bin/time). A run longer
 * than its timeout is killed with its whole process group, which holds only what it started.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One run; peakRssBytes is NaN when unknown (no GNU time, or the run was killed). */
export interface Sample { wallMs: number; peakRssBytes: number; exitCode: number; timedOut: boolean; stdout: string; stderr: string }

const gnuTime = "/usr/bin/time";
export const haveGnuTime = existsSync(gnuTime);

/** Process groups in flight, killed if the benchmark itself is interrupted (they are detached). */
const running = new Set<number>();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    for (const pid of running) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

export async function measure(argv: string[], cwd: string, timeoutMs: number): Promise<Sample> {
  const dir = mkdtempSync(path.join(tmpdir(), "tg-bench-rss-"));
  const out = path.join(dir, "rss");
  try {
    const [command, ...args] = haveGnuTime ? [gnuTime, "-f", "peak_rss_kib=%M", "-o", out, ...argv] : argv;
    const sample = await run(command!, args, cwd, timeoutMs);
    const kib = existsSync(out) ? /peak_rss_kib=(\d+)/.exec(readFileSync(out, "utf8"))?.[1] : undefined;
    return { ...sample, peakRssBytes: kib === undefined ? Number.NaN : Number(kib) * 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Omit<Sample, "peakRssBytes">> {
  // The runner runs under tsx: a loader left in NODE_OPTIONS would be charged to every Node process measured.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    let timedOut = false;
    let wallMs = 0;
    const killer = setTimeout(() => {
      timedOut = true;
      try {
        if (pid !== undefined) process.kill(-pid, "SIGKILL");
      } catch {
        // it exited meanwhile
      }
    }, timeoutMs);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("exit", () => {
      wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(killer);
      if (pid !== undefined) running.delete(pid);
    });
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        wallMs, exitCode: code ?? (signal ? 128 : -1), timedOut,
        stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"),
      }),
    );
  });
}

/** The median (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
