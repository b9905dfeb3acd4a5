/**
 * Global setup of the test suite: every test process gets a temp folder of this run's own
 * (TMPDIR), and the run fails if the tests leave anything in it; the folder is removed either
 * way, so that nothing a test forgot stays behind on the machine.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "tg-suite-"));
  process.env.TMPDIR = dir;
  return () => {
    const left = readdirSync(dir);
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      process.exitCode = 1;
      throw new Error(`the tests left ${left.length} entries in the temp folder: ${left.sort().join(", ")}`);
    }
  };
}
