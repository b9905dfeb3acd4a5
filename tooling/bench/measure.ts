/**
 * Runs a command as a whole process and measures its wall time and peak resident set size.
 *
 * Peak RSS must come from the kernel's accounting of the child: Node's child_process does not
 * expose the child's rusage, and process.resourceUsage() only covers the calling process. So the
 * command runs under GNU time (/usr/bin/time -f %M), which reads ru_maxrss from wait4() on its
 * direct child, exact and independent of how long the child lives. When GNU time is missing (it
 * is not installed at run time on purpose), the fallback polls VmHWM ("peak resident set") in
 * /proc/<pid>/status every few milliseconds: VmHWM is itself a high-water mark kept by the
 * kernel, so polling only misses growth in the last interval before exit; results are marked as
 * approximate.
 *
 * Wall time is measured here with a monotonic clock from spawn to exit, so it includes process
 * creation and startup, as a user or CI job would see it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One measured run of a command. */
export interface Sample {
  wallMs: number;
  /** NaN when unknown: a run killed at the timeout takes GNU time's report with it. */
  peakRssBytes: number;
  exitCode: number;
  /** The process was killed because it ran longer than the timeout. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/** How peak RSS is measured on this machine. */
export type RssMethod = "gnu-time" | "proc-vmhwm";

const gnuTime = "/usr/bin/time";
const marker = "bench_peak_rss_kib=";

/** GNU time with -f and -o, tried once; BusyBox and the shell keyword do not qualify. */
export function rssMethod(): RssMethod {
  if (!existsSync(gnuTime)) return "proc-vmhwm";
  const dir = mkdtempSync(path.join(tmpdir(), "tg-bench-"));
  try {
    const out = path.join(dir, "rss");
    const run = spawnSync(gnuTime, ["-f", `${marker}%M`, "-o", out, "true"], { stdio: "ignore" });
    return run.status === 0 && new RegExp(`${marker}\\d+`).test(readFileSync(out, "utf8")) ? "gnu-time" : "proc-vmhwm";
  } catch {
    return "proc-vmhwm";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the measured processes inherit: the caller's environment without tsx's or anyone's NODE_OPTIONS. */
function childEnv(): NodeJS.ProcessEnv {
  // The runner itself runs under tsx; a loader left in NODE_OPTIONS would be charged to every
  // Node process measured (the floor included).
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * Runs argv in cwd and measures it. Never throws on a non-zero exit; the caller judges it. A run
 * longer than timeoutMs is killed (its whole process group, which holds only what it started).
 */
export async function measure(argv: string[], cwd: string, method: RssMethod, timeoutMs: number): Promise<Sample> {
  const [command, ...args] = argv as [string, ...string[]];
  if (method === "gnu-time") {
    const dir = mkdtempSync(path.join(tmpdir(), "tg-bench-"));
    const out = path.join(dir, "rss");
    try {
      const run = await spawnAndWait(gnuTime, ["-f", `${marker}%M`, "-o", out, command, ...args], cwd, timeoutMs);
      // GNU time also writes "Command exited with non-zero status N" to the -o file; keep the marker.
      // A killed run leaves no figure: GNU time died with its child.
      const kib = existsSync(out) ? new RegExp(`${marker}(\\d+)`).exec(readFileSync(out, "utf8"))?.[1] : undefined;
      if (kib === undefined && !run.timedOut) throw new Error(`GNU time gave no peak RSS for ${argv.join(" ")}`);
      return { ...run, peakRssBytes: kib === undefined ? Number.NaN : Number(kib) * 1024 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return spawnAndWait(command, args, cwd, timeoutMs, true);
}

/** Process groups of the runs in flight, ended if the benchmark itself is interrupted. */
const running = new Set<number>();
let handlersInstalled = false;

function endRunningOnSignal(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      // The measured processes are detached (their own groups), so a Ctrl-C does not reach them.
      for (const pid of running) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      process.exit(130);
    });
  }
}

function spawnAndWait(command: string, args: string[], cwd: string, timeoutMs: number, pollVmHwm = false): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    // detached: its own process group, so that a timeout also ends what GNU time started.
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
    endRunningOnSignal();
    if (child.pid !== undefined) running.add(child.pid);
    let timedOut = false;
    const killer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // It exited meanwhile.
      }
    }, timeoutMs);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let peakKib = 0;
    const poll = () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        if (kib > peakKib) peakKib = kib;
      } catch {
        // The process has exited (or is a zombie without memory accounting); keep the last value.
      }
    };
    const timer = pollVmHwm ? setInterval(poll, 2) : undefined;
    let wallMs = 0;
    child.on("exit", () => {
      wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(killer);
      if (child.pid !== undefined) running.delete(child.pid);
      if (timer) clearInterval(timer);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({
        wallMs,
        peakRssBytes: peakKib * 1024,
        exitCode: code ?? (signal ? 128 : -1),
        timedOut,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

/** The median (mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
