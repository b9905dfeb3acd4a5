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
  peakRssBytes: number;
  exitCode: number;
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
  const env = { ...process.env, NO_COLOR: "1" };
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs argv in cwd and measures it. Never throws on a non-zero exit; the caller judges it. */
export async function measure(argv: string[], cwd: string, method: RssMethod): Promise<Sample> {
  const [command, ...args] = argv as [string, ...string[]];
  if (method === "gnu-time") {
    const dir = mkdtempSync(path.join(tmpdir(), "tg-bench-"));
    const out = path.join(dir, "rss");
    try {
      const run = await spawnAndWait(gnuTime, ["-f", `${marker}%M`, "-o", out, command, ...args], cwd);
      // GNU time also writes "Command exited with non-zero status N" to the -o file; keep the marker.
      const kib = new RegExp(`${marker}(\\d+)`).exec(readFileSync(out, "utf8"))?.[1];
      if (kib === undefined) throw new Error(`GNU time gave no peak RSS for ${argv.join(" ")}`);
      return { ...run, peakRssBytes: Number(kib) * 1024 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return spawnAndWait(command, args, cwd, true);
}

function spawnAndWait(command: string, args: string[], cwd: string, pollVmHwm = false): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
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
      if (timer) clearInterval(timer);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({
        wallMs,
        peakRssBytes: peakKib * 1024,
        exitCode: code ?? (signal ? 128 : -1),
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
